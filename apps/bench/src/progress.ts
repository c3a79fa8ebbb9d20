import cliProgress from 'cli-progress';
import type { BenchObserver, RunProgress } from './scheduler.js';

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

/** Runs by status, steps done / total, and the ETA from this session's step rate. */
export function benchCounts(runs: RunProgress[], elapsedSeconds: number) {
  const count = (status: RunProgress['status']) => runs.filter((r) => r.status === status).length;
  const total = runs.reduce((s, r) => s + r.budget, 0);
  const steps = runs.reduce((s, r) => s + Math.min(r.steps, r.budget), 0);
  const sessionSteps = runs.reduce((s, r) => s + Math.max(0, Math.min(r.steps, r.budget) - r.stepsAtStart), 0);
  const remaining = runs.filter((r) => r.status !== 'failed').reduce((s, r) => s + Math.max(0, r.budget - r.steps), 0);
  const rate = sessionSteps / Math.max(elapsedSeconds, 1e-9);
  return {
    done: count('done'), running: count('running'), failed: count('failed'), pending: count('pending') + count('stopped'),
    runs: runs.length, steps, total, etaSeconds: remaining === 0 ? 0 : sessionSteps > 0 ? remaining / rate : Infinity,
  };
}

/** Bench progress: a live bar on a terminal (cli-progress), plain lines otherwise. */
export class BenchProgress implements BenchObserver {
  private bar: cliProgress.SingleBar | undefined;
  private readonly start = performance.now();
  private lastLine = 0;

  constructor(
    private readonly tty = Boolean(process.stderr.isTTY),
    private readonly everySeconds = 30,
  ) {}

  update(runs: RunProgress[]): void {
    const c = benchCounts(runs, (performance.now() - this.start) / 1000);
    const payload = { ...c, eta: duration(c.etaSeconds) };
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
