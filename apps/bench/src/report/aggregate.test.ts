import { describe, expect, it } from 'vitest';
import { iqm, performanceProfile, performanceProfileCi, pooledIqm, pooledMean, probabilityOfImprovement, probabilityOfImprovementCi, stratifiedBootstrap } from './aggregate.js';

describe('aggregate statistics (rliable estimators), against hand-computed values', () => {
  it('interquartile mean cuts floor(n/4) runs off each end', () => {
    expect(iqm([8, 1, 7, 2, 6, 3, 5, 4])).toBe(4.5); // [3, 4, 5, 6]
    expect(iqm([10, 1, 100, 2, 3])).toBe(5); // [2, 3, 10]
    expect(iqm([1000, 50, 42])).toBeCloseTo(364, 9); // 3 runs: nothing cut, the mean
    expect(pooledIqm([[1, 2], [3, 4]])).toBe(2.5);
    expect(pooledMean([[1], [2, 3, 6]])).toBe(3);
  });

  it('probability of improvement: pairwise wins per task (ties one half), averaged over tasks', () => {
    // task 1: 1 vs 2 loses, 3 vs 2 wins -> 1/2; task 2: 5 vs 5 ties, 5 vs 4 wins -> 3/4
    expect(probabilityOfImprovement([[1, 3], [5]], [[2], [5, 4]])).toBe(0.625);
    expect(probabilityOfImprovement([[2, 3]], [[0, 1]])).toBe(1);
    const p = probabilityOfImprovementCi([[1, 3, 4], [5, 6]], [[2, 2], [5, 4, 1]], 3);
    expect(p.value).toBe((4 / 6 + 5.5 / 6) / 2); // task 1: 3 and 4 beat both 2s; task 2: 5 ties 5, beats 4, 1; 6 beats all
    expect(p.lo).toBeLessThanOrEqual(p.value);
    expect(p.hi).toBeGreaterThanOrEqual(p.value);
  });

  it('performance profile: the fraction of runs strictly above each threshold', () => {
    expect(performanceProfile([[0.1, 0.5], [0.9]], [0, 0.5, 1])).toEqual([1, 1 / 3, 0]);
    const band = performanceProfileCi([[0.1, 0.5], [0.9]], [0, 0.5, 1], 1);
    expect(band.map((b) => b.value)).toEqual([1, 1 / 3, 0]);
    expect(band[0]).toEqual({ value: 1, lo: 1, hi: 1 });
  });

  it('stratified bootstrap resamples within each task: a task keeps its share of the runs', () => {
    // pooled over strata the mean is always 0.5; unstratified resampling of the 6 runs would vary
    expect(stratifiedBootstrap([[0, 0, 0], [1, 1, 1]], pooledMean, 1)).toEqual({ value: 0.5, lo: 0.5, hi: 0.5 });
    const ci = stratifiedBootstrap([[0, 10, 20, 30], [5, 6, 7]], pooledMean, 2);
    expect(ci).toEqual(stratifiedBootstrap([[0, 10, 20, 30], [5, 6, 7]], pooledMean, 2)); // seeded
    expect(ci.value).toBe(78 / 7);
    expect(ci.lo).toBeLessThan(ci.value);
    expect(ci.hi).toBeGreaterThan(ci.value);
    expect(stratifiedBootstrap([[4], [7]], pooledMean)).toEqual({ value: 5.5, lo: 5.5, hi: 5.5 });
  });
});
