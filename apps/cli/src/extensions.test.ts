import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@gogepo/viewer';

/**
 * Extensions end to end, as a user's project has them: a Gymnasium-style
 * environment module (only id, create and maxEpisodeSteps), a user's MuJoCo
 * environment with its own model, and an algorithm module, all importing the
 * gogepo packages from the project's node_modules. Every algorithm trains on
 * the environment; `runs` and `show` then read every run without loading the
 * modules, and `view` and `render` show them (with the modules named).
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

/** A user's MuJoCo task with its own model: a mass on a slider, pushed towards x = 1. */
const sliderEnv = `
import { box, MujocoEnv, mujoco } from '@gogepo/envs';
const xml = \`<mujoco model="slider">
  <option timestep="0.01"/>
  <worldbody>
    <geom type="plane" size="3 3 0.1"/>
    <body name="mass" pos="0 0 0.2">
      <joint name="x" type="slide" axis="1 0 0"/>
      <geom type="box" size="0.2 0.2 0.2" mass="1" contype="0" conaffinity="0" rgba="0.8 0.3 0.1 1"/>
    </body>
  </worldbody>
  <actuator><motor joint="x" gear="1" ctrllimited="true" ctrlrange="-1 1"/></actuator>
</mujoco>\`;
class Slider extends MujocoEnv {
  constructor(mj) { super(mj, { id: 'Slider-v0', xml, frameSkip: 5, observationSpace: box(-Infinity, Infinity, 2), actionSpace: box(-1, 1, 1), maxEpisodeSteps: 50 }); }
  resetModel() { this.resetToNoisyState(0.1); return Float64Array.of(this.qpos[0], this.qvel[0]); }
  stepModel(action) {
    this.doSimulation(action);
    return { observation: Float64Array.of(this.qpos[0], this.qvel[0]), reward: -Math.abs(1 - this.qpos[0]), terminated: false, info: {} };
  }
}
export const environments = [{ id: 'Slider-v0', create: async () => new Slider(await mujoco()), maxEpisodeSteps: 50 }];
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

const project = mkdtempSync(join(tmpdir(), 'gogepo-extensions-'));
const envModule = join(project, 'drift.mjs');
const sliderModule = join(project, 'slider.mjs');
const algoModule = join(project, 'random-search.mjs');
const runs = join(project, 'runs');
const bench = fileURLToPath(new URL('../../bench/dist/main.js', import.meta.url));
const train = (algo: string, extra: Record<string, unknown>, env = 'Drift-v0', out = join(runs, algo)) => {
  const config = join(project, `${algo}.json`);
  writeFileSync(config, JSON.stringify({ evalInterval: 200, evalEpisodes: 2, ...extra }));
  return run('train', '--require', envModule, '--require', sliderModule, '--require', algoModule, '--algo', algo, '--env', env, '--steps', '400', '--seed', '1', '--out', out, '--config', config);
};
const trained: Record<string, SpawnSyncReturns<string>> = {};

beforeAll(() => {
  symlinkSync(cliModules, join(project, 'node_modules'), 'dir'); // the project's dependencies: the gogepo packages and zod
  writeFileSync(envModule, bareEnv);
  writeFileSync(sliderModule, sliderEnv);
  writeFileSync(algoModule, randomSearch);
  mkdirSync(runs);
  for (const [algo, extra] of Object.entries(settings)) trained[algo] = train(algo, extra);
}, 300_000);

describe("a user's environment and algorithm, end to end", () => {
  it('trains every algorithm on a Gymnasium-style registration, and lists and shows every run without loading the modules', () => {

    // GoGePo needs a return range the registration does not give: one line naming what to add
    const { rMin, rMax, ...withoutRange } = settings.gogepo.gogepo as Record<string, unknown>;
    const refusedOut = join(project, 'refused');
    const refused = train('gogepo', { gogepo: withoutRange }, 'Drift-v0', refusedOut);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(`error: bad config: "gogepo.rMin": gogepo needs the environment's range of returns: add training.rMin and training.rMax to its registration, or set gogepo.rMin and gogepo.rMax in the run's config`);
    expect([rMin, rMax]).toEqual([-40, 40]);
    expect(existsSync(refusedOut)).toBe(false);
    const untiled = train('gogepo', { gogepo: { ...settings.gogepo.gogepo as object, policyHidden: [8] } }, 'Drift-v0', refusedOut);
    expect([untiled.status, untiled.stderr.trim()]).toEqual([2, 'error: bad config: "gogepo.policyHidden": every hidden size must be a multiple of sliceSize (the generator writes the policy in sliceSize x sliceSize tiles)']);

    for (const algo of Object.keys(settings)) {
      expect(trained[algo].stderr, algo).toBe('');
      expect(trained[algo].status, algo).toBe(0);
      expect(trained[algo].stdout, algo).toMatch(/finished: 4\d\d steps/);
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

describe("a user's environment and algorithm in the bench", () => {
  it('runs a suite of them (its modules named relative to it) and reports it, with a clip of the generator on the user environment', () => {
    const suite = join(project, 'suite.json');
    writeFileSync(suite, JSON.stringify({
      name: 'mine', seeds: [0], require: ['./drift.mjs', './random-search.mjs'], sweep: { n: 2, episodes: 1 },
      runs: [
        { algo: 'random-search', env: 'Drift-v0', steps: 400, config: { evalInterval: 200, evalEpisodes: 2 } },
        { algo: 'gogepo', env: 'Drift-v0', steps: 400, config: { evalInterval: 200, evalEpisodes: 2, ...settings.gogepo } },
      ],
    }));
    const out = join(project, 'bench');
    const benched = spawnSync(process.execPath, [bench, 'run', '--suite', suite, '--out', out, '--workers', '1', '--require', envModule, '--require', algoModule], { encoding: 'utf8' });
    expect(benched.status, benched.stderr + benched.stdout).toBe(0);
    expect(benched.stdout).toContain('2/2 runs done, 0 failed');
    const report = readFileSync(join(out, 'report', 'report.md'), 'utf8');
    expect(report).toMatch(/\| Drift-v0 \|.*random-search/);
    // the clip of the generator's best policy on the user's environment (played back from the server), and how to view it, with the modules
    expect(report).toContain('![Drift-v0-gogepo-s0](video-Drift-v0.gif)');
    expect(existsSync(join(out, 'report', 'video-Drift-v0.gif'))).toBe(true);
    expect(report).toContain(`--require ${envModule} --require ${algoModule}`);
  }, 300_000);
});

type State = { ready: boolean; error?: string; frames: number; ask?: number; thetaHash: string; returns: number[] };
const viewerState = (page: Page) => page.evaluate(() => (globalThis as unknown as { viewer: State }).viewer);

describe("a user's environments in the viewer and in videos (the server steps them; the page plays them back)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  /** `gogepo view` of `target` in a child process (as a user runs it), opened in a page; `query` as the page's URL takes it. */
  async function view(target: string, query = '') {
    const child = spawn(process.execPath, [main, 'view', target, '--require', envModule, '--require', sliderModule, '--require', algoModule], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        output += d;
        const found = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found) resolve(found[1]);
      });
      child.stderr.on('data', (d) => (output += d));
      child.on('exit', (code) => reject(new Error(`gogepo view exited (${code}): ${output}`)));
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 640 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url + query);
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { viewer?: State }).viewer;
      return v?.ready || v?.error !== undefined;
    }, null, { timeout: 120_000 });
    expect((await viewerState(page)).error).toBeUndefined();
    const close = async () => {
      await page.close();
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    };
    return { page, errors, close };
  }

  /** The returns `gogepo eval` reports for the first `n` of its default episodes (the viewer's seeds). */
  const evalReturns = (target: string, n: number) => {
    const evaluated = run('eval', target, '--episodes', String(n), '--require', envModule, '--require', sliderModule, '--require', algoModule);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    return [...evaluated.stdout.matchAll(/^episode \d+ \(seed \d+\): return (-?[\d.]+)$/gm)].map((m) => Number(m[1]));
  };
  const canvasShot = (page: Page) => page.locator('#scene').screenshot();

  it("plays a user's environment back as its observations, with the returns gogepo eval gets (a user's algorithm; GoGePo at an asked return)", async () => {
    const mine = await view(join(runs, 'random-search'));
    try {
      const first = await canvasShot(mine.page);
      await mine.page.waitForFunction(() => (globalThis as unknown as { viewer: State }).viewer.returns.length >= 2, null, { timeout: 60_000 });
      expect((await canvasShot(mine.page)).equals(first)).toBe(false);
      const returns = (await viewerState(mine.page)).returns.slice(0, 2);
      // the same environment, seeds and policy runner as gogepo eval, stepped by the server: the same returns
      expect(returns.map((r) => r.toFixed(2))).toEqual(evalReturns(join(runs, 'random-search'), 2).map((r) => r.toFixed(2)));
      expect(mine.errors).toEqual([]);
    } finally {
      await mine.close();
    }

    const policy = join(project, 'drift-20.json');
    const generated = run('generate', join(runs, 'gogepo'), '--return', '20', '--out', policy, '--require', envModule, '--require', sliderModule, '--require', algoModule);
    expect(generated.status, generated.stderr).toBe(0);
    const gogepo = await view(join(runs, 'gogepo'), '?return=20');
    try {
      await gogepo.page.waitForFunction(() => (globalThis as unknown as { viewer: State }).viewer.returns.length >= 2, null, { timeout: 60_000 });
      const s = await viewerState(gogepo.page);
      expect(s.ask).toBe(20);
      expect(s.thetaHash).toMatch(/^[0-9a-f]{8,}$/);
      // the server's tfjs generator wrote the policy that gogepo generate wrote natively: the same returns but for float rounding
      const expected = evalReturns(policy, 2);
      s.returns.slice(0, 2).forEach((r, i) => expect(Math.abs(r - expected[i]), `episode ${i}: page ${r}, eval ${expected[i]}`).toBeLessThan(0.05 + 1e-3 * Math.abs(expected[i])));
      expect(gogepo.errors).toEqual([]);
    } finally {
      await gogepo.close();
    }
  }, 300_000);

  it("draws a user's MuJoCo environment from its own model, and renders a video of it", async () => {
    const slider = join(runs, 'ars-slider');
    const result = train('ars', settings.ars, 'Slider-v0', slider);
    expect(result.status, result.stderr).toBe(0);
    const { page, errors, close } = await view(slider);
    try {
      const info = (await page.evaluate(() => fetch('/api/info').then((r) => r.json()))) as { remote?: { model?: { xml: string } } };
      expect(info.remote?.model?.xml).toContain('<mujoco model="slider">');
      const first = await canvasShot(page);
      await page.waitForFunction(() => (globalThis as unknown as { viewer: State }).viewer.returns.length >= 1, null, { timeout: 60_000 });
      expect((await canvasShot(page)).equals(first)).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    const out = join(project, 'slider.gif');
    const rendered = run('render', slider, '--out', out, '--episodes', '1', '--require', envModule, '--require', sliderModule, '--require', algoModule);
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    const expected = evalReturns(slider, 1)[0];
    expect(rendered.stdout).toContain(`episode returns ${expected.toFixed(1)}`);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', out], { encoding: 'utf8' });
    // steps of 0.05 s filmed at 25 frames a second: one step a frame, so the start's frame and one per step of the 50
    expect(Number(probe.stdout.trim())).toBe(51);
  }, 300_000);
});
