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
  create: (config, ctx) => new ARS(config, ctx),
});

registerAlgorithm({
  name: 'ddpg',
  schema: ddpgConfig,
  // The paper's DDPG trains on the environment's own reward (Hopper keeps its survival bonus).
  ownReward: true,
  policyHidden: (config) => config.policyHidden,
  policyActivation: 'relu',
  create: (config, ctx) => new DDPG(config, ctx),
});

registerAlgorithm({
  name: 'udrl',
  schema: udrlConfig,
  // Like DDPG, UDRL trains on the environment's own reward.
  ownReward: true,
  policyHidden: (config) => config.policyHidden,
  create: (config, ctx) => new UDRL(config, ctx),
});
