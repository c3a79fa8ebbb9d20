import cliProgress from 'cli-progress';
import { formatDuration } from '@gogepo/core';
import type { BenchObserver, RunProgress } from './scheduler.js';

/**
 * Seconds left: each unfinished run's remaining steps at the step rate its group
 * (environment, algorithm) has shown in this session (or the whole session's rate
 * before a group has any), shared among the workers.
 */
export function etaSeconds(runs: RunProgress[], workers: number, now = performance.now()): number {
  const rates = new Map<string, { steps: number; seconds: number }>();
  const all = { steps: 0, seconds: 0 };
  const key = (r: RunProgress) => `${r.run.env}/${r.run.label}`;
  for (const r of runs) {
    if (r.startedAt === undefined) continue;
    const steps = Math.max(0, Math.min(r.steps, r.budget) - r.stepsAtStart);
    const seconds = ((r.endedAt ?? now) - r.startedAt) / 1000;
    const group = rates.get(key(r)) ?? { steps: 0, seconds: 0 };
    rates.set(key(r), { steps: group.steps + steps, seconds: group.seconds + seconds });
    all.steps += steps;
    all.seconds += seconds;
  }
  let work = 0;
  for (const r of runs) {
    if (r.status === 'done' || r.status === 'failed') continue;
    const remaining = Math.max(0, r.budget - r.steps);
    const group = rates.get(key(r));
    const rate = group && group.steps > 0 ? group.steps / group.seconds : all.steps > 0 ? all.steps / all.seconds : 0;
    if (remaining > 0 && rate === 0) return Infinity;
    if (remaining > 0) work += remaining / rate;
  }
  return work / Math.max(1, workers);
}

/** Runs by status and steps done / total. */
export function benchCounts(runs: RunProgress[]) {
  const count = (status: RunProgress['status']) => runs.filter((r) => r.status === status).length;
  return {
    done: count('done'), running: count('running'), failed: count('failed'), pending: count('pending') + count('stopped'), runs: runs.length,
    steps: runs.reduce((s, r) => s + Math.min(r.steps, r.budget), 0), total: runs.reduce((s, r) => s + r.budget, 0),
  };
}

/** Bench progress: a live bar on a terminal (cli-progress), plain lines otherwise. */
export class BenchProgress implements BenchObserver {
  private bar: cliProgress.SingleBar | undefined;
  private lastLine = 0;

  constructor(
    private readonly workers: number,
    private readonly tty = Boolean(process.stderr.isTTY),
    private readonly everySeconds = 30,
  ) {}

  update(runs: RunProgress[]): void {
    const c = benchCounts(runs);
    const payload = { ...c, eta: formatDuration(etaSeconds(runs, this.workers)) };
    if (this.tty) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            format: 'bench {bar} {percentage}% | runs: {done}/{runs} done, {running} running, {failed} failed | ETA {eta}',
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(c.total, c.steps, payload);
      }
      this.bar.setTotal(c.total);
      this.bar.update(c.steps, payload);
    } else if (performance.now() - this.lastLine > this.everySeconds * 1000) {
      this.lastLine = performance.now();
      console.log(`bench: ${c.done}/${c.runs} runs done, ${c.running} running, ${c.failed} failed; ${c.steps}/${c.total} steps; ETA ${payload.eta}`);
    }
  }

  runEnded(p: RunProgress): void {
    const line =
      p.status === 'done' ? `done    ${p.run.id}: final return ${p.finalReturn?.toFixed(1)}`
      : p.status === 'failed' ? `FAILED  ${p.run.id}: ${p.error}`
      : `stopped ${p.run.id} at ${p.steps} steps (resumes on the next bench run)`;
    if (this.tty && this.bar) this.bar.stop(), (this.bar = undefined);
    console.log(line);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
