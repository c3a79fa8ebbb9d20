import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, describeError, DirLock, writeJsonAtomic } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import type { WorkerJob } from './messages.js';
import { planSuite, runState, selectRuns, summaryOnDisk, type PlannedRun } from './plan.js';
import { runInWorkerProcess } from './run-process.js';
import type { Suite } from './suite.js';

export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'stopped';

export interface RunProgress {
  run: PlannedRun;
  status: RunStatus;
  steps: number;
  budget: number;
  /** Steps this run had when this bench session picked it up (resumed runs start above 0). */
  stepsAtStart: number;
  /**
   * Seconds of training of a run finished before this session (its summary's
   * wall time): with its budget, the pace its group had then (src/eta.ts).
   */
  secondsBefore?: number;
  /** performance.now() when this session started / ended the run's worker. */
  startedAt?: number;
  endedAt?: number;
  phase?: string;
  lastEvaluation?: number | null;
  finalReturn?: number;
  error?: string;
  /** The machine running it (queue mode). */
  host?: string;
}

/** Observes a bench session (progress display, tests). */
export interface BenchObserver {
  update(runs: RunProgress[]): void;
  runEnded?(run: RunProgress): void;
}

export interface BenchOptions {
  workers: number;
  backend: BackendChoice;
  observer?: BenchObserver;
  /** Run only these runs of the suite (labels, algorithms, environments or run ids); the rest are left as they are. */
  only?: readonly string[];
  /** Resolves when the bench should stop starting runs and stop the running ones (Ctrl-C). */
  stopSignal?: Promise<void>;
}

export interface BenchResult {
  runs: RunProgress[];
  stopped: boolean;
}

/**
 * Writes suite.json in a new bench directory, or checks that an existing one
 * holds the same suite (so that a rerun resumes it rather than mixing two
 * suites). The description is left out of the check: it is prose, and a
 * built-in suite's may be reworded by a new version while its runs stay the same.
 */
export function claimBenchDir(benchDir: string, suite: Suite): void {
  const path = join(benchDir, 'suite.json');
  if (existsSync(path)) {
    if (withoutDescription(storedSuiteValue(path)) !== withoutDescription(suite)) {
      throw new ConfigError(`${benchDir} holds another suite (see ${path}); use another --out, or the suite stored there`);
    }
    return;
  }
  mkdirSync(benchDir, { recursive: true });
  writeJsonAtomic(path, suite);
}

/** A suite as claimBenchDir compares it: its JSON less the description. Anything but an object compares as itself. */
const withoutDescription = (value: unknown): string =>
  JSON.stringify(typeof value === 'object' && value !== null ? { ...value, description: undefined } : value);

/** The value in a bench directory's suite.json; null when it is not JSON (which then matches no suite). */
function storedSuiteValue(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * A run as its directory has it before this session works on it: done (with
 * its final return and wall time) or pending.
 */
export function progressOnDisk(run: PlannedRun): RunProgress {
  const budget = run.config.steps;
  if (runState(run) !== 'done') return { run, status: 'pending', steps: 0, budget, stepsAtStart: 0 };
  const summary = summaryOnDisk(run);
  return { run, status: 'done', steps: budget, budget, stepsAtStart: budget, finalReturn: summary?.finalReturn, secondsBefore: summary?.wallSeconds };
}

/**
 * Runs a suite: every run not done yet, in up to `workers` worker processes at
 * once. Finished runs are skipped, started ones resume from their checkpoints,
 * and a failing run is recorded with its error while the others go on.
 */
export async function runSuite(suite: Suite, benchDir: string, options: BenchOptions): Promise<BenchResult> {
  const selected = selectRuns(planSuite(suite, benchDir), options.only);
  claimBenchDir(benchDir, suite);
  // One bench process per directory: two would start the same runs twice.
  const lock = DirLock.acquire(join(benchDir, 'bench.lock'), `bench directory ${benchDir}`);
  try {
    return await runSelected(suite, benchDir, selected, options);
  } finally {
    lock.release();
  }
}

async function runSelected(suite: Suite, benchDir: string, selected: PlannedRun[], options: BenchOptions): Promise<BenchResult> {
  const progress = selected.map(progressOnDisk);
  const statusPath = join(benchDir, 'bench-status.json');
  let statusProblem: string | undefined;
  const changed = () => {
    try {
      writeJsonAtomic(statusPath, {
        suite: suite.name,
        updatedAt: new Date().toISOString(),
        runs: progress.map((p) => ({ id: p.run.id, status: p.status, steps: p.steps, budget: p.budget, finalReturn: p.finalReturn, error: p.error })),
      });
      statusProblem = undefined;
    } catch (error) {
      // bench-status.json only mirrors the progress for other readers: a full disk must not stop the bench (the runs say so themselves)
      const problem = describeError(error).line.replace(/^error: /, '');
      if (problem !== statusProblem) process.stderr.write(`bench: cannot update ${statusPath}: ${problem}\n`);
      statusProblem = problem;
    }
    options.observer?.update(progress);
  };
  changed();

  let stopping = false;
  const children = new Set<ChildProcess>();
  options.stopSignal?.then(() => {
    stopping = true;
    for (const child of children) child.kill('SIGINT');
  });

  const runOne = async (p: RunProgress) => {
    // the suite's modules were checked against the operator's --require when it was opened (loadSuiteModules)
    const job: WorkerJob = { dir: p.run.dir, config: p.run.config, backend: options.backend, analysis: suite, modules: suite.require };
    let worker: ChildProcess | undefined;
    await runInWorkerProcess(job, p, { changed, started: (child) => children.add((worker = child)), stopping: () => stopping });
    children.delete(worker!);
    options.observer?.runEnded?.(p);
  };

  const queue = progress.filter((p) => p.status === 'pending');
  const lanes = Array.from({ length: Math.max(1, options.workers) }, async () => {
    for (let p = queue.shift(); p && !stopping; p = queue.shift()) await runOne(p);
  });
  await Promise.all(lanes);
  return { runs: progress, stopped: stopping };
}
