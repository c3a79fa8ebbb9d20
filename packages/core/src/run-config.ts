import { z } from 'zod';
import { envSpec, trainingFacts } from '@gogepo/envs';
import { algorithmDefinition, algorithmNames } from './algorithms.js';
import { ConfigError, shown, zodProblem } from './errors.js';
import { boundedInt } from './sizes.js';

export { ConfigError, zodProblem } from './errors.js';

const baseSchema = z.object({
  algo: z.string(),
  env: z.string(),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  /** Environment-step budget. */
  steps: z.number().int().positive().max(1e12, { message: "at most 1e12 steps (a budget past that is a typo)" }),
  evalInterval: boundedInt(1, 1e12),
  evalEpisodes: boundedInt(1, 1_000_000).default(10),
  /** Write a checkpoint at least this often (wall seconds) and when stopped. */
  checkpointSeconds: z.number().positive().default(60),
  /** Also write a checkpoint every this many episodes (0: only by time). */
  checkpointEpisodes: boundedInt(0, 1e12).default(0),
  /** Snapshots of the learner (GoGePo's generator) at 1/n, 2/n, ..., n/n of the budget, for the policy map. */
  snapshots: boundedInt(0, 10_000).default(4),
  trainEnvOptions: z.record(z.string(), z.unknown()).default({}),
  /** Modules loaded before the run is built (a user's environments or algorithms; absolute paths, as `--require` resolved them). */
  require: z.array(z.string()).default([]),
});

/** A run's full config: the common fields, plus the algorithm's own section under its name. */
export type RunConfig = z.output<typeof baseSchema> & Record<string, unknown>;


/**
 * Validates a whole run config (as stored in config.json); a problem is a
 * one-line ConfigError. `record` reads it as a record of the run only (what
 * `gogepo show` and `gogepo runs` list): an algorithm that is not registered
 * here (a user's, from a module not loaded) keeps its section unchecked.
 */
export function parseRunConfig(value: unknown, options: { record?: boolean } = {}): RunConfig {
  const algo = (value as { algo?: unknown })?.algo;
  const known = typeof algo === 'string' && algorithmNames().includes(algo);
  if (typeof algo !== 'string' || (!known && !(options.record && /^[\w.-]{1,64}$/.test(algo)))) {
    throw new ConfigError(`bad config: "algo" must be one of ${algorithmNames().join(', ')}, got ${shown(algo)}`);
  }
  const section = known ? algorithmDefinition(algo).schema : z.record(z.string(), z.unknown());
  const schema = baseSchema.extend({ [algo]: section }).strict();
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`bad config: ${zodProblem(parsed.error)}`);
  return parsed.data as RunConfig;
}

/**
 * The full config of a new run: the environment's registered facts (the
 * paper's budget, evaluation interval, return range, tuned values), then the
 * overrides (a config file, then flags). Errors are one line naming the field.
 */
export function resolveRunConfig(base: { algo: string; env: string; seed: number; require?: readonly string[] }, overrides: Record<string, unknown> = {}): RunConfig {
  const env = envSpec(base.env); // unknown ids fail here, listing the known ones
  const training = trainingFacts(env);
  const def = algorithmDefinition(base.algo);
  for (const key of ['algo', 'env', 'seed'] as const) {
    if (key in overrides) throw new ConfigError(`bad config: "${key}" cannot be overridden (it is ${JSON.stringify(base[key])} here; set it with --${key})`);
  }
  // Modules come only from the operator (--require, or a suite's checked list), never from a config file.
  if ('require' in overrides) throw new ConfigError('bad config: "require" cannot be set in a config; name modules with --require (or in the suite\'s "require")');
  const section = overrides[base.algo] ?? {};
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new ConfigError(`bad config: "${base.algo}" must be an object of ${base.algo}'s settings, got ${shown(section)}`);
  }
  const sectionOverrides = section as Record<string, unknown>;
  return parseRunConfig({
    algo: base.algo,
    env: base.env,
    seed: base.seed,
    ...(base.require && base.require.length > 0 ? { require: [...base.require] } : {}),
    steps: training.steps,
    evalInterval: training.evalInterval,
    trainEnvOptions: def.ownReward ? {} : { ...training.trainOptions },
    ...overrides,
    [base.algo]: { ...def.envDefaults?.(env), ...training.tuned?.[base.algo], ...sectionOverrides },
  });
}
