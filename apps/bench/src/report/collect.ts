import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, readEvaluations, readSweepFile, Run, type EvaluationRecord, type Provenance, type RunSummary, type SweepFile } from '@gogepo/core';
import { readPolicyMapFile, type PolicyMapFile } from '../analysis.js';
import { planSuite, runState, type PlannedRun, type RunState } from '../plan.js';
import { loadSuiteModules, parseSuite, type Suite } from '../suite.js';
import { printedCommand } from '@gogepo/core/cli';

/** Everything the report uses of one planned run (whatever has been written so far). */
export interface RunData {
  run: PlannedRun;
  state: RunState;
  evaluations: EvaluationRecord[];
  summary?: RunSummary;
  /** config.json's record of how the run was made (absent before the run started). */
  made?: { version: string; backend: string; createdAt: string; commit?: string | null; machine?: Provenance['machine'] };
  sweep?: SweepFile;
  policyMap?: PolicyMapFile;
}

export interface BenchData {
  suite: Suite;
  runs: RunData[];
}


/** Loads the modules that the bench directory's suite names (its own environments; each named by the operator too), so that its runs can be planned. */
export async function loadBenchModules(benchDir: string, named: readonly string[]): Promise<void> {
  const suitePath = join(benchDir, 'suite.json');
  if (existsSync(suitePath)) await loadSuiteModules(parseSuite(JSON.parse(readFileSync(suitePath, 'utf8')), suitePath), named);
}

/** Reads a bench directory: its suite.json and every run directory of that suite (load its modules first). */
export function collectBench(benchDir: string): BenchData {
  const suitePath = join(benchDir, 'suite.json');
  if (!existsSync(suitePath)) throw new ConfigError(`${benchDir} is not a bench directory (no suite.json); run \`${printedCommand('gogepo-bench', ['run', '--suite', 'SUITE', '--out', benchDir])}\` first`);
  const suite = parseSuite(JSON.parse(readFileSync(suitePath, 'utf8')), suitePath);
  const runs = planSuite(suite, benchDir).map((run): RunData => {
    const state = runState(run);
    const summary = existsSync(join(run.dir, 'summary.json')) ? Run.readSummary(run.dir) : undefined;
    const made = existsSync(join(run.dir, 'config.json')) ? Run.readConfig(run.dir) : undefined;
    return {
      run, state, summary,
      made: made && { version: made.version, backend: made.backend, createdAt: made.createdAt, commit: made.commit, machine: made.machine },
      evaluations: readEvaluations(run.dir),
      sweep: readSweepFile(run.dir),
      policyMap: readPolicyMapFile(run.dir),
    };
  });
  return { suite, runs };
}

/** Runs grouped by environment, then by label, in suite order. */
export function groupRuns(runs: RunData[]): Map<string, Map<string, RunData[]>> {
  const byEnv = new Map<string, Map<string, RunData[]>>();
  for (const r of runs) {
    const byLabel = byEnv.get(r.run.env) ?? new Map<string, RunData[]>();
    byEnv.set(r.run.env, byLabel);
    byLabel.set(r.run.label, [...(byLabel.get(r.run.label) ?? []), r]);
  }
  return byEnv;
}
