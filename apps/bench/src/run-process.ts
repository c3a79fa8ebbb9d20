import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerJob, WorkerMessage } from './messages.js';
import type { RunProgress } from './scheduler.js';

/** The worker entry point, always the built one (also when this module runs from src/ in tests). */
const workerPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'worker.js');

export interface RunProcessHooks {
  /** Called whenever `p` changes (a message from the worker, its end). */
  changed(): void;
  /** The worker process, once forked (to stop it with SIGINT). */
  started?(child: ChildProcess): void;
  /** Whether the bench is stopping: a worker that ends without a word is then 'stopped', not 'failed'. */
  stopping(): boolean;
}

/**
 * Trains (or resumes) and analyses one run in its own worker process, keeping
 * `p` up to date; resolves when the worker has exited, with `p.status` done,
 * stopped or failed (and `p.error`: the worker's one-line error, or how it died).
 */
export function runInWorkerProcess(job: WorkerJob, p: RunProgress, hooks: RunProcessHooks): Promise<void> {
  return new Promise<void>((resolve) => {
    p.status = 'running';
    p.startedAt = performance.now();
    const child = fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    hooks.started?.(child);
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
      hooks.changed();
    });
    child.on('exit', (code, signal) => {
      p.endedAt = performance.now();
      p.phase = undefined;
      if (ended?.type === 'finished') {
        p.status = 'done';
        p.steps = p.budget;
        p.finalReturn = ended.finalReturn;
      } else if (ended?.type === 'stopped' || (hooks.stopping() && ended === undefined)) {
        p.status = 'stopped';
      } else {
        p.status = 'failed';
        const lastLine = stderr.trim().split('\n').at(-1);
        p.error = ended?.type === 'failed' ? ended.message : `worker exited (${signal ?? `code ${code}`})${lastLine ? `: ${lastLine}` : ''}`;
      }
      hooks.changed();
      resolve();
    });
    child.send(job);
  });
}
