import { mean, quantile, sampleStandardDeviation, sampleWithReplacement } from 'simple-statistics';
import { Rng } from '@gogepo/random';

/** Mean and sample standard deviation (n - 1; none for one value: a spread of one seed is unknown, not 0). */
export function meanStd(xs: number[]): { mean: number; std?: number } {
  return { mean: mean(xs), std: xs.length > 1 ? sampleStandardDeviation(xs) : undefined };
}

/**
 * 95% bootstrap confidence interval of the mean (percentile method, seeded):
 * resample the values with replacement `resamples` times. One value: [x, x].
 */
export function bootstrapMeanCi(xs: number[], seed = 0, resamples = 2000): { lo: number; hi: number } {
  if (xs.length < 2) return { lo: xs[0], hi: xs[0] };
  const rng = Rng.seeded(seed);
  const random = () => rng.uniform();
  const means = Array.from({ length: resamples }, () => mean(sampleWithReplacement(xs, xs.length, random)));
  return { lo: quantile(means, 0.025), hi: quantile(means, 0.975) };
}
