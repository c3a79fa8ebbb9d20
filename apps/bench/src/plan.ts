import '@gogepo/baselines'; // registers ARS, DDPG and UDRL: a suite may name any of them
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { algorithmDefinition, ConfigError, resolveRunConfig, Run, runPaths, runStatus, type RunConfig, type RunSummary } from '@gogepo/core';
import type { Suite } from './suite.js';

/** One run of a suite: its directory and its full config. */
export interface PlannedRun {
  id: string;
  dir: string;
  /** The report groups runs by (env, label). */
  label: string;
  algo: string;
  env: string;
  seed: number;
  config: RunConfig;
}

/** Every run of a suite, with its config resolved (and so validated) before anything starts. */
export function planSuite(suite: Suite, benchDir: string): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const ids = new Set<string>();
  suite.runs.forEach((group, g) => {
    const label = group.label ?? group.algo;
    for (const seed of group.seeds ?? suite.seeds) {
      const id = `${group.env}-${label}-s${seed}`;
      if (ids.has(id)) throw new ConfigError(`suite ${suite.name}: runs[${g}] repeats ${id}; give one of the groups a "label"`);
      ids.add(id);
      let config: RunConfig;
      try {
        const overrides = { ...group.config, ...(group.steps !== undefined ? { steps: group.steps } : {}) };
        config = resolveRunConfig({ algo: group.algo, env: group.env, seed, require: suite.require }, overrides);
      } catch (error) {
        throw new ConfigError(`suite ${suite.name}: runs[${g}] (${group.algo} on ${group.env}): ${(error as Error).message}`);
      }
      runs.push({ id, dir: join(benchDir, 'runs', id), label, algo: group.algo, env: group.env, seed, config });
    }
  });
  return runs;
}

/**
 * The runs that `--only` selects: a run is kept when a filter equals its label,
 * algorithm, environment or id. A filter that selects nothing is an error (a typo
 * would otherwise run nothing, silently).
 */
export function selectRuns(runs: PlannedRun[], only: readonly string[] | undefined): PlannedRun[] {
  if (only === undefined || only.length === 0) return runs;
  const matches = (run: PlannedRun, filter: string) => [run.label, run.algo, run.env, run.id].includes(filter);
  const unmatched = only.filter((f) => !runs.some((r) => matches(r, f)));
  if (unmatched.length > 0) {
    throw new ConfigError(`--only: ${unmatched.map((f) => `"${f}"`).join(', ')} names no run of the suite (filters are labels, algorithms, environments or run ids)`);
  }
  return runs.filter((r) => only.some((f) => matches(r, f)));
}

/** Analysis files a finished run of this algorithm still needs (a command-conditioned one's: the sweep and the policy map). */
export function analysisFiles(run: Pick<PlannedRun, 'dir' | 'algo'>): string[] {
  return algorithmDefinition(run.algo).commandConditioned ? [join(run.dir, 'sweep.json'), join(run.dir, 'policy-map.json')] : [];
}

export type RunState = 'done' | 'partial' | 'new';

/** done: trained and analysed; partial: started (resumes from its checkpoint); new: not started. */
export function runState(run: Pick<PlannedRun, 'dir' | 'algo'>): RunState {
  const paths = runPaths(run.dir);
  if (!existsSync(paths.config)) return 'new';
  if (existsSync(paths.summary) && analysisFiles(run).every((f) => existsSync(f))) return 'done';
  return 'partial';
}

/**
 * A run's line in `plan`: its state, id and budget; a started run's also says
 * how far it got (its last episode's steps; it resumes from its checkpoint, at
 * or before them). A folder too broken to read shows "?" there: `run` says why.
 */
export function planLine(run: PlannedRun): string {
  const state = runState(run);
  let steps = String(run.config.steps);
  if (state === 'partial') {
    let reached = '?';
    try {
      reached = String(runStatus(run.dir).steps);
    } catch {
      // only informs; the folder's own error is `run`'s to report
    }
    steps = `${reached}/${steps}`;
  }
  return `${state.padEnd(8)} ${run.id.padEnd(40)} ${steps} steps`;
}

/**
 * A trained run's summary.json, or undefined where it is missing or unreadable:
 * for what only informs (a final return shown, the ETA's past pace), never for
 * deciding what to run.
 */
export function summaryOnDisk(run: Pick<PlannedRun, 'dir'>): RunSummary | undefined {
  try {
    return Run.readSummary(run.dir);
  } catch {
    return undefined;
  }
}
