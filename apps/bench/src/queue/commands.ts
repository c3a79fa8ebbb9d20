import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import { planSuite, selectRuns, type PlannedRun } from '../plan.js';
import { EtaDisplay, etaRange } from '../eta.js';
import { benchCounts, BenchProgress, failureLine, runningText } from '../progress.js';
import { claimBenchDir } from '../scheduler.js';
import { stopOnSignals } from '../stop-signal.js';
import { loadSuiteModules, type Suite } from '../suite.js';
import { claimQueueName, queueFilePath, storedQueueName } from './bench-queue.js';
import { checkReachable, redactUrl, redisConnection } from './connection.js';
import { followQueue } from './follow.js';
import { enqueueRuns, openQueue, queueProgress } from './queue-progress.js';
import { runQueueWorker } from './queue-worker.js';
import { storedSuite } from './stored-suite.js';
import { printedCommand } from '@gogepo/core/cli';

/** `run --queue`: enqueue the suite's runs, then follow them until all have ended. Returns whether all are done. */
export async function enqueueAndFollow(suite: Suite, out: string, opts: { queue: string; only?: string[]; retryFailed?: boolean }): Promise<{ allDone: boolean; stopped: boolean }> {
  const runs = selectRuns(planSuite(suite, out), opts.only);
  const connection = redisConnection(opts.queue);
  await checkReachable(connection, opts.queue);
  claimBenchDir(out, suite);
  const name = claimQueueName(out, suite);
  const queue = openQueue(name, connection);
  const stop = stopOnSignals('stopped following; the queued runs stay queued and the workers go on');
  try {
    const { added, retried } = await enqueueRuns(queue, suite, runs, opts.retryFailed);
    console.log(`queue ${name} at ${redactUrl(opts.queue)}: ${added} runs added, ${retried} failed runs retried, ${runs.length} runs in all; start workers with: ${printedCommand('gogepo-bench', ['worker', '--queue', 'URL', '--out', out])}`);
    const progress = new BenchProgress(1);
    const requeue = async (missing: PlannedRun[]) => {
      const again = await enqueueRuns(queue, suite, missing);
      progress.log(`queue: ${again.added} runs had no job in Redis (restarted without persistence, or flushed?); queued them again`);
    };
    const result = await followQueue(queue, runs, progress, stop.signal, requeue);
    progress.stop();
    const failed = result.runs.filter((r) => r.status === 'failed');
    console.log(`${result.runs.filter((r) => r.status === 'done').length}/${result.runs.length} runs done, ${failed.length} failed`);
    for (const f of failed) console.log(failureLine(f.run, f.error ?? 'failed'));
    return { allDone: failed.length === 0 && !result.stopped, stopped: result.stopped };
  } finally {
    stop.dispose();
    await queue.close();
    connection.disconnect();
  }
}

/** `worker`: take the bench directory's jobs until stopped. */
export async function queueWorker(opts: { queue: string; out: string; workers: number; backend: BackendChoice; require: string[]; lockSeconds: number }): Promise<void> {
  const stop = stopOnSignals('stopping: the running runs write a checkpoint, and their jobs go back to the queue');
  try {
    // workers are often started before the suite is enqueued: wait for `run --queue` to make the bench folder
    if (!(await benchFolderReady(opts.out, stop.signal))) return;
    const suite = storedSuite(opts.out);
    const modules = [...opts.require];
    await loadSuiteModules(suite, modules);
    await runQueueWorker({ url: opts.queue, benchDir: opts.out, workers: opts.workers, backend: opts.backend, modules, lockSeconds: opts.lockSeconds, stopSignal: stop.signal });
  } finally {
    stop.dispose();
  }
}

/** `status`: the queued suite's runs: waiting, running (where), done, failed; steps and ETA. */
export async function queueStatus(opts: { queue: string; out: string; require: string[] }): Promise<void> {
  const suite = storedSuite(opts.out);
  await loadSuiteModules(suite, opts.require);
  const name = storedQueueName(opts.out);
  if (!name) throw new ConfigError(`--out: ${opts.out} has no queue yet (no queue.json); run '${printedCommand('gogepo-bench', ['run', '--suite', 'S', '--out', opts.out, '--queue'])}' first`);
  const connection = redisConnection(opts.queue);
  await checkReachable(connection, opts.queue);
  const queue = openQueue(name, connection);
  try {
    const runs = await queueProgress(queue, planSuite(suite, opts.out));
    const c = benchCounts(runs);
    const running = Math.max(1, c.running);
    const eta = c.pending + c.running === 0 ? '0m00s' : new EtaDisplay().update(etaRange(runs, running));
    console.log(`suite ${suite.name} (queue ${name} at ${redactUrl(opts.queue)}): ${c.runs} runs: ${c.pending} waiting, ${c.running} running, ${c.done} done, ${c.failed} failed; ${c.steps}/${c.total} steps; ETA ${eta} at ${running} runs at once`);
    console.log(`running: ${runningText(runs)}`);
    for (const f of runs.filter((r) => r.status === 'failed')) console.log(failureLine(f.run, f.error ?? 'failed'));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}


/**
 * Waits until the bench folder holds suite.json and queue.json (written by
 * `run --queue`), saying so once; false when stopped first.
 */
async function benchFolderReady(benchDir: string, stopSignal: Promise<void>, pollMs = 2000): Promise<boolean> {
  let stopped = false;
  void stopSignal.then(() => (stopped = true));
  for (let said = false; ; said = true) {
    if (existsSync(join(benchDir, 'suite.json')) && existsSync(queueFilePath(benchDir))) return true;
    if (!said) console.log(`worker: waiting for ${benchDir} to hold a queued suite (${printedCommand('gogepo-bench', ['run', '--suite', 'S', '--out', benchDir, '--queue'])}); Ctrl-C to stop`);
    await Promise.race([new Promise((resolve) => setTimeout(resolve, pollMs)), stopSignal]);
    if (stopped) return false;
  }
}
