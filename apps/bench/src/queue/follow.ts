import type { Queue } from 'bullmq';
import type { PlannedRun } from '../plan.js';
import type { BenchObserver, BenchResult, RunProgress } from '../scheduler.js';
import { queueProgress } from './queue-progress.js';

/**
 * Follows a queued suite until every run is done or failed (or `stopSignal`):
 * polls the queue every `pollMs` and feeds the same observer as local mode.
 * A run not done on disk whose job has vanished (Redis restarted without
 * persistence, or its data was flushed) is handed to `requeue`. Stopping only
 * stops following; the workers go on.
 */
export async function followQueue(
  queue: Queue, runs: PlannedRun[], observer: BenchObserver, stopSignal: Promise<void>, requeue: (missing: PlannedRun[]) => Promise<void>, pollMs = 2000,
): Promise<BenchResult> {
  let stopped = false;
  let wake: () => void = () => {};
  stopSignal.then(() => {
    stopped = true;
    wake();
  });
  const reported = new Set<string>();
  for (let first = true; ; first = false) {
    const progress = await queueProgress(queue, runs);
    if (progress.missing.length > 0) await requeue(progress.missing);
    observer.update(progress);
    for (const p of progress) {
      if (p.status !== 'done' && p.status !== 'failed') continue;
      if (!reported.has(p.run.id) && !first) observer.runEnded?.(p);
      reported.add(p.run.id);
    }
    if (stopped || progress.every((p) => p.status === 'done' || p.status === 'failed')) return { runs: progress, stopped };
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wake = () => (clearTimeout(timer), resolve());
    });
  }
}

