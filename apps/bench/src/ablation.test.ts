import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gogepoConfig } from '@gogepo/core';
import { planSuite } from './plan.js';
import { writeReport } from './report/report.js';
import { runSuite } from './scheduler.js';
import { loadSuite, parseSuite, type Suite } from './suite.js';

const tiny = { policyHidden: [16], headHidden: [16], evaluatorHidden: [16], probingStates: 6, generatorSteps: 2, evaluatorSteps: 2 };

/** The suite with its switches kept and everything else shrunk: one seed, tiny networks, a tiny budget. */
const shrunk = (suite: Suite): Suite =>
  parseSuite({
    ...suite,
    seeds: [0],
    runs: suite.runs.map((g) => ({ ...g, steps: g.env === 'Swimmer-v3' ? 3000 : 1200, config: { ...g.config, evalInterval: g.env === 'Swimmer-v3' ? 1500 : 400, evalEpisodes: 1, gogepo: { ...tiny, ...(g.config.gogepo as object) } } })),
    sweep: { n: 2, episodes: 1 },
    policyMap: { bufferPolicies: 3, commands: 2 },
  }, 'test');

describe('the ablation suites of paper figs. 4 and 8', () => {
  it('switch off exactly what the paper ablates, on Swimmer-v3 and Hopper-v3 at 3M steps, 5 seeds', () => {
    const settings = (name: string) => {
      const runs = planSuite(loadSuite(name), '/tmp/unused');
      const defaults = gogepoConfig.parse({ rMin: 0, rMax: 1 });
      return Object.fromEntries(runs.filter((r) => r.seed === 0).map((r) => {
        const g = r.config.gogepo as typeof defaults;
        const changed = Object.fromEntries((['outputScaling', 'recencyExponent', 'drive'] as const).filter((k) => g[k] !== defaults[k]).map((k) => [k, g[k]]));
        return [r.id, { steps: r.config.steps, changed, seeds: runs.filter((o) => o.env === r.env && o.label === r.label).length }];
      }));
    };
    const five = (changed: object) => ({ steps: 3_000_000, changed, seeds: 5 });
    expect(settings('ablation-scaling')).toEqual(Object.fromEntries(['Swimmer-v3', 'Hopper-v3'].flatMap((env) => [
      [`${env}-gogepo-s0`, five({})],
      [`${env}-no-scaling-s0`, five({ outputScaling: false })],
      [`${env}-no-weight-s0`, five({ recencyExponent: 0 })],
      [`${env}-no-scaling-no-weight-s0`, five({ outputScaling: false, recencyExponent: 0 })],
    ])));
    expect(settings('ablation-drive')).toEqual(Object.fromEntries(['Swimmer-v3', 'Hopper-v3'].flatMap((env) => [
      [`${env}-drive-20-s0`, five({})],
      [`${env}-drive-0-s0`, five({ drive: 0 })],
    ])));
  });

  it('run at a tiny budget and report a curve per variant for each environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-ablation-'));
    const suite = shrunk(loadSuite('ablation-drive'));
    const result = await runSuite(suite, dir, { workers: 2, backend: 'native' });
    expect(result.runs.map((r) => [r.run.id, r.status, r.error])).toEqual(result.runs.map((r) => [r.run.id, 'done', undefined]));
    const report = await writeReport(dir, undefined, { videos: false });
    expect(report.table.map((row) => [row.env, row.label, row.finished, row.paper])).toEqual([
      ['Swimmer-v3', 'drive-20', 1, undefined], ['Swimmer-v3', 'drive-0', 1, undefined],
      ['Hopper-v3', 'drive-20', 1, undefined], ['Hopper-v3', 'drive-0', 1, undefined],
    ]);
    const scaling = await runSuite(shrunk(loadSuite('ablation-scaling')), mkdtempSync(join(tmpdir(), 'gogepo-ablation-')), { workers: 2, backend: 'native', only: ['Hopper-v3'] });
    expect(scaling.runs.map((r) => [r.run.label, r.status])).toEqual(['gogepo', 'no-scaling', 'no-weight', 'no-scaling-no-weight'].map((l) => [l, 'done']));
    for (const env of ['Swimmer-v3', 'Hopper-v3']) {
      const svg = readFileSync(join(dir, 'report', `curves-${env}.svg`), 'utf8');
      for (const label of ['drive-20', 'drive-0']) expect(svg).toContain(label);
    }
  }, 240_000);
});
