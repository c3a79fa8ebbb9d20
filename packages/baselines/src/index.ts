import { registerAlgorithm } from '@gogepo/core';
import { ARS, arsConfig, arsEnvDefaults } from './ars.js';
import { DDPG, ddpgConfig } from './ddpg.js';
import { UDRL, udrlConfig, udrlEnvDefaults } from './udrl.js';

export { ARS, arsConfig, arsEnvDefaults, torchInitTheta, type ArsConfig } from './ars.js';
export { DDPG, ddpgConfig, type DdpgConfig } from './ddpg.js';
export { TransitionReplay } from './transition-replay.js';
export { UDRL, udrlConfig, udrlEnvDefaults, type Command, type UdrlConfig } from './udrl.js';

registerAlgorithm({
  name: 'ars',
  schema: arsConfig,
  envDefaults: (env) => ({ ...arsEnvDefaults[env] }),
  policyHidden: (config) => config.policyHidden,
  create: (config, ctx) => new ARS(config, ctx),
});

registerAlgorithm({
  name: 'ddpg',
  schema: ddpgConfig,
  envDefaults: () => ({}),
  // The paper's DDPG trains on the environment's own reward (Hopper keeps its survival bonus).
  trainEnvOptions: () => ({}),
  policyHidden: (config) => config.policyHidden,
  policyActivation: 'relu',
  create: (config, ctx) => new DDPG(config, ctx),
});

registerAlgorithm({
  name: 'udrl',
  schema: udrlConfig,
  envDefaults: (env) => ({ ...udrlEnvDefaults[env] }),
  // Like DDPG, UDRL trains on the environment's own reward.
  trainEnvOptions: () => ({}),
  policyHidden: (config) => config.policyHidden,
  create: (config, ctx) => new UDRL(config, ctx),
});
