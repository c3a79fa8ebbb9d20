/**
 * The Kolmogorov-Smirnov statistic of `samples` against a distribution's CDF:
 * the largest gap between their empirical CDF and it. For n samples the 1%
 * critical value is about 1.63 / sqrt(n) (`ksCritical`). Used to check that
 * consecutive seeds give independent-looking episodes; also for your own
 * environment's reset distribution.
 */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const p = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - p, p - i / n);
  }
  return d;
}

/** ksStatistic against U(low, high). */
export function ksStatisticUniform(samples: ArrayLike<number>, low: number, high: number): number {
  return ksStatistic(samples, (x) => Math.min(1, Math.max(0, (x - low) / (high - low))));
}

/** ksStatistic against N(mean, std²). */
export function ksStatisticNormal(samples: ArrayLike<number>, mean: number, std: number): number {
  return ksStatistic(samples, (x) => 0.5 * (1 + erf((x - mean) / (std * Math.SQRT2))));
}

/** The error function, to 1.5e-7 (Abramowitz and Stegun 7.1.26): ample for a KS test at n = 1,000. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const y = 1 - poly * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/**
 * The KS critical value for n samples at significance `alpha` (asymptotic:
 * sqrt(-ln(alpha / 2) / 2) / sqrt(n); 1.628 / sqrt(n) at 0.01). Testing k
 * coordinates at once, pass alpha / k (Bonferroni) to keep the chance of a
 * false alarm at alpha.
 */
export function ksCritical(n: number, alpha = 0.01): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
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
