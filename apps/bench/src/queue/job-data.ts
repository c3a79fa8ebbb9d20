import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { ConfigError, zodProblem } from '@gogepo/core';
import { planSuite, type PlannedRun } from '../plan.js';
import { suiteSchema, type Suite } from '../suite.js';

/**
 * A queue job's payload: a suite of exactly one run (one group, one seed).
 * So a job can name only what a suite can (algorithm, environment, config,
 * analysis sizes), and the worker validates it with the suite's own schema.
 */
export const jobDataSchema = z.object({ suite: suiteSchema }).strict();
export type JobData = z.input<typeof jobDataSchema>;

/** The payload of one planned run of `suite`. */
export function jobData(suite: Suite, run: PlannedRun): JobData {
  const group = suite.runs.find((g) => (g.label ?? g.algo) === run.label && g.env === run.env && (g.seeds ?? suite.seeds).includes(run.seed));
  if (!group) throw new Error(`suite ${suite.name} has no group for ${run.id}`);
  return { suite: { ...suite, seeds: [run.seed], runs: [{ ...group, seeds: [run.seed] }] } };
}

/** The first field (as a path) where two JSON values differ, or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path || '(the payload)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const at = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const difference = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], at);
    if (difference) return difference;
  }
  return path || '(the payload)';
}

/**
 * The run a job names, checked against the suite stored in the bench
 * directory (`stored`, its suite.json): the job's id must be a run of that
 * suite, and its payload exactly that run's one-run suite. A payload is never
 * trusted for anything the stored suite does not say (another seed, another
 * budget or config, a module): the run trained is the stored suite's. The
 * stored suite's own modules are checked against the worker's --require when
 * the worker starts, and a run directory's when the run is opened. Every
 * problem is a one-line ConfigError (the job then fails without retries).
 */
export function runOfJob(jobId: string | undefined, data: unknown, benchDir: string, stored: Suite): { suite: Suite; run: PlannedRun } {
  const parsed = jobDataSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(`job ${jobId}: bad payload: ${zodProblem(parsed.error)}`);
  const run = planSuite(stored, benchDir).find((r) => r.id === jobId);
  const suitePath = join(benchDir, 'suite.json');
  if (!run) throw new ConfigError(`job ${jobId}: no run of that id in suite ${stored.name} (${suitePath})`);
  const expected = jobDataSchema.parse(jobData(stored, run));
  const difference = firstDifference(parsed.data, expected);
  if (difference) throw new ConfigError(`job ${jobId}: the payload differs from run ${run.id} of ${suitePath} at ${difference}`);
  return { suite: stored, run };
}
