import { z } from 'zod';
import { envSpec } from '@gogepo/envs';
import { envDefaults } from './env-defaults.js';
import { gogepoConfig } from './gogepo.js';

export const runConfigSchema = z
  .object({
    algo: z.literal('gogepo'),
    env: z.string(),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    /** Environment-step budget. */
    steps: z.number().int().positive(),
    evalInterval: z.number().int().positive(),
    evalEpisodes: z.number().int().positive().default(10),
    /** Write a checkpoint at least this often (wall seconds) and when stopped. */
    checkpointSeconds: z.number().positive().default(60),
    /** Also write a checkpoint every this many episodes (0: only by time). */
    checkpointEpisodes: z.number().int().nonnegative().default(0),
    trainEnvOptions: z.record(z.string(), z.unknown()).default({}),
    gogepo: gogepoConfig,
  })
  .strict();
export type RunConfig = z.output<typeof runConfigSchema>;

/** A one-line message for the first problem of a failed zod parse. */
export function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.join('.');
  return path ? `"${path}": ${issue.message}` : issue.message;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The full config of a new run: the environment's defaults from the paper,
 * then the overrides (a config file, then flags). Errors are one line naming the field.
 */
export function resolveRunConfig(base: { algo: 'gogepo'; env: string; seed: number }, overrides: Record<string, unknown> = {}): RunConfig {
  envSpec(base.env); // unknown ids fail here, listing the known ones
  const d = envDefaults[base.env];
  const gogepoOverrides = (overrides.gogepo ?? {}) as Record<string, unknown>;
  const candidate = {
    ...base,
    steps: d.steps,
    evalInterval: d.evalInterval,
    trainEnvOptions: d.trainEnvOptions,
    ...overrides,
    gogepo: { rMin: d.rMin, rMax: d.rMax, ...gogepoOverrides },
  };
  const parsed = runConfigSchema.safeParse(candidate);
  if (!parsed.success) throw new ConfigError(`bad config: ${zodProblem(parsed.error)}`);
  return parsed.data;
}
