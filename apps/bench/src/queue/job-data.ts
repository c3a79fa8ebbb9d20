import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, runPaths, zodProblem } from '@gogepo/core';
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

/**
 * The run a job names, checked: the payload must be a valid one-run suite
 * whose run id is the job's id, and may name only modules the worker was
 * started with (--require); a run directory already there must not name
 * others either. Every problem is a one-line ConfigError (the job then fails
 * without retries).
 */
export function runOfJob(jobId: string | undefined, data: unknown, benchDir: string, allowedModules: readonly string[]): { suite: Suite; run: PlannedRun } {
  const parsed = jobDataSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(`job ${jobId}: bad payload: ${zodProblem(parsed.error)}`);
  const suite = parsed.data.suite;
  const allowed = new Set(allowedModules.map((m) => resolve(m)));
  const checkModules = (modules: readonly string[], where: string) => {
    const refused = modules.filter((m) => !allowed.has(resolve(m)));
    if (refused.length > 0) {
      throw new ConfigError(`job ${jobId}: ${where} names module ${refused.join(', ')}, which this worker was not started with (start it with --require ${refused[0]})`);
    }
  };
  checkModules(suite.require, 'the payload');
  if (suite.runs.length !== 1 || suite.runs[0].seeds?.length !== 1 || suite.seeds.length !== 1) {
    throw new ConfigError(`job ${jobId}: bad payload: a job holds one run (one group, one seed)`);
  }
  let run: PlannedRun;
  try {
    [run] = planSuite(suite, benchDir);
  } catch (error) {
    throw new ConfigError(`job ${jobId}: ${(error as Error).message}`);
  }
  if (run.id !== jobId) throw new ConfigError(`job ${jobId}: the payload is run ${run.id}, not the job's`);
  if (existsSync(runPaths(run.dir).config)) {
    const stored = JSON.parse(readFileSync(runPaths(run.dir).config, 'utf8')) as { require?: unknown };
    if (Array.isArray(stored.require)) checkModules(stored.require.map(String), `${runPaths(run.dir).config}`);
  }
  return { suite, run };
}
