import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkNamedModules, ConfigError, loadModules, oneLine, zodProblem } from '@gogepo/core';

const seed = z.number().int().min(0).max(2 ** 32 - 1);
/** Bounds of a suite's sizes (a suite file is untrusted input): far above any real suite (the paper's has 20 seeds, 16 groups). */
const MAX_SEEDS = 10_000;
const MAX_GROUPS = 1_000;

/** One line of a suite: an algorithm on an environment, for each seed. */
export const runGroupSchema = z
  .object({
    algo: z.string(),
    env: z.string(),
    /** Names this group in run directories and the report (default: the algorithm); lets a suite hold two configs of one algorithm. */
    label: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "." or "-"').optional(),
    /** Seeds of this group (default: the suite's). */
    seeds: z.array(seed).min(1).max(MAX_SEEDS).optional(),
    /** Environment-step budget (default: the paper's for the environment). */
    steps: z.number().int().positive().optional(),
    /** Run-config overrides, as in `gogepo train --config`: common fields and the algorithm's own section. */
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const suiteSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "." or "-"'),
    description: z.string().default(''),
    seeds: z.array(seed).min(1).max(MAX_SEEDS).default([0, 1, 2]),
    /** Modules that register the suite's own environments or algorithms (paths relative to the suite file). */
    require: z.array(z.string().min(1)).max(1_000).default([]),
    runs: z.array(runGroupSchema).min(1).max(MAX_GROUPS),
    /** The command sweep of paper fig. 6, run on every finished GoGePo run. */
    sweep: z
      .object({ n: z.number().int().min(2).default(21), episodes: z.number().int().positive().default(10) })
      .strict()
      .default({ n: 21, episodes: 10 }),
    /** The policy map of paper fig. 5: how many buffer policies to fingerprint, and commands per generator snapshot. */
    policyMap: z
      .object({ bufferPolicies: z.number().int().min(3).default(1000), commands: z.number().int().min(2).default(11) })
      .strict()
      .default({ bufferPolicies: 1000, commands: 11 }),
  })
  .strict();

export type Suite = z.output<typeof suiteSchema>;
export type RunGroup = Suite['runs'][number];

/** Where the built-in suites live (shipped with the package). */
export const builtInSuitesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'suites');

export { builtInSuiteNames } from './suite-names.js';
import { builtInSuiteNames } from './suite-names.js';

/** Validates a suite; a problem is a one-line ConfigError naming the field. */
export function parseSuite(value: unknown, source: string): Suite {
  const parsed = suiteSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`suite ${source}: ${zodProblem(parsed.error)}`);
  return parsed.data;
}

/** A built-in suite by name, or a suite file (JSON). */
export function loadSuite(nameOrPath: string): Suite {
  const path = builtInSuiteNames().includes(nameOrPath) ? join(builtInSuitesDir, `${nameOrPath}.json`) : nameOrPath;
  if (!existsSync(path)) {
    throw new ConfigError(`--suite: ${nameOrPath} is neither a built-in suite (${builtInSuiteNames().join(', ')}) nor a file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`suite ${path}: not valid JSON (${oneLine((error as Error).message)})`);
  }
  const suite = parseSuite(value, path);
  return { ...suite, require: suite.require.map((m) => resolve(dirname(path), m)) };
}

/**
 * Loads the modules a suite names (before its runs are planned: they may
 * register its environments). A suite file never loads code on its own: each
 * module must also be one the operator named with --require (`named`).
 */
export async function loadSuiteModules(suite: Suite, named: readonly string[]): Promise<void> {
  checkNamedModules(suite.require, named, `suite ${suite.name}`);
  await loadModules(suite.require);
}
