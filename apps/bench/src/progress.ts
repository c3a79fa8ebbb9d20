import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { formatDuration } from '@gogepo/core';
import { EtaDisplay, etaRange } from './eta.js';
import type { BenchObserver, RunProgress } from './scheduler.js';
import { BENCH_ERROR_FILE } from './messages.js';

/** "IP-gogepo-s0 41%, MCC-ars-s2 7%": the runs now running and how far each is. */
export function runningText(runs: RunProgress[]): string {
  const running = runs.filter((r) => r.status === 'running');
  if (running.length === 0) return '-';
  return running.map((r) => `${r.run.id}${r.host ? ` on ${r.host}` : ''} ${r.phase ?? `${Math.floor((100 * Math.min(r.steps, r.budget)) / Math.max(1, r.budget))}%`}`).join(', ');
}

/** Runs by status and steps done / total. */
export function benchCounts(runs: RunProgress[]) {
  const count = (status: RunProgress['status']) => runs.filter((r) => r.status === status).length;
  return {
    done: count('done'), running: count('running'), failed: count('failed'), pending: count('pending') + count('stopped'), runs: runs.length,
    steps: runs.reduce((s, r) => s + Math.min(r.steps, r.budget), 0), total: runs.reduce((s, r) => s + r.budget, 0),
  };
}

/** Bench progress: a live bar on a terminal (cli-progress), plain lines otherwise; both show elapsed time, the running runs and a smoothed ETA. */
export class BenchProgress implements BenchObserver {
  private bar: cliProgress.SingleBar | undefined;
  private lastLine = 0;
  private readonly startedAt = performance.now();
  private readonly eta = new EtaDisplay();

  constructor(
    private readonly workers: number,
    private readonly tty = Boolean(process.stderr.isTTY),
    private readonly everySeconds = 30,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(runs: RunProgress[]): void {
    const c = benchCounts(runs);
    const now = performance.now();
    // cli-progress fills {eta} and {duration} itself: ours have other names
    const payload = {
      ...c,
      benchEta: c.pending + c.running === 0 ? '0m00s' : this.eta.update(etaRange(runs, this.workers, now), now),
      elapsed: formatDuration((now - this.startedAt) / 1000),
      runningRuns: runningText(runs),
    };
    if (this.tty) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            format: 'bench {bar} {percentage}% | {done}/{runs} done, {failed} failed | elapsed {elapsed}, ETA {benchEta} | running: {runningRuns}',
            stream: this.stream,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(c.total, c.steps, payload);
      }
      this.bar.setTotal(c.total);
      this.bar.update(c.steps, payload);
    } else if (now - this.lastLine > this.everySeconds * 1000) {
      this.lastLine = now;
      console.log(
        `bench: ${c.done}/${c.runs} runs done, ${c.failed} failed; ${c.steps}/${c.total} steps; elapsed ${payload.elapsed}, ETA ${payload.benchEta}; running: ${payload.runningRuns}`,
      );
    }
  }
  runEnded(p: RunProgress): void {
    const line =
      p.status === 'done' ? `done    ${p.run.id}: final return ${p.finalReturn?.toFixed(1)}`
      : p.status === 'failed' ? `FAILED  ${p.run.id}: ${p.error}`
      : `stopped ${p.run.id} at ${p.steps} steps (resumes on the next bench run)`;
    this.log(line);
  }

  /** A line of its own between the progress updates (the bar, on a terminal, is drawn again by the next update). */
  log(line: string): void {
    if (this.tty && this.bar) this.bar.stop(), (this.bar = undefined);
    console.log(line);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** The line a failed run gets at the end of a bench; it points to bench-error.txt only when the worker wrote one (a killed worker does not). */
export function failureLine(run: { id: string; dir: string }, error: string): string {
  const details = join(run.dir, BENCH_ERROR_FILE);
  return `  failed: ${run.id}: ${error}${existsSync(details) ? ` (details: ${details})` : ''}`;
}
