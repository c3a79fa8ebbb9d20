import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Extensions end to end, as a user's project has them: a Gymnasium-style
 * environment module (only id, create and maxEpisodeSteps) and an algorithm
 * module, both importing the gogepo packages from the project's node_modules.
 * Every algorithm trains on the environment; `runs` and `show` then read
 * every run without loading either module.
 */
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const cliModules = fileURLToPath(new URL('../node_modules', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

const bareEnv = `
import { BaseEnv, box } from '@gogepo/envs';
class Drift extends BaseEnv {
  constructor() { super('Drift-v0', box(-Infinity, Infinity, 2), box(-1, 1, 1), 40); }
  resetModel() { this.x = this.uniform(-1, 1); this.v = 0; return Float64Array.of(this.x, this.v); }
  stepModel(action) {
    this.v += 0.1 * Math.max(-1, Math.min(1, action[0]));
    this.x += 0.1 * this.v;
    return { observation: Float64Array.of(this.x, this.v), reward: 1 - Math.abs(this.x), terminated: false, info: {} };
  }
}
export const environments = [{ id: 'Drift-v0', create: () => new Drift(), maxEpisodeSteps: 40 }];
`;

const randomSearch = `
import { checkState } from '@gogepo/core';
import { z } from 'zod';
class RandomSearch {
  kind = 'episode';
  best = -Infinity;
  constructor(config, ctx) { this.config = config; this.ctx = ctx; this.theta = new Float32Array(ctx.layout.size); }
  ask() { return this.theta.map((x) => x + this.config.noise * this.ctx.rng.normal()); }
  tell(theta, r) { if (r >= this.best) { this.theta = theta; this.best = r; } }
  evaluationPolicy() { return this.theta; }
  episodeInfo() { return { best: this.best }; }
  async saveState() { return { json: { best: this.best }, tensors: new Map([['theta', { shape: [this.theta.length], data: this.theta }]]) }; }
  async loadState(state) {
    const checked = checkState('random-search', state, z.object({ best: z.number().nullable() }));
    this.best = checked.json.best ?? -Infinity;
    this.theta = Float32Array.from(checked.tensor('theta', this.theta.length).data);
  }
  dispose() {}
}
const schema = z.object({ policyHidden: z.array(z.number().int().positive()).default([8]), noise: z.number().positive().default(0.1) }).strict();
export const algorithms = [{ name: 'random-search', schema, policyHidden: (c) => c.policyHidden, create: (c, ctx) => new RandomSearch(c, ctx) }];
`;

const settings: Record<string, Record<string, unknown>> = {
  ars: { ars: { policyHidden: [8] } },
  udrl: { udrl: { policyHidden: [8], warmupEpisodes: 2, updatesPerIteration: 5 } },
  ddpg: { ddpg: { policyHidden: [8], criticHidden: [8], startSteps: 100, updateAfter: 50 } },
  gogepo: { gogepo: { policyHidden: [16], headHidden: [8], evaluatorHidden: [8], probingStates: 4, rMin: -40, rMax: 40 } },
  'random-search': {},
};

describe("a user's environment and algorithm, end to end", () => {
  it('trains every algorithm on a Gymnasium-style registration, and lists and shows every run without loading the modules', () => {
    const project = mkdtempSync(join(tmpdir(), 'gogepo-extensions-'));
    symlinkSync(cliModules, join(project, 'node_modules'), 'dir'); // the project's dependencies: the gogepo packages and zod
    const envModule = join(project, 'drift.mjs');
    const algoModule = join(project, 'random-search.mjs');
    writeFileSync(envModule, bareEnv);
    writeFileSync(algoModule, randomSearch);
    const runs = join(project, 'runs');
    mkdirSync(runs);
    const train = (algo: string, extra: Record<string, unknown>) => {
      const config = join(project, `${algo}.json`);
      writeFileSync(config, JSON.stringify({ evalInterval: 200, evalEpisodes: 2, ...extra }));
      return run('train', '--require', envModule, '--require', algoModule, '--algo', algo, '--env', 'Drift-v0', '--steps', '400', '--seed', '1', '--out', join(runs, algo), '--config', config);
    };

    // GoGePo needs a return range the registration does not give: one line naming what to add
    const { rMin, rMax, ...withoutRange } = settings.gogepo.gogepo as Record<string, unknown>;
    const refused = train('gogepo', { gogepo: withoutRange });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(`error: bad config: "gogepo.rMin": gogepo needs the environment's range of returns: add training.rMin and training.rMax to its registration, or set gogepo.rMin and gogepo.rMax in the run's config`);
    expect([rMin, rMax]).toEqual([-40, 40]);
    expect(existsSync(join(runs, 'gogepo'))).toBe(false);
    const untiled = train('gogepo', { gogepo: { ...settings.gogepo.gogepo as object, policyHidden: [8] } });
    expect([untiled.status, untiled.stderr.trim()]).toEqual([2, 'error: bad config: "gogepo.policyHidden": every hidden size must be a multiple of sliceSize (the generator writes the policy in sliceSize x sliceSize tiles)']);

    for (const [algo, extra] of Object.entries(settings)) {
      const trained = train(algo, extra);
      expect(trained.stderr, algo).toBe('');
      expect(trained.status, algo).toBe(0);
      expect(trained.stdout, algo).toMatch(/finished: 4\d\d steps/);
    }
    // ARS and UDRL ran with their general defaults (Drift-v0 has no tuned values)
    expect(JSON.parse(readFileSync(join(runs, 'ars', 'config.json'), 'utf8')).config.ars).toMatchObject({ stepSize: 0.01, directions: 8, eliteDirections: 4, noise: 0.05 });
    expect(JSON.parse(readFileSync(join(runs, 'udrl', 'config.json'), 'utf8')).config.udrl).toMatchObject({ lr: 1e-3, activation: 'relu', lastFew: 10 });

    const listed = run('runs', runs);
    expect(listed.stderr).toBe('');
    for (const algo of Object.keys(settings)) expect(listed.stdout).toMatch(new RegExp(`${algo}\\s*│\\s*${algo}\\s*│\\s*Drift-v0\\s*│\\s*1\\s*│\\s*4\\d\\d/400\\s*│\\s*finished`));
    for (const algo of Object.keys(settings)) {
      const shown = run('show', join(runs, algo));
      expect(shown.stderr, algo).toBe('');
      expect(shown.status, algo).toBe(0);
      expect(readFileSync(join(runs, algo, 'show.html'), 'utf8')).toContain('Drift-v0');
    }
  }, 300_000);
});
