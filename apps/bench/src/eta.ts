import { formatDuration } from '@gogepo/core';
import type { RunProgress } from './scheduler.js';

/** A group's own rate is trusted once it has this much work behind it (or a finished run). */
export const MIN_GROUP_SECONDS = 60;

/** Seconds left, as a range: the bench is done after `low` at the earliest and `high` at the latest, most likely after `expected`. */
export interface EtaRange {
  low: number;
  expected: number;
  high: number;
  /**
   * Groups (environment / label) with work left but no pace known yet: their
   * own, or their algorithm's on another environment. Their runs count as no
   * work in `low`, and `expected` and `high` are Infinity: the bench only
   * knows it needs more than `low`.
   */
  unknown: string[];
}

/**
 * How far a step rate may be off, by where it comes from: a factor each way.
 * A group (environment, algorithm) with a finished run knows its pace; one
 * still in its first run less so (a run's episodes lengthen as it learns); a
 * group with no data of its own borrows its algorithm's rate on the other
 * environments, which may be off by far more. (The session's pace is no
 * guide: algorithms differ by a factor 100.)
 */
const SPREAD = { finished: 1.5, running: 2, algorithm: 4 } as const;
type Source = keyof typeof SPREAD;

/**
 * Seconds left for a bench of `workers` runs at once, as a range. Each
 * unfinished run needs its remaining steps at its group's step rate (this
 * session's work, and the runs finished before it; MIN_GROUP_SECONDS of work
 * or a finished run make a rate count); the
 * runs are then laid out on the workers as the bench takes them — the running
 * ones first, the waiting ones in plan order, each on the worker that frees
 * first — so one long run cannot finish sooner than it can, and a waiting run
 * waits. The range widens with how little is known of each group's rate
 * (SPREAD). Undefined while nothing is known yet, and while a running run's
 * group has no rate of its own (its first minute says little).
 */
export function etaRange(runs: RunProgress[], workers: number, now = performance.now()): EtaRange | undefined {
  const rates = groupRates(runs, now);
  const rateOf = (r: RunProgress): { rate: number; source: Source } | undefined => {
    const own = rates.get(`${r.run.env}/${r.run.label}`);
    if (own) return { rate: own.rate, source: own.finished ? 'finished' : 'running' };
    const algorithm = rates.get(r.run.label);
    return algorithm && { rate: algorithm.rate, source: 'algorithm' };
  };
  const running: number[][] = [];
  const waiting: number[][] = [];
  const unknown = new Set<string>();
  for (const r of runs) {
    if (r.status === 'done' || r.status === 'failed') continue;
    const remaining = Math.max(0, r.budget - r.steps);
    const known = rateOf(r);
    // a running run whose group has no rate of its own yet (still loading, or in its first minute) could be anything
    const durations = !known || (r.status === 'running' && !rates.has(`${r.run.env}/${r.run.label}`))
      ? (remaining > 0 && unknown.add(`${r.run.env} ${r.run.label}`), [0, Infinity, Infinity])
      : [remaining / known.rate / SPREAD[known.source], remaining / known.rate, (remaining / known.rate) * SPREAD[known.source]];
    (r.status === 'running' ? running : waiting).push(durations);
  }
  if (running.length + waiting.length > 0 && rates.size === 0) return undefined;
  const makespan = (k: number) => layOut(running.map((d) => d[k]), waiting.map((d) => d[k]), workers);
  return { low: makespan(0), expected: makespan(1), high: makespan(2), unknown: [...unknown] };
}

/**
 * Steps per second of each group (`env/label`), each label (`label`) and the
 * session (``), where they count: from the runs this session worked on, and
 * from the runs finished before it (their summaries' wall times), so that a
 * bench resumed across sessions knows the pace of the groups it finished.
 */
function groupRates(runs: RunProgress[], now: number): Map<string, { rate: number; finished: boolean }> {
  const sums = new Map<string, { steps: number; seconds: number; finished: boolean }>();
  for (const r of runs) {
    const worked = workOf(r, now);
    if (!worked) continue;
    const { steps, seconds } = worked;
    for (const key of [`${r.run.env}/${r.run.label}`, r.run.label, '']) {
      const s = sums.get(key) ?? { steps: 0, seconds: 0, finished: false };
      sums.set(key, { steps: s.steps + steps, seconds: s.seconds + seconds, finished: s.finished || r.status === 'done' });
    }
  }
  const rates = new Map<string, { rate: number; finished: boolean }>();
  for (const [key, s] of sums) if (s.steps > 0 && (s.finished || s.seconds >= MIN_GROUP_SECONDS)) rates.set(key, { rate: s.steps / s.seconds, finished: s.finished });
  return rates;
}

/**
 * The steps a run did and the seconds they took: this session's work on it,
 * or, for a run finished before this session, its budget in its recorded wall
 * time; undefined when neither is known.
 */
function workOf(r: RunProgress, now: number): { steps: number; seconds: number } | undefined {
  if (r.startedAt !== undefined) return { steps: Math.max(0, Math.min(r.steps, r.budget) - r.stepsAtStart), seconds: ((r.endedAt ?? now) - r.startedAt) / 1000 };
  return r.status === 'done' && r.secondsBefore ? { steps: r.budget, seconds: r.secondsBefore } : undefined;
}

/** When the last run ends: the running runs on their workers, then each waiting one (in order) on the worker that frees first. */
function layOut(running: number[], waiting: number[], workers: number): number {
  const free = [...running];
  while (free.length < workers) free.push(0);
  for (const seconds of waiting) {
    let first = 0;
    for (let w = 1; w < free.length; w++) if (free[w] < free[first]) first = w;
    free[first] += seconds;
  }
  return Math.max(0, ...free);
}

/**
 * The ETA as shown: a time while the range is narrow ("ETA 12m30s"), else the
 * range ("ETA 40m-2h10m"); "?" while nothing is known. Each end is smoothed
 * over about a minute (SmoothedEta), so it drifts rather than jumps.
 */
export class EtaDisplay {
  private readonly ends = { low: new SmoothedEta(), expected: new SmoothedEta(), high: new SmoothedEta() };

  update(range: EtaRange | undefined, now = performance.now()): string {
    const shown = {
      low: this.ends.low.update(range?.low ?? NaN, now),
      expected: this.ends.expected.update(range?.expected ?? NaN, now),
      high: this.ends.high.update(range?.high ?? NaN, now),
    };
    if (range && range.unknown.length > 0) {
      const which = range.unknown.length <= 2 ? range.unknown.join(', ') : `${range.unknown.length} groups`;
      return `${shown.low > 0 ? `more than ${formatDuration(shown.low)}` : '?'} (no pace yet for ${which})`;
    }
    if (!Number.isFinite(shown.expected)) return '?';
    if (shown.high <= 1.5 * shown.low || shown.high - shown.low < 60) return formatDuration(shown.expected);
    return `${formatDuration(shown.low)}-${formatDuration(shown.high)}`;
  }
}

/**
 * A shown estimate, smoothed over about `tau` seconds (an exponential moving
 * average of now + the estimate), so that it drifts rather than jumps when the
 * estimate changes.
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
