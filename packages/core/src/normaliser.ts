/**
 * Running mean and standard deviation of observations (Welford's algorithm,
 * done correctly: the reference implementation's variance update aliases and
 * slightly underestimates the std). Before any observation is recorded it is
 * the identity (mean 0, std 1), so normalisation starts after the first episode.
 */
export class ObservationNormaliser {
  count = 0;
  readonly mean: Float64Array;
  /** Sum of squared deviations from the mean. */
  readonly m2: Float64Array;
  private readonly std: Float64Array;

  constructor(readonly size: number) {
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.std = new Float64Array(size).fill(1);
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
    for (let i = 0; i < this.size; i++) this.std[i] = this.count > 0 ? Math.sqrt(this.m2[i] / this.count) : 1;
  }

  /** out = (obs - mean) / (std + 1e-8). */
  normalise(obs: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let i = 0; i < this.size; i++) out[i] = (obs[i] - this.mean[i]) / (this.std[i] + 1e-8);
    return out;
  }

  /** Standard deviations as used by `normalise`. */
  stdDev(): Float64Array {
    return Float64Array.from(this.std);
  }

  toJSON(): NormaliserState {
    return { count: this.count, mean: Array.from(this.mean), m2: Array.from(this.m2) };
  }

  static fromJSON(state: NormaliserState): ObservationNormaliser {
    const n = new ObservationNormaliser(state.mean.length);
    n.mean.set(state.mean);
    n.m2.set(state.m2);
    n.count = state.count;
    for (let i = 0; i < n.size; i++) n.std[i] = n.count > 0 ? Math.sqrt(n.m2[i] / n.count) : 1;
    return n;
  }
}

export interface NormaliserState {
  count: number;
  mean: number[];
  m2: number[];
}
