import cliProgress from 'cli-progress';
import { formatDuration, type EvaluationRecord, type Progress } from '@gogepo/core';

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(1));

/**
 * Training progress: a live bar on a terminal (cli-progress), plain log lines
 * otherwise (one per evaluation, and at most one every `everySeconds`).
 */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | undefined;
  private lastLine = 0;

  constructor(
    private readonly label: string,
    private readonly tty = Boolean(process.stderr.isTTY),
    private readonly everySeconds = 30,
  ) {}

  progress(p: Progress): void {
    const payload = {
      episodes: p.episodes, best: fmt(p.bestTrainReturn), evaluation: fmt(p.lastEvaluation),
      rate: p.stepsPerSecond.toFixed(0), remaining: formatDuration(p.etaSeconds),
    };
    if (this.tty) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            format: `${this.label} {bar} {value}/{total} steps | ep {episodes} | best train {best} | last eval {evaluation} | {rate} steps/s | ETA {remaining}`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(p.budget, p.steps, payload);
      }
      this.bar.update(p.steps, payload);
    } else if (performance.now() - this.lastLine > this.everySeconds * 1000) {
      this.lastLine = performance.now();
      console.log(
        `${this.label} steps ${p.steps}/${p.budget} episodes ${p.episodes} best-train ${payload.best} last-eval ${payload.evaluation} ${payload.rate} steps/s ETA ${payload.remaining}`,
      );
    }
  }

  evaluation(e: EvaluationRecord): void {
    if (!this.tty) console.log(`${this.label} evaluation at ${e.steps} steps: mean ${e.mean.toFixed(1)} over ${e.returns.length} episodes`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
