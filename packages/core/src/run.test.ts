import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@gogepo/nn';
import { Run } from './run.js';
import { listSnapshots } from './run-directory.js';
import { readSafetensors } from './safetensors.js';
import { commandSweep } from './sweep.js';
import { bufferLogLength, bufferLogPath, evenlySpaced, forEachBufferRecord } from './gogepo/buffer-log.js';
import { resolveRunConfig } from './index.js'; // registers GoGePo
import { runPaths } from './run-paths.js';
import { evaluationSeed } from './evaluation.js';

let backend = '';
beforeAll(async () => {
  backend = await initBackend('wasm');
});

const tiny = {
  evalInterval: 150,
  evalEpisodes: 3,
  gogepo: { policyHidden: [16, 16], headHidden: [16], evaluatorHidden: [16], probingStates: 10, generatorSteps: 3, evaluatorSteps: 2 },
};
const config = (steps: number, updateThreads = 1) =>
  resolveRunConfig({ algo: 'gogepo', env: 'InvertedPendulum-v2', seed: 3 }, { ...tiny, steps, gogepo: { ...tiny.gogepo, updateThreads } });
const withoutWallTime = (path: string) => readFileSync(path, 'utf8').replace(/"wallSeconds":[\d.e+-]+/g, '');

describe('Run', () => {
  it.each([
    ['wasm', 1],
    ['wasm', 2],
    ['native', 2],
  ] as const)('resumes exactly: stop mid-run, resume, and get the same run as without the stop (%s backend, %i update threads)', async (choice, threads) => {
    backend = await initBackend(choice);
    const straight = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    const a = await Run.start(straight, config(600, threads), backend);
    const resultA = await a.train();
    a.close();
    expect(resultA.status).toBe('finished');

    const interrupted = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    const b = await Run.start(interrupted, config(600, threads), backend);
    let episodes = 0;
    // stop after 17 episodes, i.e. between two checkpoints of a time-based schedule
    expect((await b.train({ onProgress: (p) => (episodes = p.episodes), shouldStop: () => episodes >= 17 })).status).toBe('stopped');
    b.close();
    const c = await Run.resume(interrupted, backend);
    const resultC = await c.train();
    c.close();

    expect(resultC.summary!.episodes).toBe(resultA.summary!.episodes);
    expect(resultC.summary!.finalReturn).toBe(resultA.summary!.finalReturn);
    const [pa, pc] = [runPaths(straight), runPaths(interrupted)];
    expect(withoutWallTime(pc.episodes)).toBe(withoutWallTime(pa.episodes));
    expect(withoutWallTime(pc.metrics)).toBe(withoutWallTime(pa.metrics));
    expect(readFileSync(bufferLogPath(interrupted)).equals(readFileSync(bufferLogPath(straight)))).toBe(true);
    const summary = JSON.parse(readFileSync(pc.summary, 'utf8'));
    expect(summary.evaluations).toBe(withoutWallTime(pa.metrics).trim().split('\n').length);
    // the generator snapshots (4 by default, at 1/4 .. 4/4 of the budget) match too
    const [sa, sc] = [listSnapshots(straight), listSnapshots(interrupted)];
    expect(sa.map((s) => s.steps)).toEqual(sc.map((s) => s.steps));
    expect(sa).toHaveLength(4);
    expect(sa[0].steps).toBeGreaterThanOrEqual(150);
    expect(sa[3].steps).toBe(resultA.summary!.steps);
    sa.forEach((s, i) => expect(readFileSync(sc[i].path).equals(readFileSync(s.path))).toBe(true));
    backend = await initBackend('wasm');
  });

  it('reloads a generator snapshot, and sweeps commands with the trained generator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    const a = await Run.start(dir, config(400), backend);
    await a.train();
    a.close();
    const run = await Run.resume(dir, backend, { readOnly: true });
    try {
      const [first, , , last] = listSnapshots(dir);
      const final = run.conditioned.generate(50);
      run.conditioned.loadGeneratorSnapshot(readSafetensors(last.path));
      expect(run.conditioned.generate(50)).toEqual(final); // the last snapshot is the finished generator
      run.conditioned.loadGeneratorSnapshot(readSafetensors(first.path));
      expect(run.conditioned.generate(50)).not.toEqual(final);

      // the buffer log holds every policy tried; the evaluator fingerprints any of them
      const size = run.policyLayout.size;
      const length = bufferLogLength(bufferLogPath(dir), size);
      expect(length).toBe(JSON.parse(readFileSync(runPaths(dir).summary, 'utf8')).episodes);
      const seen: number[] = [];
      forEachBufferRecord(bufferLogPath(dir), size, evenlySpaced(length, 3), (theta, r, i) => {
        expect(theta).toHaveLength(size);
        expect(Number.isFinite(r)).toBe(true);
        expect(run.conditioned.fingerprint(theta)).toHaveLength(10 * 1); // 10 probing states x 1 action
        seen.push(i);
      });
      expect(seen).toEqual([0, Math.floor((length - 1) / 2), length - 1]);

      const rows = commandSweep(run, { from: 0, to: 100, n: 3, episodes: 2, seed: 7 });
      expect(rows.map((r) => r.asked)).toEqual([0, 50, 100]);
      for (const r of rows) {
        expect(r.returns).toHaveLength(2);
        expect(r.achieved).toBeCloseTo((r.returns[0] + r.returns[1]) / 2, 9);
      }
    } finally {
      run.close();
    }
  });

  it('cuts logs back to the checkpoint when a run died after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    const run = await Run.start(dir, { ...config(300), checkpointEpisodes: 5 }, backend);
    let episodes = 0;
    await run.train({ onProgress: (p) => (episodes = p.episodes), shouldStop: () => episodes >= 12 });
    run.close();
    const paths = runPaths(dir);
    const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8'));
    // simulate a crash after the checkpoint: extra lines and records that the checkpoint never saw
    const { appendFileSync } = await import('node:fs');
    appendFileSync(paths.episodes, '{"episode":999}\n');
    appendFileSync(bufferLogPath(dir), Buffer.alloc(64));
    const resumed = await Run.resume(dir, backend);
    resumed.close();
    expect(readFileSync(paths.episodes, 'utf8')).not.toContain('"episode":999');
    expect(readFileSync(paths.episodes).length).toBe(manifest.episodesBytes);
    expect(readFileSync(bufferLogPath(dir)).length).toBe(manifest.algorithm.bufferLogBytes);
  });

  it('refuses to resume a checkpoint made before seeds were mixed, and still evaluates it read-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    const run = await Run.start(dir, { ...config(300), checkpointEpisodes: 5 }, backend);
    let episodes = 0;
    await run.train({ onProgress: (p) => (episodes = p.episodes), shouldStop: () => episodes >= 6 });
    run.close();
    const paths = runPaths(dir);
    const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8'));
    expect(manifest.format).toBe('gogepo-checkpoint/2');
    writeFileSync(paths.manifest, JSON.stringify({ ...manifest, format: 'gogepo-checkpoint/1' }));
    await expect(Run.resume(dir, backend)).rejects.toThrow(
      `${dir}: checkpoint format gogepo-checkpoint/1 is retired: it was written before seeds were mixed and derived by hashing, so it cannot resume bit for bit; start a new run`,
    );
    const readOnly = await Run.resume(dir, backend, { readOnly: true });
    readOnly.close();
  });

  it('runs test episodes that start from different states', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    const run = await Run.start(dir, resolveRunConfig({ algo: 'gogepo', env: 'MountainCarContinuous-v0', seed: 0 }, { ...tiny, steps: 1000 }), backend);
    try {
      const env = run.evaluationEnv;
      const starts = [0, 1].flatMap((i) => Array.from({ length: 10 }, (_, j) => env.reset({ seed: evaluationSeed(0, i, j) })[0]));
      // U(-0.6, -0.4): 20 independent starts span most of the interval (the raw seeds gave one start, -0.4)
      expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(0.1);
      expect(new Set(starts).size).toBe(20);
    } finally {
      run.close();
    }
  });

  it('refuses to start over an existing run and to resume a folder that is not a run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    (await Run.start(dir, config(100), backend)).close();
    // config.json says how the run was made: tool version, backend, commit, machine
    const made = Run.readConfig(dir);
    // the version is the release's: @gogepo/core's package.json (every package has it)
    const release = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(release).toMatch(/^\d+\.\d+\.\d+$/);
    expect(made).toMatchObject({ version: release, backend, machine: { cores: cpus().length, node: process.version } });
    expect(made.commit).toMatch(/^[0-9a-f]{40}(\+changes)?$/); // the tests run in a git checkout
    await expect(Run.start(dir, config(100), backend)).rejects.toThrow(/already holds a run; use `(npx )?gogepo resume/); // as the user runs gogepo from here
    await expect(Run.resume(mkdtempSync(join(tmpdir(), 'gogepo-empty-')), backend)).rejects.toThrow(/is not a run directory \(no config.json\)/);
  });
});
