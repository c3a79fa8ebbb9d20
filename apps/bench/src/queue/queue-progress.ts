import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { runState, summaryOnDisk, type PlannedRun } from '../plan.js';
import { progressOnDisk, type RunProgress } from '../scheduler.js';
import type { Suite } from '../suite.js';
import { jobData } from './job-data.js';
import type { JobProgress } from './queue-worker.js';

/** The BullMQ queue of a bench directory (its name: queue.json, see bench-queue.ts). */
export const openQueue = (name: string, connection: Redis) => new Queue(name, { connection });

/**
 * Adds a job for every run not done yet; the job id is the run id, so a run
 * already queued (waiting, running or failed) is not added again. The queue
 * is reconciled with the disk first: a completed job whose run is not done on
 * disk (its directory deleted, say) is removed, so the run is queued again.
 * With `retryFailed`, failed jobs go back to the queue. Returns how many
 * jobs were new.
 */
export async function enqueueRuns(queue: Queue, suite: Suite, runs: PlannedRun[], retryFailed = false): Promise<{ added: number; retried: number }> {
  const todo = runs.filter((r) => runState(r) !== 'done');
  const jobs = await jobsByRun(queue);
  for (const run of todo) {
    const found = jobs.get(run.id);
    if (found?.status === 'done') {
      await found.job.remove();
      jobs.delete(run.id);
    }
  }
  const before = new Set(jobs.keys());
  await queue.addBulk(todo.map((r) => ({ name: r.id, data: jobData(suite, r), opts: { jobId: r.id, attempts: 1, removeOnComplete: false, removeOnFail: false } })));
  let retried = 0;
  if (retryFailed) {
    for (const job of await queue.getJobs(['failed'])) {
      if (todo.some((r) => r.id === job.id)) await job.retry('failed'), retried++;
    }
  }
  return { added: todo.filter((r) => !before.has(r.id)).length, retried };
}

const states = { running: ['active'], done: ['completed'], failed: ['failed'], pending: ['waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'] } as const;

/** Every job of the queue with its status (one query per state). */
async function jobsByRun(queue: Queue): Promise<Map<string, { job: Job; status: RunProgress['status'] }>> {
  const found = new Map<string, { job: Job; status: RunProgress['status'] }>();
  for (const [status, types] of Object.entries(states) as [RunProgress['status'], readonly string[]][]) {
    for (const job of await queue.getJobs([...types] as Parameters<Queue['getJobs']>[0])) if (job?.id) found.set(job.id, { job, status });
  }
  return found;
}

/**
 * The runs as the queue sees them, in the form the local display takes:
 * times are moved onto this process's performance.now() clock. A run with no
 * job is done if its directory says so, else pending; `missing` lists those
 * pending ones (their jobs were never added, or Redis lost them).
 */
export async function queueProgress(queue: Queue, runs: PlannedRun[]): Promise<RunProgress[] & { missing: PlannedRun[] }> {
  const jobs = await jobsByRun(queue);
  const missing = runs.filter((run) => !jobs.has(run.id) && runState(run) !== 'done');
  return Object.assign(progressOf(jobs, runs), { missing });
}

function progressOf(jobs: Map<string, { job: Job; status: RunProgress['status'] }>, runs: PlannedRun[]): RunProgress[] {
  const toLocal = (epochMs: number) => performance.now() - (Date.now() - epochMs);
  return runs.map((run): RunProgress => {
      const budget = run.config.steps;
      const found = jobs.get(run.id);
      if (!found) return progressOnDisk(run);
      const { job } = found;
      // the disk is the truth: a run done there is done, whatever its job says (a job re-added after Redis lost it may fail on the lock)
      const status = found.status === 'failed' && runState(run) === 'done' ? 'done' : found.status;
      const progress = typeof job.progress === 'object' ? (job.progress as Partial<JobProgress>) : {};
      const p: RunProgress = { run, status, steps: progress.steps ?? 0, budget: progress.budget ?? budget, stepsAtStart: progress.stepsAtStart ?? 0 };
      if (status === 'running' || status === 'done') {
        if (progress.startedAt !== undefined) p.startedAt = toLocal(progress.startedAt);
        p.host = progress.host;
        p.phase = progress.phase;
        p.lastEvaluation = progress.lastEvaluation;
      }
      if (status === 'done') {
        p.steps = p.budget;
        // the worker's answer, or (a job that lost it) the run's own summary
        p.finalReturn = (job.returnvalue as { finalReturn?: number } | null)?.finalReturn ?? summaryOnDisk(run)?.finalReturn;
        if (job.finishedOn !== undefined) p.endedAt = toLocal(job.finishedOn);
      }
      if (status === 'failed') p.error = job.failedReason;
      return p;
  });
}
