import type { Rng } from '@gogepo/nn';

/**
 * GoGePo's buffer D of (theta, return), newest last, with a fixed capacity
 * (the oldest entry is dropped). Slots are allocated once and reused, so memory
 * stops growing when the buffer is full.
 *
 * Sampling is recency weighted with replacement: the k-th newest entry (k = 1
 * for the newest) has weight (1/k)^exponent (paper: 1/x^1.1, x = episodes since stored).
 */
export class ReplayBuffer {
  private readonly thetas: Float32Array[] = [];
  private readonly returns: Float64Array;
  /** Index of the slot that holds the oldest entry once the buffer is full. */
  private head = 0;
  private cdf: Float64Array = new Float64Array(0);

  constructor(
    readonly capacity: number,
    readonly thetaSize: number,
    readonly recencyExponent = 1.1,
  ) {
    this.returns = new Float64Array(capacity);
  }

  get size(): number {
    return this.thetas.length;
  }

  push(theta: Float32Array, ret: number): void {
    if (this.thetas.length < this.capacity) {
      this.thetas.push(Float32Array.from(theta));
      this.returns[this.thetas.length - 1] = ret;
    } else {
      this.thetas[this.head].set(theta);
      this.returns[this.head] = ret;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Slot of the k-th newest entry (k = 1 for the newest). */
  private slot(k: number): number {
    const n = this.thetas.length;
    return (this.head + n - k) % n;
  }

  /** The k-th newest entry (k = 1 for the newest). */
  newest(k: number): { theta: Float32Array; return: number } {
    const s = this.slot(k);
    return { theta: this.thetas[s], return: this.returns[s] };
  }

  /** min(n, size) entries drawn with replacement, recency weighted. */
  sample(rng: Rng, n: number): { theta: Float32Array; return: number }[] {
    const size = this.size;
    if (size === 0) throw new Error('replay buffer: cannot sample from an empty buffer');
    if (this.cdf.length !== size) this.cdf = recencyCdf(size, this.recencyExponent);
    const out = [];
    for (let j = 0; j < Math.min(n, size); j++) {
      const u = rng.uniform() * this.cdf[size - 1];
      let lo = 0;
      let hi = size - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      out.push(this.newest(lo + 1));
    }
    return out;
  }

  /** Entries oldest first. */
  *entries(): Generator<{ theta: Float32Array; return: number }> {
    for (let k = this.size; k >= 1; k--) yield this.newest(k);
  }
}

/** Cumulative weights over k = 1..size of (1/k)^exponent. */
export function recencyCdf(size: number, exponent: number): Float64Array {
  const cdf = new Float64Array(size);
  let total = 0;
  for (let k = 1; k <= size; k++) {
    total += Math.pow(1 / k, exponent);
    cdf[k - 1] = total;
  }
  return cdf;
}

/** Distinct items of a batch (by key, first-seen order) with their share of the batch. */
export function distinctWithShares<T, K>(batch: T[], key: (item: T) => K): { item: T; weight: number }[] {
  const seen = new Map<K, { item: T; weight: number }>();
  for (const item of batch) {
    const k = key(item);
    const entry = seen.get(k);
    if (entry) entry.weight += 1 / batch.length;
    else seen.set(k, { item, weight: 1 / batch.length });
  }
  return [...seen.values()];
}
