import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { expandSeed } from './seed.js';

/**
 * The seeded random generator of runs and environments: pure-rand's
 * xoroshiro128+, its state filled from the seed by SplitMix64 (`expandSeed`).
 * Its state is a few integers, saved in checkpoints so a resumed run draws
 * exactly what an uninterrupted one would.
 */
export class Rng {
  private gen: JumpableRandomGenerator;
  private spareNormal: number | undefined;

  private constructor(gen: JumpableRandomGenerator, spareNormal?: number) {
    this.gen = gen;
    this.spareNormal = spareNormal;
  }

  static seeded(seed: number): Rng {
    return new Rng(xoroshiro128plusFromState(expandSeed(seed)));
  }

  static fromState(state: RngState): Rng {
    return new Rng(xoroshiro128plusFromState(state.gen), state.spareNormal ?? undefined);
  }

  /** Continues from a saved state, in place (everyone holding this Rng follows). */
  restore(state: RngState): void {
    this.gen = xoroshiro128plusFromState(state.gen);
    this.spareNormal = state.spareNormal ?? undefined;
  }

  state(): RngState {
    return { gen: [...this.gen.getState()], spareNormal: this.spareNormal ?? null };
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * uniformFloat64(this.gen);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(uniformFloat64(this.gen) * n);
  }

  /** A seed for another generator (an environment episode, a worker). */
  seed(): number {
    return Math.floor(uniformFloat64(this.gen) * 2 ** 32);
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    let u = 0;
    while (u === 0) u = uniformFloat64(this.gen);
    const v = uniformFloat64(this.gen);
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  fillUniform<T extends Float32Array | Float64Array>(out: T, low: number, high: number): T {
    for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * uniformFloat64(this.gen);
    return out;
  }

  fillNormal<T extends Float32Array | Float64Array>(out: T, scale = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = scale * this.normal();
    return out;
  }
}

export interface RngState {
  gen: number[];
  spareNormal: number | null;
}
