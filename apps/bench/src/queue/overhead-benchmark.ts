/**
 * Queue mode's overhead, measured against a real Redis (started here):
 *   node apps/bench/dist/queue/overhead-benchmark.js
 * prints the time to enqueue the paper suite (320 runs), one status poll of it,
 * and, for a real `gogepo-bench worker` waiting on the queue, the latency from
 * enqueue to the job's start and to the run's first progress report.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planSuite } from '../plan.js';
import { claimBenchDir } from '../scheduler.js';
import { loadSuite, parseSuite } from '../suite.js';
import { redisConnection } from './connection.js';
import { claimQueueName } from './bench-queue.js';
import { enqueueRuns, openQueue, queueProgress } from './queue-progress.js';
import { TestRedis } from './redis.testkit.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bench = fileURLToPath(new URL('../../bin/gogepo-bench.js', import.meta.url));
const redis = await TestRedis.start();
const connection = redisConnection(redis.url);
// Both suites' folders, removed at the end with Redis's.
const scratch = mkdtempSync(join(tmpdir(), 'gogepo-overhead-'));
try {
  const paper = loadSuite('paper');
  const dir = join(scratch, 'paper');
  mkdirSync(dir);
  const runs = planSuite(paper, dir);
  const queue = openQueue(claimQueueName(dir, paper), connection);
  let t = performance.now();
  await enqueueRuns(queue, paper, runs);
  console.log(`enqueue the paper suite (${runs.length} runs): ${(performance.now() - t).toFixed(0)} ms`);
  const polls: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    await queueProgress(queue, runs);
    polls.push(performance.now() - t);
  }
  console.log(`one status poll of ${runs.length} queued runs: median ${median(polls).toFixed(0)} ms (run --queue polls every 2 s)`);
  await queue.obliterate({ force: true });
  await queue.close();

  const tiny = parseSuite({ name: 'overhead', seeds: [0, 1, 2, 3, 4], runs: [{ algo: 'ars', env: 'InvertedPendulum-v2', steps: 200, config: { evalInterval: 200, evalEpisodes: 1 } }] }, 'overhead');
  const tinyDir = join(scratch, 'tiny');
  mkdirSync(tinyDir);
  claimBenchDir(tinyDir, tiny);
  const worker = spawn(process.execPath, [bench, 'worker', '--queue', redis.url, '--out', tinyDir, '--workers', '1', '--backend', 'native'], { stdio: 'ignore' });
  const q = openQueue(claimQueueName(tinyDir, tiny), connection);
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the worker is up and waiting
  const toStart: number[] = [];
  const toProgress: number[] = [];
  for (const run of planSuite(tiny, tinyDir)) {
    const added = Date.now();
    await enqueueRuns(q, tiny, [run]);
    for (;;) {
      const job = await q.getJob(run.id);
      if (job?.processedOn && toStart.length < toProgress.length + 1) toStart.push(job.processedOn - added);
      if (job && typeof job.progress === 'object') {
        toProgress.push(Date.now() - added);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let it finish
  }
  console.log(`enqueue -> a waiting worker starts the job: median ${median(toStart)} ms; -> the run's first progress report (its process forked and loaded): median ${median(toProgress)} ms (${toStart.length} runs)`);
  await new Promise((resolve) => {
    worker.once('exit', resolve);
    worker.kill('SIGTERM');
  });
  await q.close();
} finally {
  connection.disconnect();
  await redis.down();
  rmSync(scratch, { recursive: true, force: true });
  rmSync(redis.dir, { recursive: true, force: true });
}
