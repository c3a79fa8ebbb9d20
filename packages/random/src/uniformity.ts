/**
 * The Kolmogorov-Smirnov statistic of `samples` against U(low, high): the
 * largest gap between their empirical CDF and the uniform one. For n samples
 * the 1% critical value is about 1.63 / sqrt(n) (`ksCritical`). Used to check
 * that consecutive seeds give independent-looking episodes; also for your own
 * environment's reset distribution.
 */
export function ksStatisticUniform(samples: ArrayLike<number>, low: number, high: number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const cdf = Math.min(1, Math.max(0, (sorted[i] - low) / (high - low)));
    d = Math.max(d, (i + 1) / n - cdf, cdf - i / n);
  }
  return d;
}

/** The KS critical value for n samples at significance 0.01 (asymptotic). */
export function ksCritical(n: number): number {
  return 1.628 / Math.sqrt(n);
}

/** Pearson's correlation of two equally long samples (for "draws of neighbouring seeds are uncorrelated"). */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) (mx += x[i] / n), (my += y[i] / n);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
