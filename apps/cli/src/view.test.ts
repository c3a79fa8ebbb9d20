import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, render, startViewer, thetaHash } from '@gogepo/viewer';

/**
 * The viewer, `render`, `show` and `runs` on real runs, in real headless
 * Chromium: a MountainCar generator trained with the paper's settings (30k
 * steps, about half a minute on the native backend) and a short
 * InvertedPendulum run for the 3D scene.
 */
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gogepo-view-'));
const car = join(root, 'runs', 'car');
const pendulum = join(root, 'runs', 'pendulum');
const gogepo = (...args: string[]) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  expect(r.status, `gogepo ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

type State = { ready: boolean; error?: string; frames: number; fps: number; ask?: number; thetaHash: string; snapshot?: string; returns: number[] };
const viewerState = (page: Page) => page.evaluate(() => (globalThis as unknown as { viewer: State }).viewer);

let browser: Browser;
beforeAll(async () => {
  gogepo('train', '--env', 'MountainCarContinuous-v0', '--steps', '30000', '--seed', '0', '--out', car, '--backend', 'native');
  gogepo('sweep', car, '--n', '3', '--episodes', '3', '--backend', 'native');
  const tiny = join(root, 'tiny.json');
  writeFileSync(tiny, JSON.stringify({ evalInterval: 300, evalEpisodes: 1, gogepo: { policyHidden: [16], headHidden: [16], evaluatorHidden: [16], probingStates: 8 } }));
  gogepo('train', '--env', 'InvertedPendulum-v2', '--steps', '600', '--out', pendulum, '--config', tiny, '--backend', 'native');
  browser = await launchChromium();
}, 400_000);
afterAll(() => browser?.close());

/** Opens the viewer of `target` in a new page; the page's console errors are collected. */
async function open(target: string, query = '') {
  const viewer = await startViewer(target, { port: 0, backend: 'native' });
  const page = await browser.newPage({ viewport: { width: 1200, height: 640 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(viewer.url + query);
  await page.waitForFunction(() => {
    const v = (globalThis as unknown as { viewer?: State }).viewer;
    return v?.ready || v?.error !== undefined;
  }, null, { timeout: 120_000 });
  expect((await viewerState(page)).error).toBeUndefined();
  return { page, errors, close: async () => (await page.close(), await viewer.close()) };
}

const canvasShot = (page: Page) => page.locator('#scene').screenshot();

describe('gogepo view', () => {
  it('draws frames that change, and its slider makes the generator in the page write policies whose returns follow gogepo sweep', async () => {
    const { page, errors, close } = await open(car, '?speed=max');
    try {
      const first = await canvasShot(page);
      await page.waitForFunction((n) => (globalThis as unknown as { viewer: State }).viewer.frames > n + 10, (await viewerState(page)).frames);
      expect((await canvasShot(page)).equals(first)).toBe(false);

      const sweep = (JSON.parse(readFileSync(join(car, 'sweep.json'), 'utf8')) as { rows: { asked: number; achieved: number; std: number }[] }).rows;
      // the sweep plot has numbers on its y axis, and stays put while the finished episodes' returns pile up beside it
      expect(await page.locator('#sweep .y-tick').count()).toBe(3);
      const plotTop = async () => (await page.locator('#sweep').boundingBox())!.y;
      const topBefore = await plotTop();
      const achieved: Record<number, { mean: number; hash: string }> = {};
      for (const row of [sweep[0], sweep[2]]) {
        await page.$eval('#slider', (el, v) => {
          (el as unknown as { value: string }).value = String(v);
          el.dispatchEvent(new Event('input'));
        }, row.asked);
        await page.waitForFunction((asked) => {
          const v = (globalThis as unknown as { viewer: State }).viewer;
          return v.ask === asked && v.returns.length >= 3;
        }, row.asked, { timeout: 120_000 });
        const s = await viewerState(page);
        const mean = s.returns.slice(0, 3).reduce((a, b) => a + b, 0) / 3;
        achieved[row.asked] = { mean, hash: s.thetaHash };
        console.log(`asked ${row.asked}: achieved ${mean.toFixed(1)} in the page, ${row.achieved.toFixed(1)} ± ${row.std.toFixed(1)} in gogepo sweep`);
        // the same seeds as the sweep's episodes: only float rounding (tfjs in the page, native in the sweep) differs
        expect(Math.abs(mean - row.achieved), `asked ${row.asked}: page ${mean}, sweep ${row.achieved}`).toBeLessThan(Math.max(5, 2 * row.std));
      }
      expect(await plotTop()).toBe(topBefore);
      const [lo, hi] = [achieved[sweep[0].asked], achieved[sweep[2].asked]];
      expect(lo.hash).not.toBe(hi.hash);
      if (sweep[2].achieved > sweep[0].achieved + 20) expect(hi.mean).toBeGreaterThan(lo.mean + 10);

      // the snapshot selector: the first quarter of training's generator writes another policy
      const options = await page.$$eval('#snapshot option', (os) => os.map((o) => (o as unknown as { value: string }).value));
      expect(options).toHaveLength(5);
      const before = (await viewerState(page)).thetaHash;
      await page.selectOption('#snapshot', options[0]);
      await page.waitForFunction((id) => (globalThis as unknown as { viewer: State }).viewer.snapshot === id, options[0]);
      expect((await viewerState(page)).thetaHash).not.toBe(before);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 300_000);

  it("draws the run's own MuJoCo model in 3D, stepped live, at real time; its frame rate is reported", async () => {
    const { page, errors, close } = await open(pendulum);
    try {
      const first = await canvasShot(page);
      // waits for frames, not for a time: a loaded machine draws slower
      await page.waitForFunction(() => (globalThis as unknown as { viewer: State }).viewer.frames > 5, null, { timeout: 60_000 });
      const s = await viewerState(page);
      expect((await canvasShot(page)).equals(first)).toBe(false);
      console.log(`viewer frame rate in headless Chromium (SwiftShader WebGL): ${s.fps.toFixed(1)} fps`);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it.each([
    ['InvertedPendulum-v5', 4, 1, 3],
    ['Swimmer-v5', 8, 2, 1],
    ['Hopper-v5', 11, 3, 1],
    ['HalfCheetah-v5', 17, 6, 1],
    ['Walker2d-v5', 17, 6, 1],
    ['Ant-v5', 105, 8, 1],
  ])("draws Gymnasium's %s from its own model, stepped in the page", async (env, obs, act, high) => {
    const layout = { observationSize: obs, actionSize: act, hidden: [8], hiddenActivation: 'tanh' };
    const theta = Array.from({ length: obs * 8 + 8 + 8 * act + act }, (_, i) => Math.sin(i) / 4);
    const file = join(root, `${env}.json`);
    writeFileSync(file, JSON.stringify({ format: 'gogepo-policy/1', env, layout, actionHigh: new Array(act).fill(high), observationMean: new Array(obs).fill(0), observationStd: new Array(obs).fill(1), theta }));
    const { page, errors, close } = await open(file, '?speed=4');
    try {
      const first = await canvasShot(page);
      await page.waitForFunction((n) => (globalThis as unknown as { viewer: State }).viewer.frames > n + 5, (await viewerState(page)).frames);
      expect((await canvasShot(page)).equals(first)).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("shows a policy file acting with the file's own weights", async () => {
    const file = join(root, 'car-90.json');
    gogepo('generate', car, '--return', '90', '--out', file, '--backend', 'native');
    const { page, errors, close } = await open(file);
    try {
      const theta = Float32Array.from((JSON.parse(readFileSync(file, 'utf8')) as { theta: number[] }).theta);
      expect((await viewerState(page)).thetaHash).toBe(thetaHash(theta));
      expect(await page.isHidden('#controls')).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe('gogepo render', () => {
  it.each(['mp4', 'gif'])('writes a .%s that ffprobe decodes with the frame count and size it reports', async (ext) => {
    const out = join(root, `pendulum.${ext}`);
    const result = await render(pendulum, { out, episodes: 2, force: false, backend: 'native' });
    expect(result.returns).toHaveLength(2);
    // the captions tell the truth: each episode's last frame shows its final return, and the clip ends with the episodes asked
    expect(result.captions).toHaveLength(result.frames);
    const ends = result.captions.filter((c) => c.includes('final return'));
    expect(ends.map((c) => c.replace(/ · asked \S+ · /, ' · '))).toEqual([`InvertedPendulum-v2 · episode 1 · final return ${result.returns[0].toFixed(1)}`, `InvertedPendulum-v2 · episode 2 · final return ${result.returns[1].toFixed(1)}`]);
    expect(result.captions.at(-1)).toBe(ends[1]);
    expect(result.captions.some((c) => c.includes('episode 3'))).toBe(false);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,width,height', '-of', 'json', out], { encoding: 'utf8' });
    const stream = (JSON.parse(probe.stdout) as { streams: { width: number; height: number; nb_read_frames: string }[] }).streams[0];
    expect({ frames: Number(stream.nb_read_frames), width: stream.width, height: stream.height }).toEqual({ frames: result.frames, width: 720, height: 480 });
    await expect(render(pendulum, { out, episodes: 1, force: false, backend: 'native' })).rejects.toThrow(/exists; pass --force/);
  }, 180_000);
});

describe('gogepo show and gogepo runs', () => {
  it('log finite diagnostics for every GoGePo episode, and show them on a page that loads cleanly', async () => {
    const lines = readFileSync(join(car, 'episodes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    for (const key of ['command', 'predictedReturn', 'evaluatorLoss', 'generatorLoss']) {
      expect(lines.every((l) => Number.isFinite(l[key])), key).toBe(true);
    }
    const printed = gogepo('show', car);
    expect(printed).toMatch(/gogepo on MountainCarContinuous-v0, seed 0, finished, \d+\/30000 steps/);
    expect(printed).toMatch(/mean \|V's prediction - return\| [\d.]+/);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${join(car, 'show.html')}`);
    expect(await page.locator('figure svg').count()).toBe(5); // curve, commands, prediction, losses, sweep
    expect(await page.locator('#config').textContent()).toContain('"generatorLr"');
    // the summary wraps inside its box, even on a narrow window
    await page.setViewportSize({ width: 480, height: 640 });
    expect(await page.locator('#summary').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();

    // a page that is not show's own is not overwritten without --force
    const mine = join(root, 'mine.html');
    writeFileSync(mine, '<p>my notes</p>');
    const refused = spawnSync(process.execPath, [main, 'show', car, '--out', mine], { encoding: 'utf8' });
    expect([refused.status, refused.stderr.trim()]).toEqual([2, `error: show: ${mine} exists and is not a page of gogepo show; pass --force to replace it`]);
    expect(readFileSync(mine, 'utf8')).toBe('<p>my notes</p>');
    gogepo('show', car); // its own page is rewritten

    const table = gogepo('runs', root);
    expect(table).toMatch(/runs\/car .* gogepo .* MountainCarContinuous-v0 .* finished/);
    expect(table).toMatch(/runs\/pendulum .* gogepo .* InvertedPendulum-v2 .* finished/);
    expect(table).toMatch(/2 runs under/);
  }, 120_000);
});
