import { spawn, spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, statfsSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { ConfigError } from '@gogepo/core';
import { envSpec } from '@gogepo/envs';
import type { BackendChoice } from '@gogepo/nn';
import { launchChromium } from './browser.js';
import { startViewer } from './view-server.js';

const FPS = 25;

/** ffmpeg's arguments for each container: H.264 in MP4, VP9 in WebM, a palette-optimised GIF. */
const encoders: Record<string, (scale: string) => string[]> = {
  '.mp4': (scale) => ['-vf', scale, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '23'],
  '.webm': (scale) => ['-vf', scale, '-c:v', 'libvpx-vp9', '-b:v', '1M', '-pix_fmt', 'yuv420p'],
  '.gif': (scale) => ['-filter_complex', `${scale},split[a][b];[a]palettegen[p];[b][p]paletteuse`],
};

/** The width of the page's stage (page.html's #stage), in CSS pixels. */
const STAGE_WIDTH = 720;

export interface RenderResult {
  frames: number;
  width: number;
  height: number;
  /** The final return of each episode of the clip. */
  returns: number[];
  /** Each frame's caption, as drawn on it (the episode, and its return so far or its final return). */
  captions: string[];
}

/**
 * `gogepo render RUN_DIR|policy.json --out FILE`: a video of episodes of the
 * policy the run's generator writes for `--return` (default: the noise-free
 * best), or of a policy file. The viewer page draws each frame in headless
 * Chromium, the caption shows the asked and achieved return, and ffmpeg
 * encodes the frames at 25 per second of simulated time.
 */
export interface RenderOptions {
  out: string;
  /** The return to ask for (default: the noise-free best policy's command). */
  return?: number;
  episodes: number;
  force: boolean;
  backend: BackendChoice;
  /** Stop after this many frames, even inside an episode (a short clip). */
  maxFrames?: number;
  /** The video's width in pixels (default: the page's, 720); the height keeps the aspect. */
  width?: number;
  /**
   * Simulated time runs this many times faster than the video (default 1:
   * real time); 'fit': as much faster as it takes for the environment's
   * longest episode to fit in `maxFrames`. The caption says so.
   */
  speedup?: number | 'fit';
  /** The modules the operator named (--require); a run's recorded ones must be among them. */
  modules?: readonly string[];
}

export async function render(target: string, opts: RenderOptions): Promise<RenderResult> {
  const ext = extname(opts.out).toLowerCase();
  const encoder = encoders[ext];
  if (!encoder) throw new ConfigError(`render: --out must end in .mp4, .webm or .gif, got "${opts.out}"`);
  if (existsSync(opts.out) && !opts.force) throw new ConfigError(`render: ${opts.out} exists; pass --force to replace it`);
  if (spawnSync('ffmpeg', ['-version']).status !== 0) throw new ConfigError('render: ffmpeg is not installed (Debian: apt-get install ffmpeg; the tests use scripts/ensure-ffmpeg.sh)');
  const viewer = await startViewer(target, { port: 0, backend: opts.backend, modules: opts.modules });
  if (opts.return !== undefined && !viewer.conditioned) {
    await viewer.close();
    throw new ConfigError(`render: --return asks a generator for a policy, and ${target} has none (${viewer.whatItIs}); leave --return out to film its policy`);
  }
  const browser = await launchChromium();
  const tmp = `${opts.out}.tmp-${process.pid}${ext}`;
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // a clip scaled down (the report's GIFs: 360 px of the 720 px stage) gets a caption scaled up to match, so it stays legible
    const captionScale = opts.width === undefined ? 1 : Math.min(3, Math.max(1, STAGE_WIDTH / opts.width));
    await page.goto(`${viewer.url}?render=1&captionScale=${captionScale}${opts.return === undefined ? '' : `&return=${opts.return}`}`);
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { viewer?: { ready: boolean; error?: string } }).viewer;
      return v?.ready || v?.error !== undefined;
    }, null, { timeout: 120_000 });
    const error = await page.evaluate(() => (globalThis as unknown as { viewer: { error?: string } }).viewer.error);
    if (error) throw new ConfigError(`render: the viewer failed: ${error}`);
    const dt = await page.evaluate(() => (globalThis as unknown as { viewer: { dt: number } }).viewer.dt);
    if (!(dt > 0)) throw new ConfigError(`render: the viewer reports no time step (${dt}); rebuild it (pnpm build)`);
    const realTime = Math.max(1, Math.round(1 / FPS / dt)); // environment steps per frame at real time
    const longest = envSpec(viewer.env).maxEpisodeSteps;
    const speedup = opts.speedup === 'fit'
      ? Math.max(1, Math.ceil(longest / Math.max(1, (opts.maxFrames ?? Infinity) - 1) / realTime))
      : Math.max(1, Math.round(opts.speedup ?? 1));
    const stepsPerFrame = realTime * speedup;
    await page.evaluate((s) => {
      const page = globalThis as unknown as { viewer: { speedup: number }; renderFrame: (k: number) => boolean };
      page.viewer.speedup = s;
      page.renderFrame(0); // redraws the first frame with its caption
    }, speedup);
    const stage = page.locator('#stage');
    const box = (await stage.boundingBox())!;
    const [shotWidth, shotHeight] = [Math.round(box.width) & ~1, Math.round(box.height) & ~1];
    const width = opts.width ?? shotWidth;
    const height = Math.round((shotHeight * width) / shotWidth / 2) * 2;
    const scale = `scale=${width}:${height}`;
    const ffmpeg = spawn('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'image2pipe', '-framerate', String(FPS), '-i', '-', ...encoder(scale), tmp], { stdio: ['pipe', 'ignore', 'pipe'] });
    let ffmpegErrors = '';
    ffmpeg.stderr.on('data', (d) => (ffmpegErrors += d));
    const encoded = new Promise<number | null>((resolve) => ffmpeg.on('exit', resolve));
    let frames = 0;
    let ended = 0;
    // ffmpeg that stops (a full disk, say) closes its input: the reason is its exit, not the broken pipe
    const ffmpegFailed = async () => {
      const code = await encoded;
      const reason = diskIsFull(opts.out) ? `${opts.out}: no space left on the device; free some and run it again` : `ffmpeg failed (${code}): ${ffmpegErrors.trim().split('\n').at(-1) ?? ''}`;
      return new ConfigError(`render: ${reason}`);
    };
    const write = (png: Buffer) => new Promise<void>((resolve, reject) => ffmpeg.stdin.write(png, (e) => (e ? ffmpegFailed().then(reject) : resolve())));
    const caption = () => page.evaluate(() => (globalThis as unknown as { viewer: { caption: string } }).viewer.caption);
    const captions: string[] = [];
    await write(await page.screenshot({ clip: { x: box.x, y: box.y, width: shotWidth, height: shotHeight } }));
    captions.push(await caption());
    frames += 1;
    while (ended < opts.episodes && frames < (opts.maxFrames ?? Infinity)) {
      if (await page.evaluate((k) => (globalThis as unknown as { renderFrame: (k: number) => boolean }).renderFrame(k), stepsPerFrame)) ended += 1;
      await write(await page.screenshot({ clip: { x: box.x, y: box.y, width: shotWidth, height: shotHeight } }));
      captions.push(await caption());
      frames += 1;
      if (process.env.GOGEPO_DEBUG && frames % 25 === 0) console.error(`frame ${frames}, episodes ended ${ended}`);
    }
    ffmpeg.stdin.end();
    const code = await encoded;
    if (code !== 0) throw await ffmpegFailed();
    if (errors.length > 0) throw new ConfigError(`render: the viewer failed: ${errors[0]}`);
    const returns = await page.evaluate(() => (globalThis as unknown as { viewer: { returns: number[] } }).viewer.returns);
    renameSync(tmp, opts.out);
    console.log(`wrote ${opts.out}: ${frames} frames, ${width}x${height}, ${FPS} fps; ${returns.length > 0 ? `episode returns ${returns.map((r) => r.toFixed(1)).join(', ')}` : 'no episode ended in the clip'}`);
    return { frames, width, height, returns, captions };
  } finally {
    rmSync(tmp, { force: true });
    await browser.close();
    await viewer.close();
  }
}

/** Whether the file system that holds `path` has no room left for an unprivileged writer. */
function diskIsFull(path: string): boolean {
  try {
    return statfsSync(dirname(resolve(path))).bavail === 0;
  } catch {
    return false;
  }
}
