import { mean, quantile } from 'simple-statistics';
import { Rng } from '@gogepo/random';

/**
 * Aggregate statistics as Agarwal et al. recommend ("Deep RL at the Edge of the
 * Statistical Precipice", NeurIPS 2021; their library is rliable, in Python):
 * interquartile mean, stratified-bootstrap confidence intervals, probability of
 * improvement and performance profiles. Scores come as one array of run scores
 * per task (environment); a task may have a different number of runs per algorithm.
 * Quantiles and means are simple-statistics'.
 */

/** Interquartile mean: the mean after cutting floor(n/4) scores off each end (scipy's trim_mean(x, 0.25), as rliable). */
export function iqm(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length / 4);
  return mean(sorted.slice(cut, sorted.length - cut));
}

/** Mean over all runs of all tasks (each run counts once). */
export function pooledMean(tasks: number[][]): number {
  return mean(tasks.flat());
}

/** IQM over all runs of all tasks pooled. */
export function pooledIqm(tasks: number[][]): number {
  return iqm(tasks.flat());
}

export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

/** Resamples each task's runs with replacement (one stratum per task). */
function resampleTasks(tasks: number[][], rng: Rng): number[][] {
  return tasks.map((runs) => runs.map(() => runs[rng.int(runs.length)]));
}

/**
 * A statistic of per-task scores with its 95% stratified-bootstrap CI
 * (percentile method): the runs of each task are resampled with replacement,
 * `resamples` times, seeded. With one run per task the interval is the value.
 */
export function stratifiedBootstrap(tasks: number[][], statistic: (tasks: number[][]) => number, seed = 0, resamples = 2000): Interval {
  const rng = Rng.seeded(seed);
  const values = Array.from({ length: resamples }, () => statistic(resampleTasks(tasks, rng)));
  return { value: statistic(tasks), lo: quantile(values, 0.025), hi: quantile(values, 0.975) };
}

/**
 * P(X > Y): the chance that a run of X on a random task beats a run of Y on it,
 * averaged over the tasks both have (Mann-Whitney U / (n m) per task; a tie
 * counts one half).
 */
export function probabilityOfImprovement(x: number[][], y: number[][]): number {
  const perTask = x.map((xs, t) => {
    let wins = 0;
    for (const a of xs) for (const b of y[t]) wins += a > b ? 1 : a === b ? 0.5 : 0;
    return wins / (xs.length * y[t].length);
  });
  return mean(perTask);
}

/** P(X > Y) with its 95% stratified-bootstrap CI (X's and Y's runs resampled within each task). */
export function probabilityOfImprovementCi(x: number[][], y: number[][], seed = 0, resamples = 2000): Interval {
  const rng = Rng.seeded(seed);
  const values = Array.from({ length: resamples }, () => probabilityOfImprovement(resampleTasks(x, rng), resampleTasks(y, rng)));
  return { value: probabilityOfImprovement(x, y), lo: quantile(values, 0.025), hi: quantile(values, 0.975) };
}

/** Performance profile: for each threshold tau, the fraction of runs (all tasks pooled) that score above it. */
export function performanceProfile(tasks: number[][], taus: number[]): number[] {
  const all = tasks.flat();
  return taus.map((tau) => all.filter((s) => s > tau).length / all.length);
}

/** The performance profile with a pointwise 95% stratified-bootstrap band. */
export function performanceProfileCi(tasks: number[][], taus: number[], seed = 0, resamples = 1000): Interval[] {
  const rng = Rng.seeded(seed);
  const samples = Array.from({ length: resamples }, () => performanceProfile(resampleTasks(tasks, rng), taus));
  const value = performanceProfile(tasks, taus);
  return taus.map((_, i) => {
    const column = samples.map((s) => s[i]);
    return { value: value[i], lo: quantile(column, 0.025), hi: quantile(column, 0.975) };
  });
}
