/**
 * The small statistics the learners and the CLI compute: plain left-to-right
 * sums, the arithmetic every earlier run's numbers were made with (so results
 * stay bit for bit). The bench report's quantiles, sample deviations and
 * bootstrap intervals come from simple-statistics instead.
 */

export function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

/** The arithmetic mean; NaN for no numbers. */
export function mean(xs: readonly number[]): number {
  return sum(xs) / xs.length;
}

/** The population standard deviation (divisor n), as ARS's sigma_R and UDRL's command use. */
export function populationStd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}
