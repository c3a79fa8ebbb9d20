import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { formatDuration } from '@gogepo/core';
import type { BenchObserver, RunProgress } from './scheduler.js';
import { BENCH_ERROR_FILE } from './messages.js';

/** A group's own rate is trusted once it has this much work behind it (or a finished run). */
export const MIN_GROUP_SECONDS = 60;

/**
 * Seconds left: each unfinished run's remaining steps at the step rate its group
 * (environment, algorithm) has shown in this session, shared among the workers.
 * A rate counts once it has MIN_GROUP_SECONDS of work or a finished run behind
 * it (before that a worker is still loading, or in its first episode). A group
 * without one borrows its algorithm's rate on the other environments, then the
 * whole session's. NaN while nothing is known yet.
 */
export function etaSeconds(runs: RunProgress[], workers: number, now = performance.now()): number {
  type Rate = { steps: number; seconds: number; finished: boolean };
  const rates = new Map<string, Rate>();
  const add = (key: string, steps: number, seconds: number, finished: boolean) => {
    const r = rates.get(key) ?? { steps: 0, seconds: 0, finished: false };
    rates.set(key, { steps: r.steps + steps, seconds: r.seconds + seconds, finished: r.finished || finished });
  };
  for (const r of runs) {
    if (r.startedAt === undefined) continue;
    const steps = Math.max(0, Math.min(r.steps, r.budget) - r.stepsAtStart);
    const seconds = ((r.endedAt ?? now) - r.startedAt) / 1000;
    for (const key of [`${r.run.env}/${r.run.label}`, r.run.label, '']) add(key, steps, seconds, r.status === 'done');
  }
  const rateOf = (key: string) => {
    const r = rates.get(key);
    return r && r.steps > 0 && (r.finished || r.seconds >= MIN_GROUP_SECONDS) ? r.steps / r.seconds : undefined;
  };
  let work = 0;
  for (const r of runs) {
    if (r.status === 'done' || r.status === 'failed') continue;
    const remaining = Math.max(0, r.budget - r.steps);
    if (remaining === 0) continue;
    const rate = rateOf(`${r.run.env}/${r.run.label}`) ?? rateOf(r.run.label) ?? rateOf('');
    if (rate === undefined) return NaN;
    work += remaining / rate;
  }
  return work / Math.max(1, workers);
}

/**
 * The ETA shown: the estimated finish time, smoothed over about `tau` seconds
 * (an exponential moving average of now + etaSeconds), so that it drifts
 * rather than jumps when the estimate changes.
 */
export class SmoothedEta {
  private finish: number | undefined;
  private at = 0;

  constructor(private readonly tau = 60) {}

  /** Seconds left as shown, given the raw estimate at time `now` (ms). */
  update(rawSeconds: number, now = performance.now()): number {
    if (!Number.isFinite(rawSeconds)) return this.finish === undefined ? NaN : Math.max(0, (this.finish - now) / 1000);
    const target = now + rawSeconds * 1000;
    if (this.finish === undefined) this.finish = target;
    else this.finish += (target - this.finish) * (1 - Math.exp(-(now - this.at) / 1000 / this.tau));
    this.at = now;
    return Math.max(0, (this.finish - now) / 1000);
  }
}

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
  private readonly eta = new SmoothedEta();

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
      benchEta: c.pending + c.running === 0 ? '0m00s' : formatDuration(this.eta.update(etaSeconds(runs, this.workers, now), now)),
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
