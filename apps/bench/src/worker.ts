/**
 * A bench worker process: trains (or resumes) one run directory, analyses it,
 * and reports over IPC. SIGINT / SIGTERM, or losing its parent, writes a
 * checkpoint and exits; the bench resumes the run next time.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import '@gogepo/baselines'; // registers ARS, DDPG and UDRL
import { describeError, FOREIGN_STALE_MS, LockHeldError, Run, runPaths } from '@gogepo/core';
import { initBackend } from '@gogepo/nn';
import { analyse } from './analysis.js';
import { BENCH_ERROR_FILE, type WorkerJob, type WorkerMessage } from './messages.js';

let stopRequested = false;
const requestStop = () => (stopRequested = true);
process.on('SIGINT', requestStop);
process.on('SIGTERM', requestStop);
process.on('disconnect', requestStop);

const send = (message: WorkerMessage) => {
  if (process.connected) process.send!(message);
};

async function work(job: WorkerJob): Promise<void> {
  const backend = await initBackend(job.backend);
  const run = await openRun(job, backend);
  try {
    send({ type: 'started', backend, steps: run.stepsDone, budget: run.config.steps });
    let lastSent = 0;
    if (!run.finished) {
      const result = await run.train({
        onProgress: (p) => {
          if (performance.now() - lastSent < 1000) return;
          lastSent = performance.now();
          send({ type: 'progress', steps: p.steps, budget: p.budget, lastEvaluation: p.lastEvaluation ?? null });
        },
        shouldStop: () => stopRequested,
      });
      if (result.status === 'stopped') {
        send({ type: 'stopped', steps: run.stepsDone });
        return;
      }
    }
  } finally {
    run.close();
  }
  const trained = await Run.resume(job.dir, backend, { readOnly: true, modules: job.modules });
  try {
    if (!(await analyse(trained, job.analysis, (phase) => send({ type: 'phase', phase }), () => stopRequested))) {
      send({ type: 'stopped', steps: trained.config.steps });
      return;
    }
  } finally {
    trained.close();
  }
  const summary = Run.readSummary(job.dir);
  rmSync(join(job.dir, BENCH_ERROR_FILE), { force: true }); // an earlier attempt's error (a full disk, say) is history now
  send({ type: 'finished', finalReturn: summary.finalReturn });
}

/**
 * Starts or resumes the job's run. A run still locked by a live process (a
 * worker of a bench that was killed, writing its last checkpoint before it
 * exits) is waited for, up to two minutes, instead of failing; a lock of
 * another machine (queue mode: a worker lost with its machine), until it is
 * stale.
 */
async function openRun(job: WorkerJob, backend: string): Promise<Run> {
  for (let waited = 0; ; waited++) {
    try {
      return existsSync(runPaths(job.dir).config) ? await Run.resume(job.dir, backend, { modules: job.modules }) : await Run.start(job.dir, job.config, backend);
    } catch (error) {
      const patience = error instanceof LockHeldError && error.host !== hostname() ? FOREIGN_STALE_MS / 1000 + 60 : 120;
      if (!(error instanceof LockHeldError) || waited >= patience || stopRequested) throw error;
      if (waited === 0) send({ type: 'phase', phase: `waiting for process ${error.pid}${error.host !== hostname() ? ` on ${error.host}` : ''} to release the run` });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

process.once('message', (job: WorkerJob) => {
  work(job)
    .catch((error: Error) => {
      // a user's or a system's error (a bad file, a full disk) in the words every command uses; anything else as it is (its stack goes to bench-error.txt)
      const described = describeError(error).line.replace(/^error: /, '');
      const message = described.endsWith('GOGEPO_DEBUG=1 prints its stack trace)') ? (error.message || String(error)).split('\n')[0] : described;
      try {
        writeFileSync(join(job.dir, BENCH_ERROR_FILE), `${error.stack ?? message}\n`);
      } catch {
        // the run directory may not exist: the message still reaches the bench
      }
      send({ type: 'failed', message });
      process.exitCode = 1;
    })
    .finally(() => {
      if (process.connected) process.disconnect();
    });
});
