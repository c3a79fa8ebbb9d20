import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { ConfigError, Run } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import type { WorkerJob } from '../messages.js';
import { runState } from '../plan.js';
import { runInWorkerProcess } from '../run-process.js';
import type { RunProgress } from '../scheduler.js';
import { storedQueueName } from './bench-queue.js';
import { checkReachable, redactUrl, redisConnection } from './connection.js';
import { runOfJob } from './job-data.js';
import { storedSuite } from './stored-suite.js';
import { printedCommand } from '@gogepo/core/cli';

/** What a worker writes into its job's progress (read by `status` and `run --queue`). */
export interface JobProgress {
  host: string;
  steps: number;
  budget: number;
  stepsAtStart: number;
  phase?: string;
  lastEvaluation?: number | null;
  /** Date.now() when this worker started the run. */
  startedAt: number;
}

export interface QueueWorkerOptions {
  url: string;
  benchDir: string;
  workers: number;
  backend: BackendChoice;
  /** The modules the operator named (--require): the stored suite's must be among them (checked before), and so must a run directory's. */
  modules: readonly string[];
  /** BullMQ's job lock: a worker that stops renewing it (killed, machine lost) loses its job after this long. */
  lockSeconds: number;
  /** Resolves to stop: the running runs checkpoint and their jobs go back to the queue. */
  stopSignal: Promise<void>;
  log?: (line: string) => void;
}

/** Times one job may be recovered from a dead worker before BullMQ fails it. */
export const MAX_STALLED = 20;

/**
 * Takes jobs from the bench directory's queue, up to `workers` at once, and
 * trains each run into the shared bench directory in its own worker process
 * (as the local pool does). A job whose worker dies is taken again by
 * BullMQ's stalled-job check and resumes from the run's checkpoint; a run that
 * fails for its own reasons fails its job for good (no retries); a stop sends
 * the running runs' jobs back to the queue after their checkpoint.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const suite = storedSuite(options.benchDir);
  const name = storedQueueName(options.benchDir);
  if (!name) throw new ConfigError(`--out: ${options.benchDir} has no queue.json; run '${printedCommand('gogepo-bench', ['run', '--suite', 'S', '--out', options.benchDir, '--queue'])}' first`);
  const connection = redisConnection(options.url);
  await checkReachable(connection, options.url);
  const host = hostname();
  const children = new Set<ChildProcess>();
  let stopping = false;

  const processJob = async (job: Job, token?: string) => {
    let checked: ReturnType<typeof runOfJob>;
    try {
      checked = runOfJob(job.id, job.data, options.benchDir, suite);
    } catch (error) {
      log(`refused ${job.id}: ${(error as Error).message}`);
      throw new UnrecoverableError((error as Error).message);
    }
    const planned = checked.run;
    if (runState(planned) === 'done') return { finalReturn: Run.readSummary(planned.dir).finalReturn };
    const p: RunProgress = { run: planned, status: 'pending', steps: 0, budget: planned.config.steps, stepsAtStart: 0, host };
    const startedAt = Date.now();
    let lastSent = 0;
    let lastPhase: string | undefined;
    const changed = () => {
      if (p.status !== 'running' || (Date.now() - lastSent < 1000 && p.phase === lastPhase)) return;
      lastSent = Date.now();
      lastPhase = p.phase;
      const progress: JobProgress = { host, steps: p.steps, budget: p.budget, stepsAtStart: p.stepsAtStart, phase: p.phase, lastEvaluation: p.lastEvaluation, startedAt };
      job.updateProgress({ ...progress }).catch(() => {}); // Redis away: the next update carries it
    };
    log(`start   ${planned.id} (job of ${suite.name}) on ${host}`);
    const workerJob: WorkerJob = { dir: planned.dir, config: planned.config, backend: options.backend, analysis: checked.suite, modules: options.modules };
    let child: ChildProcess | undefined;
    await runInWorkerProcess(workerJob, p, { changed, started: (c) => children.add((child = c)), stopping: () => stopping });
    children.delete(child!);
    if (p.status === 'done') {
      log(`done    ${planned.id}: final return ${p.finalReturn?.toFixed(1)}`);
      return { finalReturn: p.finalReturn };
    }
    if (p.status === 'stopped') {
      log(`stopped ${planned.id} at ${p.steps} steps: back to the queue`);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    log(`FAILED  ${planned.id}: ${p.error}`);
    throw new UnrecoverableError(p.error ?? 'failed');
  };

  const worker = new Worker(name, processJob, {
    connection,
    concurrency: options.workers,
    lockDuration: options.lockSeconds * 1000,
    stalledInterval: options.lockSeconds * 1000,
    maxStalledCount: MAX_STALLED,
    name: `${host}:${process.pid}`,
  });
  worker.on('error', () => {}); // connection problems: redisConnection reports them
  log(`worker ${host}:${process.pid}: ${options.workers} at once from queue ${name} at ${redactUrl(options.url)}, bench directory ${options.benchDir}`);

  await options.stopSignal;
  stopping = true;
  log('stopping: the running runs write a checkpoint, and their jobs go back to the queue');
  for (const child of children) child.kill('SIGINT');
  await worker.close();
  connection.disconnect();
}

