/**
 * Seeds, the one way the whole project makes them (packages/random/README.md).
 *
 * A seed is a uint32. It is never put raw into a generator: `expandSeed`
 * runs SplitMix64 from it (what xoroshiro's authors prescribe for seeding) to
 * fill the generator's 128-bit state. Seeds for parts of a run (test episode j
 * of evaluation i, worker k, episode i of a sweep) are `deriveSeed(base, ...path)`:
 * a SplitMix64-style hash of every part, never a small sum. Raw small seeds into
 * xoroshiro128+ made every evaluation's test episodes start from one state.
 */

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
export const MAX_SEED = 2 ** 32 - 1;

/** SplitMix64's output function (Steele, Lea & Flood 2014; variant 13 of Stafford's mixers). */
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

export class SeedError extends Error {
  override name = 'SeedError';
}

export function assertSeed(seed: number, what = 'seed'): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new SeedError(`${what} must be an integer in [0, ${MAX_SEED}], got ${seed}`);
  }
}

/** The first `words` 64-bit outputs of SplitMix64 started at `seed`. */
export function splitMix64(seed: number, words: number): bigint[] {
  assertSeed(seed);
  let state = BigInt(seed);
  const out: bigint[] = [];
  for (let i = 0; i < words; i++) {
    state = (state + GOLDEN_GAMMA) & MASK64;
    out.push(mix64(state));
  }
  return out;
}

/**
 * A xoroshiro128+ state for `seed`, in pure-rand's layout `[s0 high, s0 low,
 * s1 high, s1 low]` as int32s: two SplitMix64 outputs (never all zero).
 */
export function expandSeed(seed: number): [number, number, number, number] {
  const [s0, s1] = splitMix64(seed, 2);
  const int32 = (x: bigint) => Number(BigInt.asIntN(32, x));
  return [int32(s0 >> 32n), int32(s0), int32(s1 >> 32n), int32(s1)];
}

/** Seeds of `n` episodes run from one base seed (`gogepo eval --seed`, a command sweep, rollouts). */
export function episodeSeeds(base: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => deriveSeed(base, 'episode', i));
}

export type SeedPart = number | string;

/**
 * A uint32 seed derived from `base` and a path of parts (integers >= 0 or
 * labels), e.g. `deriveSeed(runSeed, 'evaluation', i, j)`. Every part is mixed
 * in with a tag for its kind and, for labels, their length, so `('a', 1)` and
 * `('a1')` differ and neighbouring integers give unrelated seeds.
 */
export function deriveSeed(base: number, ...path: SeedPart[]): number {
  assertSeed(base, 'base seed');
  let h = mix64((BigInt(base) + GOLDEN_GAMMA) & MASK64);
  const absorb = (word: bigint) => {
    h = mix64(((h ^ word) + GOLDEN_GAMMA) & MASK64);
  };
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Number.isSafeInteger(part) || part < 0) throw new SeedError(`a seed path part must be a non-negative integer or a label, got ${part}`);
      absorb(1n);
      absorb(BigInt(part));
    } else {
      absorb(2n);
      absorb(BigInt(part.length));
      for (let i = 0; i < part.length; i++) absorb(BigInt(part.charCodeAt(i)));
    }
  }
  return Number(h >> 32n);
}
