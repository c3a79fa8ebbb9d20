import { registerAlgorithm } from '@gogepo/core';
import { ARS, arsConfig, arsEnvDefaults } from './ars.js';

export { ARS, arsConfig, arsEnvDefaults, torchInitTheta, type ArsConfig } from './ars.js';

registerAlgorithm({
  name: 'ars',
  schema: arsConfig,
  envDefaults: (env) => ({ ...arsEnvDefaults[env] }),
  policyHidden: (config) => config.policyHidden,
  create: (config, ctx) => new ARS(config, ctx),
});
