import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '@gogepo/baselines';
import { ConfigError } from '@gogepo/core';
import { planSuite, selectRuns } from './plan.js';
import { loadSuite, parseSuite } from './suite.js';

const problem = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
};

describe('suites', () => {
  it('the built-in quick suite: four algorithms x two cheap environments x 3 seeds, configs resolved', () => {
    const runs = planSuite(loadSuite('quick'), 'b');
    expect(runs).toHaveLength(24);
    expect(new Set(runs.map((r) => r.algo))).toEqual(new Set(['gogepo', 'ars', 'ddpg', 'udrl']));
    expect(new Set(runs.map((r) => r.env))).toEqual(new Set(['MountainCarContinuous-v0', 'InvertedPendulum-v2']));
    const gogepo = runs.find((r) => r.id === 'InvertedPendulum-v2-gogepo-s2')!;
    expect(gogepo.dir).toBe(join('b', 'runs', 'InvertedPendulum-v2-gogepo-s2'));
    expect(gogepo.config.gogepo).toMatchObject({ policyHidden: [256, 256], headHidden: [256, 256], generatorLr: 2e-6, generatorSteps: 19, rMin: expect.any(Number) }); // the paper's settings
    expect(gogepo.config.evalEpisodes).toBe(10);
  });

  it('the built-in paper suite: the paper\'s four environments, budgets and 20 seeds, with default configs', () => {
    const runs = planSuite(loadSuite('paper'), 'b');
    expect(runs).toHaveLength(4 * 4 * 20);
    const hopper = runs.find((r) => r.id === 'Hopper-v3-gogepo-s19')!;
    expect(hopper.config.steps).toBe(3_000_000);
    expect(hopper.config.gogepo).toMatchObject({ policyHidden: [256, 256], generatorLr: 2e-6, evaluatorLr: 5e-3 });
    expect(runs.find((r) => r.id === 'InvertedPendulum-v2-ars-s0')!.config.steps).toBe(100_000);
  });

  it('the built-in cheap suite: the paper\'s settings on the two cheap environments at 100k steps, 3 seeds', () => {
    const runs = planSuite(loadSuite('cheap'), 'b');
    expect(runs).toHaveLength(4 * 2 * 3);
    expect(runs.every((r) => r.config.steps === 100_000)).toBe(true);
    expect(runs.find((r) => r.id === 'InvertedPendulum-v2-ddpg-s2')!.config.ddpg).toMatchObject({ policyHidden: [256, 256], startSteps: 10_000 });
  });

  it("the built-in hard suite: the paper's settings on Swimmer-v3 and Hopper-v3, 3 seeds at 3M steps, in the campaign's order of priority", () => {
    const suite = loadSuite('hard');
    const runs = planSuite(suite, 'b');
    expect(runs).toHaveLength(4 * 2 * 3);
    expect(runs.every((r) => r.config.steps === 3_000_000)).toBe(true);
    // the same configs as the paper suite's runs of those ids: only the seeds and the order differ
    const paper = new Map(planSuite(loadSuite('paper'), 'b').map((r) => [r.id, r.config]));
    for (const r of runs) expect(r.config, r.id).toEqual(paper.get(r.id));
    expect(runs.map((r) => r.id).slice(0, 4)).toEqual(['Hopper-v3-gogepo-s0', 'Hopper-v3-ars-s0', 'Hopper-v3-ars-s1', 'Hopper-v3-ars-s2']);
    expect(runs.at(-1)!.id).toBe('Swimmer-v3-gogepo-s2');
    expect(new Set(runs.map((r) => r.label))).toEqual(new Set(['gogepo', 'ars', 'ddpg', 'udrl'])); // one report group per algorithm
  });

  it('--only keeps the runs whose label, algorithm, environment or id matches a filter; a filter that matches nothing is an error', () => {
    const runs = planSuite(loadSuite('cheap'), 'b');
    expect(selectRuns(runs, undefined)).toBe(runs);
    expect(selectRuns(runs, ['ddpg']).map((r) => r.id)).toEqual(['InvertedPendulum-v2', 'MountainCarContinuous-v0'].flatMap((env) => [0, 1, 2].map((s) => `${env}-ddpg-s${s}`)));
    expect(selectRuns(runs, ['ars', 'MountainCarContinuous-v0-udrl-s1']).map((r) => r.id)).toHaveLength(7);
    expect(selectRuns(runs, ['InvertedPendulum-v2'])).toHaveLength(12);
    expect(problem(() => selectRuns(runs, ['ddpg', 'dqn']))).toMatch(/--only: "dqn" names no run/);
  });

  it('reads a suite file; bad suites are one-line errors that name the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-suite-'));
    const path = join(dir, 'mine.json');
    writeFileSync(path, JSON.stringify({ name: 'mine', seeds: [4], runs: [{ algo: 'ars', env: 'InvertedPendulum-v2', steps: 500 }] }));
    const suite = loadSuite(path);
    expect(suite.sweep).toEqual({ n: 21, episodes: 10 });
    expect(planSuite(suite, dir).map((r) => r.id)).toEqual(['InvertedPendulum-v2-ars-s4']);

    expect(problem(() => loadSuite(join(dir, 'missing.json')))).toMatch(/neither a built-in suite .* nor a file/);
    writeFileSync(path, '{ not json');
    expect(problem(() => loadSuite(path))).toMatch(/not valid JSON/);
    expect(problem(() => parseSuite({ name: 'x', runs: [] }, 'x'))).toMatch(/"runs"/);
    expect(problem(() => parseSuite({ name: 'x', seeds: [-1], runs: [{ algo: 'ars', env: 'InvertedPendulum-v2' }] }, 'x'))).toMatch(/"seeds.0"/);
    expect(problem(() => parseSuite({ name: 'x', runs: [{ algo: 'ars', env: 'InvertedPendulum-v2', stpes: 5 }] }, 'x'))).toMatch(/stpes/);
    const plan = (runs: unknown[]) => planSuite(parseSuite({ name: 'x', runs }, 'x'), dir);
    expect(problem(() => plan([{ algo: 'ppo', env: 'InvertedPendulum-v2' }]))).toMatch(/runs\[0\] \(ppo on InvertedPendulum-v2\): unknown algorithm "ppo"/);
    expect(problem(() => plan([{ algo: 'ars', env: 'Walker-v9' }]))).toMatch(/Walker-v9/);
    expect(problem(() => plan([{ algo: 'ars', env: 'InvertedPendulum-v2', config: { ars: { stepSize: -1 } } }]))).toMatch(/ars.stepSize/);
    expect(problem(() => plan([{ algo: 'ars', env: 'InvertedPendulum-v2' }, { algo: 'ars', env: 'InvertedPendulum-v2' }]))).toMatch(/repeats InvertedPendulum-v2-ars-s0; give one of the groups a "label"/);
    expect(plan([{ algo: 'ars', env: 'InvertedPendulum-v2' }, { algo: 'ars', env: 'InvertedPendulum-v2', label: 'ars-wide' }])).toHaveLength(6);
  });
});
