import { describe, expect, it } from 'vitest';
import { deriveSeed, episodeSeeds, expandSeed, correlation, ksCritical, ksStatisticNormal, ksStatisticUniform, Rng, splitMix64 } from './index.js';

const N = 1000;
const seeds = Array.from({ length: N }, (_, s) => s);
// |r| of n independent pairs exceeds 4 / sqrt(n) with probability ~6e-5.
const uncorrelated = 4 / Math.sqrt(N);

describe('seed mixing', () => {
  it('is SplitMix64 (the reference outputs for seed 0)', () => {
    expect(splitMix64(0, 3)).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
  });

  it('gives each seed its own xoroshiro state', () => {
    const states = new Set(seeds.map((s) => expandSeed(s).join(',')));
    expect(states.size).toBe(N);
  });

  it('makes the first and second draws of 1,000 consecutive seeds uniform', () => {
    for (const k of [1, 2, 3]) {
      const draws = seeds.map((s) => {
        const rng = Rng.seeded(s);
        for (let i = 1; i < k; i++) rng.uniform();
        return rng.uniform();
      });
      expect(ksStatisticUniform(draws, 0, 1)).toBeLessThan(ksCritical(N));
    }
  });

  it('leaves draws of neighbouring seeds, and a draw and its seed, uncorrelated', () => {
    const first = seeds.map((s) => Rng.seeded(s).uniform());
    const second = seeds.map((s) => {
      const rng = Rng.seeded(s);
      rng.uniform();
      return rng.uniform();
    });
    expect(Math.abs(correlation(first.slice(0, -1), first.slice(1)))).toBeLessThan(uncorrelated);
    expect(Math.abs(correlation(first, seeds))).toBeLessThan(uncorrelated);
    expect(Math.abs(correlation(second, seeds))).toBeLessThan(uncorrelated);
    expect(Math.abs(correlation(first, second))).toBeLessThan(uncorrelated);
  });

  it('normals of consecutive seeds are independent standard normals', () => {
    const z = seeds.map((s) => Rng.seeded(s).normal());
    const mean = z.reduce((a, b) => a + b, 0) / N;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(N));
    expect(variance).toBeGreaterThan(0.8);
    expect(variance).toBeLessThan(1.2);
    // and their whole distribution: the KS test accepts N(0, 1) and rejects a uniform of the same variance or a shifted normal
    expect(ksStatisticNormal(z, 0, 1)).toBeLessThan(ksCritical(N));
    expect(ksStatisticNormal(z.map((x) => x + 0.2), 0, 1)).toBeGreaterThan(ksCritical(N));
    const uniform = seeds.map((s) => Rng.seeded(s).uniformIn(-Math.sqrt(3), Math.sqrt(3)));
    expect(ksStatisticNormal(uniform, 0, 1)).toBeGreaterThan(ksCritical(N));
  });
});

describe('derived seeds', () => {
  it('are fixed functions of their parts', () => {
    expect(deriveSeed(3, 'evaluation', 2, 1)).toBe(deriveSeed(3, 'evaluation', 2, 1));
    expect(episodeSeeds(7, 3)).toEqual([0, 1, 2].map((i) => deriveSeed(7, 'episode', i)));
  });

  it('differ for every part and for how the parts are split', () => {
    const all = new Set<number>();
    for (let run = 0; run < 10; run++) for (let i = 0; i < 30; i++) for (let j = 0; j < 10; j++) all.add(deriveSeed(run, 'evaluation', i, j));
    expect(all.size).toBe(3000);
    expect(deriveSeed(0, 'a', 1)).not.toBe(deriveSeed(0, 'a1'));
    expect(deriveSeed(0, 1, 2)).not.toBe(deriveSeed(0, 12));
    expect(deriveSeed(0, 'episode', 0)).not.toBe(deriveSeed(0, 'evaluation', 0));
    expect(deriveSeed(5)).not.toBe(5);
  });

  it('spread uniformly over [0, 2^32) and do not follow their index', () => {
    const derived = seeds.map((i) => deriveSeed(0, 'episode', i));
    expect(ksStatisticUniform(derived, 0, 2 ** 32)).toBeLessThan(ksCritical(N));
    expect(Math.abs(correlation(derived, seeds))).toBeLessThan(uncorrelated);
    expect(Math.abs(correlation(derived.slice(0, -1), derived.slice(1)))).toBeLessThan(uncorrelated);
  });

  it('reject what is not a seed or a part, in one line', () => {
    expect(() => deriveSeed(-1)).toThrow('base seed must be an integer in [0, 4294967295], got -1');
    expect(() => deriveSeed(2 ** 32)).toThrow(/base seed must be an integer/);
    expect(() => deriveSeed(0, 1.5)).toThrow('a seed path part must be a non-negative integer or a label, got 1.5');
    expect(() => Rng.seeded(0.5)).toThrow(/seed must be an integer/);
  });
});

describe('the KS statistic and the correlation', () => {
  it('is the largest CDF gap (hand-computed)', () => {
    // samples 0.1, 0.2, 0.9 against U(0,1): gaps after each point 1/3-0.1, 2/3-0.2, 1-0.9; before: 0.1, 0.2-1/3, 0.9-2/3
    expect(ksStatisticUniform([0.9, 0.1, 0.2], 0, 1)).toBeCloseTo(2 / 3 - 0.2, 12);
    expect(ksStatisticUniform([5, 5, 5], 0, 10)).toBeCloseTo(0.5, 12);
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(correlation([1, 2, 3, 4], [1, -1, -1, 1])).toBe(0);
  });
});
