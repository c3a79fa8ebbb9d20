import { describe, expect, it } from 'vitest';
import { resolveRunConfig, type EvaluationRecord } from '@gogepo/core';
import type { RunData } from './collect.js';
import { bootstrapMeanCi, meanStd } from './stats.js';
import { commandSweeps, learningCurves, meanStdText, seedCurves, table1, toCsv } from './tables.js';
import { statistics } from './statistics.js';
import { normalisation } from './paper.js';
import { medianRun } from './report.js';
import { curvesSpec, labelColours, percentText, renderSvg, squareDomains } from './figures.js';

const evaluations = (means: number[], interval: number): EvaluationRecord[] =>
  means.map((mean, k) => ({ steps: (k + 1) * interval + 3, episodes: k, wallSeconds: k, mean, returns: [mean] }));

function runData(algo: string, seed: number, means: number[], finished: boolean): RunData {
  const config = resolveRunConfig({ algo, env: 'MountainCarContinuous-v0', seed }, { steps: 1000 * means.length, evalInterval: 1000 });
  const last20 = means.slice(-20);
  return {
    run: { id: `x-${algo}-s${seed}`, dir: 'x', label: algo, algo, env: 'MountainCarContinuous-v0', seed, config },
    state: finished ? 'done' : 'partial',
    evaluations: evaluations(means, 1000),
    summary: finished
      ? { steps: 0, episodes: 0, wallSeconds: 0, evaluations: means.length, finalReturn: last20.reduce((s, x) => s + x, 0) / last20.length, lastEvaluation: 0, bestEvaluation: 0, backend: 'wasm' }
      : undefined,
  };
}

describe('statistics', () => {
  it('mean ± sample std; a seeded 95% bootstrap CI of the mean that brackets it', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3) });
    expect(meanStd([7])).toEqual({ mean: 7, std: undefined });
    const xs = [1, 5, 2, 8, 3, 9, 4];
    const ci = bootstrapMeanCi(xs, 1);
    expect(ci).toEqual(bootstrapMeanCi(xs, 1));
    expect(ci.lo).toBeLessThan(meanStd(xs).mean);
    expect(ci.hi).toBeGreaterThan(meanStd(xs).mean);
    expect(ci.lo).toBeGreaterThanOrEqual(1);
    expect(ci.hi).toBeLessThanOrEqual(9);
    // the interval of a mean narrows like 1/sqrt(n)
    const wide = bootstrapMeanCi([0, 10], 2);
    const narrow = bootstrapMeanCi(Array.from({ length: 200 }, (_, i) => (i % 2) * 10), 2);
    expect(narrow.hi - narrow.lo).toBeLessThan((wide.hi - wide.lo) / 3);
    expect(bootstrapMeanCi([3, 3, 3], 0)).toEqual({ lo: 3, hi: 3 });
  });
});

describe('report tables', () => {
  const runs = [
    runData('gogepo', 0, [...Array(25).fill(0), ...Array(20).fill(90)], true),
    runData('gogepo', 1, [...Array(25).fill(0), ...Array(20).fill(94)], true),
    runData('gogepo', 2, [1, 2, 3], false),
    runData('ars', 0, Array(30).fill(50), true),
  ];

  it('table 1: mean ± std of the finished seeds\' final returns, with the paper\'s', () => {
    const [g, a] = table1(runs);
    expect(g).toMatchObject({ env: 'MountainCarContinuous-v0', label: 'gogepo', finished: 2, planned: 3, mean: 92, paper: { mean: 93, std: 1 } });
    expect(g.std).toBeCloseTo(Math.sqrt(8), 12);
    expect(g.perSeed).toEqual([{ seed: 0, finalReturn: 90 }, { seed: 1, finalReturn: 94 }]);
    expect(a).toMatchObject({ label: 'ars', finished: 1, mean: 50, paper: { mean: 55, std: 33 } });
    // one seed has no spread: it is printed alone, not as "± 0.0"
    expect(a.std).toBeUndefined();
    expect([meanStdText(g), meanStdText(a), meanStdText({})]).toEqual(['92.0 ± 2.8', '50.0', '-']);
  });

  it('learning curves: evaluation k of each seed lands at k x interval; unfinished seeds count where they reached', () => {
    const curve = learningCurves(runs).filter((p) => p.label === 'gogepo');
    expect(curve).toHaveLength(45);
    expect(curve[0]).toMatchObject({ steps: 1000, seeds: 3, mean: 1 / 3 });
    expect(curve[3]).toMatchObject({ steps: 4000, seeds: 2, mean: 0, lo: 0, hi: 0 });
    const last = curve.at(-1)!;
    expect(last).toMatchObject({ steps: 45_000, seeds: 2, mean: 92 });
    expect(last.lo).toBeGreaterThanOrEqual(90);
    expect(last.hi).toBeLessThanOrEqual(94);
  });

  it('learning curves never count a seed twice, nor reach past the budget, when episodes overshoot the boundaries', () => {
    const at = (steps: number[], seed: number): RunData => {
      const r = runData('ddpg', seed, steps.map(() => 0), false);
      return { ...r, evaluations: steps.map((st, k) => ({ steps: st, episodes: k, wallSeconds: k, mean: seed * 10 + k, returns: [0] })) };
    };
    // seed 0's episodes end 600 and 700 steps past boundaries: rounding put 1,600 and 2,010 both at 2,000
    const group = [at([1600, 2010, 3700, 4020], 0), at([1005, 2005, 3005, 4005], 1)];
    const curve = learningCurves(group);
    expect(curve.map((p) => [p.steps, p.seeds])).toEqual([[1000, 2], [2000, 2], [3000, 2], [4000, 2]]);
    expect(curve.map((p) => p.mean)).toEqual([5, 6, 7, 8]);
    expect(seedCurves(group).filter((p) => p.seed === 0).map((p) => p.steps)).toEqual([1000, 2000, 3000, 4000]);
  });

  it('command sweeps: achieved per asked return, averaged over the seeds that have one', () => {
    const withSweep = runs.map((r, i) => ({
      ...r,
      sweep: r.run.algo === 'gogepo' && i < 2 ? { env: r.run.env, episodes: 1, rows: [0, 50, 100].map((asked) => ({ asked, achieved: asked / 2 + i, std: 0, returns: [] })) } : undefined,
    }));
    const points = commandSweeps(withSweep);
    expect(points.map((p) => [p.asked, p.achieved, p.seeds])).toEqual([[0, 0.5, 2], [50, 25.5, 2], [100, 50.5, 2]]);
  });

  it('statistics: per environment on raw final returns; across environments on normalised scores', () => {
    const stats = statistics(runs);
    expect(stats.perEnv.map((r) => [r.label, r.runs, r.mean.value, r.iqm.value])).toEqual([['gogepo', 2, 92, 92], ['ars', 1, 50, 50]]);
    const { random, best } = normalisation('MountainCarContinuous-v0')!;
    const gogepo = stats.overall.find((r) => r.label === 'gogepo')!;
    expect(gogepo.envs).toEqual(['MountainCarContinuous-v0']);
    expect(gogepo.mean.value).toBeCloseTo((92 - random) / (best - random), 12);
    expect(stats.improvement).toEqual([{ x: 'gogepo', y: 'ars', envs: ['MountainCarContinuous-v0'], p: { value: 1, lo: 1, hi: 1 } }]);
    expect(stats.profile.filter((p) => p.label === 'ars' && p.tau < (50 - random) / (best - random)).every((p) => p.value === 1)).toBe(true);
  });

  it('the policy map shows the median-final-return seed, on axes of one scale', () => {
    const done = (seed: number, finalReturn: number) => ({ run: { seed }, summary: { finalReturn } });
    expect(medianRun([done(0, 1000), done(1, 50), done(2, 42)])!.run.seed).toBe(1);
    expect(medianRun([done(0, 5), done(1, 5), done(2, 1), done(3, 9)])!.run.seed).toBe(0); // lower median, ties by seed
    expect(medianRun([])).toBeUndefined();
    const d = squareDomains([{ x: -12, y: 0 }, { x: 2, y: 0.5 }]);
    expect(d.x[1] - d.x[0]).toBeCloseTo(d.y[1] - d.y[0], 12);
    expect(d.x[1] - d.x[0]).toBeCloseTo(14 * 1.05, 12);
    expect((d.y[0] + d.y[1]) / 2).toBeCloseTo(0.25, 12);
    expect([0.994, 0.004, 0.0004].map(percentText)).toEqual(['99%', '0.4%', '<0.1%']);
  });

  it('figures: one colour per algorithm, and legend swatches in the full line colour (not the pale band)', async () => {
    const colours = labelColours(['gogepo', 'ars', 'gogepo-fast']);
    expect(colours.range).toEqual(['#1f5fb4', '#d62728', '#e08a00']);
    const points = learningCurves(runs);
    const svg = await renderSvg(curvesSpec('MountainCarContinuous-v0', points, seedCurves(runs), colours));
    const legend = svg.slice(svg.indexOf('role-legend'));
    const symbols = [...legend.matchAll(/<path[^>]*?(fill="[^"]*")[^>]*?(opacity="[^"]*")/g)].slice(0, 2);
    expect(symbols.map((m) => [m[1], m[2]])).toEqual([['fill="#1f5fb4"', 'opacity="1"'], ['fill="#d62728"', 'opacity="1"']]);
  });

  it('CSV quotes what needs quoting', () => {
    expect(toCsv(['a', 'b'], [['x,y', 1], [undefined, 'q"']])).toBe('a,b\n"x,y",1\n,"q"""\n');
  });
});
