import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Run, runPaths, type RunConfig } from '@gogepo/core';

const withoutWallTime = (path: string) => readFileSync(path, 'utf8').replace(/"wallSeconds":[\d.e+-]+/g, '');

/**
 * Runs `config` straight through, and again stopped after `stopAfter` episodes
 * then resumed; the two runs must log the same episodes and evaluations.
 */
export async function expectExactResume(config: RunConfig, backend: string, stopAfter: number): Promise<void> {
  const [straightDir, resumedDir] = [mkdtempSync(join(tmpdir(), 'gogepo-resume-')), mkdtempSync(join(tmpdir(), 'gogepo-resume-'))];
  const straight = await Run.start(straightDir, config, backend);
  await straight.train();
  straight.close();
  const first = await Run.start(resumedDir, config, backend);
  let episodes = 0;
  expect((await first.train({ onProgress: (p) => (episodes = p.episodes), shouldStop: () => episodes >= stopAfter })).status).toBe('stopped');
  first.close();
  const second = await Run.resume(resumedDir, backend);
  await second.train();
  second.close();
  expect(withoutWallTime(runPaths(resumedDir).episodes)).toBe(withoutWallTime(runPaths(straightDir).episodes));
  expect(withoutWallTime(runPaths(resumedDir).metrics)).toBe(withoutWallTime(runPaths(straightDir).metrics));
}
