import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { algorithmDefinition, ConfigError, runPaths } from '@gogepo/core';
import { render } from '@gogepo/viewer';
import type { RunData } from './collect.js';
import { printedCommand } from '@gogepo/core/cli';

/** A clip of an environment's best command-conditioned run acting. */
export interface Video {
  env: string;
  run: string;
  file: string;
  caption: string;
  /** The GIF as a data URI, for the self-contained page. */
  dataUri: string;
}

export interface Videos {
  videos: Video[];
  /** Why there are none, when they could not be made (no Chromium or ffmpeg). */
  skipped?: string;
  /** `gogepo view` for every finished command-conditioned run. */
  viewers: { run: string; command: string }[];
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-');
const conditioned = (r: RunData) => r.summary !== undefined && algorithmDefinition(r.run.algo).commandConditioned === true;

/**
 * For each environment, a short GIF (at most 6 s, 360 px wide) of one whole
 * episode of the noise-free best policy of the seed with the best final return
 * (sped up to fit), drawn by the viewer in
 * headless Chromium (`@gogepo/viewer` render). A clip newer than its run's
 * summary is kept; without Chromium or ffmpeg the report says why there is none.
 */
/** A clip's frames at most: 6 s at the render's 25 frames per second. */
const MAX_FRAMES = 150;

export async function bestSeedVideos(runs: RunData[], outDir: string, modules: readonly string[]): Promise<Videos> {
  const finished = runs.filter(conditioned);
  // the suite's own modules (its environments, its algorithms): the viewer loads them, and a printed command names them
  const view = (dir: string) => printedCommand('gogepo', ['view', dir, ...modules.flatMap((m) => ['--require', m])]);
  const viewers = finished.map((r) => ({ run: r.run.id, command: view(r.run.dir) }));
  const videos: Video[] = [];
  for (const env of [...new Set(finished.map((r) => r.run.env))]) {
    const best = finished.filter((r) => r.run.env === env).sort((a, b) => b.summary!.finalReturn - a.summary!.finalReturn || a.run.seed - b.run.seed)[0];
    const file = `video-${slug(env)}.gif`;
    const path = join(outDir, file);
    const fresh = existsSync(path) && statSync(path).mtimeMs > statSync(runPaths(best.run.dir).summary).mtimeMs;
    if (!fresh) {
      try {
        // one whole episode, however long, in at most MAX_FRAMES frames: a balanced pole shows its corrections, a car its swing
        await render(best.run.dir, { out: path, episodes: 1, maxFrames: MAX_FRAMES, width: 360, speedup: 'fit', force: true, backend: 'auto', modules });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return { videos, viewers, skipped: error.message };
      }
    }
    videos.push({
      env, run: best.run.id, file,
      caption: `${best.run.id} (final return ${best.summary!.finalReturn.toFixed(1)}, the best seed): its generator's noise-free best policy, one whole episode (sped up to fit 6 s; the caption says how much). Watch it live: ${view(best.run.dir)}`,
      dataUri: `data:image/gif;base64,${readFileSync(path).toString('base64')}`,
    });
  }
  return { videos, viewers };
}
