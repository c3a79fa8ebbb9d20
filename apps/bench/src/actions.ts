/**
 * What the bench's commands do, loaded only when one runs (program.ts keeps
 * --help, --version and usage errors light).
 */
import { join } from 'node:path';
import { resolveModules } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import { planLine, planSuite, runState, selectRuns } from './plan.js';
import { BenchProgress, failureLine } from './progress.js';
import { writeReport } from './report/report.js';
import { meanStdText } from './report/tables.js';
import { runSuite } from './scheduler.js';
import { enqueueAndFollow } from './queue/commands.js';
import { writeSlurmScript } from './slurm.js';
import { stopOnSignals } from './stop-signal.js';
import { loadSuite, loadSuiteModules, type Suite } from './suite.js';

export const defaultOut = (suiteName: string) => join('bench', suiteName);

export interface RunOptions {
  suite: string;
  out?: string;
  workers: number;
  backend: BackendChoice;
  report: boolean;
  only?: string[];
  /** The Redis URL (queue mode), already resolved from --queue or GOGEPO_QUEUE_URL. */
  queue?: string;
  retryFailed?: boolean;
  require: string[];
}

/** The suite named by --suite, its modules loaded, and its bench directory (--out, or bench/<name>). */
export async function openSuite(opts: { suite: string; out?: string; require: string[] }): Promise<{ suite: Suite; out: string }> {
  const suite = loadSuite(opts.suite);
  await loadSuiteModules(suite, resolveModules(opts.require));
  return { suite, out: opts.out ?? defaultOut(suite.name) };
}

export async function run(opts: RunOptions): Promise<void> {
  const { suite, out } = await openSuite(opts);
  if (opts.queue) return runOnQueue(suite, out, { ...opts, queue: opts.queue });
  const planned = selectRuns(planSuite(suite, out), opts.only);
  const done = planned.filter((r) => runState(r) === 'done').length;
  const selection = opts.only ? ` (--only ${opts.only.join(',')})` : '';
  console.log(`suite ${suite.name}${selection}: ${planned.length} runs (${done} already done) in ${out}, ${opts.workers} worker processes, backend ${opts.backend}`);

  const stop = stopOnSignals('stopping: the running runs write a checkpoint');
  const progress = new BenchProgress(opts.workers);
  try {
    const result = await runSuite(suite, out, { workers: opts.workers, backend: opts.backend, observer: progress, stopSignal: stop.signal, only: opts.only });
    progress.stop();
    const failed = result.runs.filter((r) => r.status === 'failed');
    const finished = result.runs.filter((r) => r.status === 'done').length;
    console.log(`${finished}/${result.runs.length} runs done, ${failed.length} failed`);
    for (const f of failed) console.log(failureLine(f.run, f.error ?? 'failed'));
    if (result.stopped) {
      console.log(`stopped; run the same command again to resume`);
      process.exitCode = 130;
      return;
    }
    if (opts.report) await report(out, { require: opts.require });
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    progress.stop();
    stop.dispose();
  }
}

async function runOnQueue(suite: Suite, out: string, opts: RunOptions & { queue: string }): Promise<void> {
  const result = await enqueueAndFollow(suite, out, opts);
  if (result.stopped) {
    process.exitCode = 130;
    return;
  }
  if (opts.report && result.allDone) await report(out, { require: opts.require });
  if (!result.allDone) process.exitCode = 1;
}

export async function report(dir: string, opts: { out?: string; videos?: boolean; require: string[] }): Promise<void> {
  const r = await writeReport(dir, opts.out, { videos: opts.videos, modules: resolveModules(opts.require) });
  console.log(`report: ${r.runs.finished}/${r.runs.planned} runs finished; ${r.figures.length} figures`);
  for (const row of r.table) {
    const text = meanStdText(row);
    console.log(`  ${row.env.padEnd(26)} ${row.label.padEnd(10)} final return ${text.padEnd(16)} (${row.finished}/${row.planned} seeds)${row.paper ? `  paper ${row.paper.mean} ± ${row.paper.std}` : ''}`);
  }
  if (r.videos.skipped && opts.videos !== false) console.log(`  no clips of the generators: ${r.videos.skipped}`);
  console.log(`wrote ${join(r.dir, 'index.html')} (open it in a browser) and ${join(r.dir, 'report.md')}`);
}


/** `plan`: the runs of a suite and their state. */
export async function plan(opts: { suite: string; out?: string; only?: string[]; require: string[] }): Promise<void> {
  const { suite, out } = await openSuite(opts);
  const runs = selectRuns(planSuite(suite, out), opts.only);
  for (const r of runs) console.log(planLine(r));
  console.log(`${runs.length} runs; ${runs.reduce((s, r) => s + r.config.steps, 0)} environment steps in all`);
}

/** `slurm`: the sbatch script of a suite. */
export async function slurm(opts: { suite: string; out?: string; only?: string[]; backend: BackendChoice; sbatch: string[]; force?: boolean; require: string[] }): Promise<void> {
  const { suite, out } = await openSuite(opts);
  const { path, indices } = writeSlurmScript(suite, out, { ...opts, force: Boolean(opts.force), modules: resolveModules(opts.require) });
  console.log(`wrote ${path}: ${indices.length} array tasks; submit it with: sbatch ${path}`);
}
