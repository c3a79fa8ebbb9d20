/**
 * Running mean and standard deviation of observations (Welford's algorithm,
 * done correctly: the reference implementation's variance update aliases and
 * slightly underestimates the std). The std is the sample std (divisor n - 1),
 * the reference's estimator.
 *
 * `record` accumulates; `normalise` uses the statistics as of the last
 * `refresh` (the identity before the first), so an algorithm decides when its
 * policies see new statistics: GoGePo after every episode, ARS once per iteration.
 */
export class ObservationNormaliser {
  count = 0;
  readonly mean: Float64Array;
  /** Sum of squared deviations from the mean. */
  readonly m2: Float64Array;
  private readonly appliedMean: Float64Array;
  private readonly appliedStd: Float64Array;

  constructor(readonly size: number) {
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.appliedMean = new Float64Array(size);
    this.appliedStd = new Float64Array(size).fill(1);
  }

  /** Adds observations (one per row of `observations`, each of `size` numbers). */
  record(observations: ArrayLike<number>, rows: number): void {
    for (let r = 0; r < rows; r++) {
      this.count += 1;
      for (let i = 0; i < this.size; i++) {
        const x = observations[r * this.size + i];
        const delta = x - this.mean[i];
        this.mean[i] += delta / this.count;
        this.m2[i] += delta * (x - this.mean[i]);
      }
    }
  }

  /** From now on, normalise with the statistics recorded so far. */
  refresh(): void {
    if (this.count < 2) return; // one observation has no spread yet
    this.appliedMean.set(this.mean);
    for (let i = 0; i < this.size; i++) this.appliedStd[i] = Math.sqrt(this.m2[i] / (this.count - 1));
  }

  /** out = (obs - mean) / (std + 1e-8), with the statistics of the last refresh. */
  normalise(obs: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let i = 0; i < this.size; i++) out[i] = (obs[i] - this.appliedMean[i]) / (this.appliedStd[i] + 1e-8);
    return out;
  }

  /** The mean and std that `normalise` uses now. */
  applied(): { mean: Float64Array; std: Float64Array } {
    return { mean: Float64Array.from(this.appliedMean), std: Float64Array.from(this.appliedStd) };
  }

  toJSON(): NormaliserState {
    return {
      count: this.count, mean: Array.from(this.mean), m2: Array.from(this.m2),
      appliedMean: Array.from(this.appliedMean), appliedStd: Array.from(this.appliedStd),
    };
  }

  /** Sets the statistics to a saved state, in place (the algorithm holds the same object). */
  restore(state: NormaliserState): void {
    if (state.mean.length !== this.size) throw new Error(`observation statistics of size ${state.mean.length}, expected ${this.size}`);
    this.mean.set(state.mean);
    this.m2.set(state.m2);
    this.count = state.count;
    this.appliedMean.set(state.appliedMean);
    this.appliedStd.set(state.appliedStd);
  }

  static fromJSON(state: NormaliserState): ObservationNormaliser {
    const n = new ObservationNormaliser(state.mean.length);
    n.restore(state);
    return n;
  }

  /** A fixed normaliser (e.g. from a policy file). */
  static fixed(mean: ArrayLike<number>, std: ArrayLike<number>): ObservationNormaliser {
    const n = new ObservationNormaliser(mean.length);
    n.appliedMean.set(mean);
    n.appliedStd.set(std);
    return n;
  }
}

export interface NormaliserState {
  count: number;
  mean: number[];
  m2: number[];
  appliedMean: number[];
  appliedStd: number[];
}
