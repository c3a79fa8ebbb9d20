import { registerAlgorithm } from '@gogepo/core';
import { ARS, arsConfig } from './ars.js';
import { DDPG, ddpgConfig } from './ddpg.js';
import { UDRL, udrlConfig } from './udrl.js';

export { ARS, arsConfig, arsStateSchema, torchInitTheta, type ArsConfig } from './ars.js';
export { DDPG, ddpgConfig, ddpgStateSchema, type DdpgConfig } from './ddpg.js';
export { TransitionReplay } from './transition-replay.js';
export { UDRL, udrlConfig, udrlStateSchema, type Command, type UdrlConfig } from './udrl.js';

registerAlgorithm({
  name: 'ars',
  schema: arsConfig,
  policyHidden: (config) => config.policyHidden,
  // the perturbations of one iteration, kept until its update (float32)
  memory: (c, { layout }) => [{ what: `the perturbations (directions ${c.directions} x ${layout.size} policy parameters)`, bytes: 4 * c.directions * layout.size }],
  create: (config, ctx) => new ARS(config, ctx),
});

registerAlgorithm({
  name: 'ddpg',
  schema: ddpgConfig,
  // The paper's DDPG trains on the environment's own reward (Hopper keeps its survival bonus).
  ownReward: true,
  policyHidden: (config) => config.policyHidden,
  policyActivation: 'relu',
  threadsOption: 'updateThreads',
  // the transition replay (observation, next observation, action, reward, done; float32)
  memory: (c, { layout: l }) => [{ what: `the replay (replaySize ${c.replaySize} transitions)`, bytes: 4 * c.replaySize * (2 * l.observationSize + l.actionSize + 2) }],
  create: (config, ctx) => new DDPG(config, ctx),
});

registerAlgorithm({
  name: 'udrl',
  schema: udrlConfig,
  // Like DDPG, UDRL trains on the environment's own reward.
  ownReward: true,
  policyHidden: (config) => config.policyHidden,
  // the episode replay at its longest (observations, actions, rewards; float32)
  memory: (c, { layout: l, maxEpisodeSteps }) => [{ what: `the replay (replayEpisodes ${c.replayEpisodes} x ${maxEpisodeSteps} steps)`, bytes: 4 * c.replayEpisodes * maxEpisodeSteps * (l.observationSize + l.actionSize + 1) }],
  create: (config, ctx) => new UDRL(config, ctx),
});
