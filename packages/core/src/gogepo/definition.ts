import type { AlgorithmDefinition } from '../algorithms.js';
import { BUFFER_LOG } from './buffer-log.js';
import { gogepoConfig, gogepoMemory, type GoGePoConfig } from './config.js';
import { GoGePo } from './gogepo.js';

/** GoGePo as the driver builds it (registered by core's index, as the baselines register theirs). */
export const gogepoDefinition: AlgorithmDefinition<GoGePoConfig> = {
  name: 'gogepo',
  schema: gogepoConfig as unknown as AlgorithmDefinition<GoGePoConfig>['schema'],
  // the environment's return range, when its registration gives one (else the run's config must)
  envDefaults: (env) => (env.training?.rMin === undefined ? {} : { rMin: env.training.rMin, rMax: env.training.rMax }),
  policyHidden: (config) => config.policyHidden,
  commandConditioned: true,
  threadsOption: 'updateThreads',
  files: [BUFFER_LOG],
  memory: (c, { layout }) => gogepoMemory(c, layout),
  create: (config, ctx) => new GoGePo(config, ctx),
};
