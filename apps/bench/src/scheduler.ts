import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DirLock, writeJsonAtomic } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import type { WorkerJob, WorkerMessage } from './messages.js';
import { planSuite, runState, selectRuns, type PlannedRun } from './plan.js';
import type { Suite } from './suite.js';

/** The worker entry point, always the built one (also when this module runs from src/ in tests). */
const workerPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'worker.js');

export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'stopped';

export interface RunProgress {
  run: PlannedRun;
  status: RunStatus;
  steps: number;
  budget: number;
  /** Steps this run had when this bench session picked it up (resumed runs start above 0). */
  stepsAtStart: number;
  /** performance.now() when this session started / ended the run's worker. */
  startedAt?: number;
  endedAt?: number;
  phase?: string;
  lastEvaluation?: number | null;
  finalReturn?: number;
  error?: string;
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
 * holds the same suite (so that a rerun resumes it rather than mixing two suites).
 */
export function claimBenchDir(benchDir: string, suite: Suite): void {
  const path = join(benchDir, 'suite.json');
  if (existsSync(path)) {
    const stored = readFileSync(path, 'utf8');
    if (stored !== JSON.stringify(suite, null, 2) + '\n') {
      throw new ConfigError(`${benchDir} holds another suite (see ${path}); use another --out, or the suite stored there`);
    }
    return;
  }
  mkdirSync(benchDir, { recursive: true });
  writeJsonAtomic(path, suite);
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
  const progress: RunProgress[] = selected.map((run) => {
    const done = runState(run) === 'done';
    return { run, status: done ? 'done' : 'pending', steps: done ? run.config.steps : 0, budget: run.config.steps, stepsAtStart: done ? run.config.steps : 0 };
  });
  const statusPath = join(benchDir, 'bench-status.json');
  const changed = () => {
    writeJsonAtomic(statusPath, {
      suite: suite.name,
      updatedAt: new Date().toISOString(),
      runs: progress.map((p) => ({ id: p.run.id, status: p.status, steps: p.steps, budget: p.budget, finalReturn: p.finalReturn, error: p.error })),
    });
    options.observer?.update(progress);
  };
  changed();

  let stopping = false;
  const children = new Set<ChildProcess>();
  options.stopSignal?.then(() => {
    stopping = true;
    for (const child of children) child.kill('SIGINT');
  });

  const runOne = (p: RunProgress) =>
    new Promise<void>((resolve) => {
      p.status = 'running';
      p.startedAt = performance.now();
      const child = fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      children.add(child);
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      let ended: WorkerMessage | undefined;
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'started') {
          p.steps = p.stepsAtStart = m.steps;
          p.budget = m.budget;
        } else if (m.type === 'progress') {
          p.steps = m.steps;
          p.lastEvaluation = m.lastEvaluation;
        } else if (m.type === 'phase') {
          p.steps = p.budget;
          p.phase = m.phase;
        } else {
          ended = m;
        }
        changed();
      });
      child.on('exit', (code, signal) => {
        children.delete(child);
        p.endedAt = performance.now();
        p.phase = undefined;
        if (ended?.type === 'finished') {
          p.status = 'done';
          p.steps = p.budget;
          p.finalReturn = ended.finalReturn;
        } else if (ended?.type === 'stopped' || (stopping && ended === undefined)) {
          p.status = 'stopped';
        } else {
          p.status = 'failed';
          const lastLine = stderr.trim().split('\n').at(-1);
          p.error = ended?.type === 'failed' ? ended.message : `worker exited (${signal ?? `code ${code}`})${lastLine ? `: ${lastLine}` : ''}`;
        }
        changed();
        options.observer?.runEnded?.(p);
        resolve();
      });
      const job: WorkerJob = { dir: p.run.dir, config: p.run.config, backend: options.backend, analysis: suite };
      child.send(job);
    });

  const queue = progress.filter((p) => p.status === 'pending');
  const lanes = Array.from({ length: Math.max(1, options.workers) }, async () => {
    for (let p = queue.shift(); p && !stopping; p = queue.shift()) await runOne(p);
  });
  await Promise.all(lanes);
  return { runs: progress, stopped: stopping };
}
