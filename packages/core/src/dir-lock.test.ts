import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@gogepo/nn';
import { DirLock } from './dir-lock.js';
import { resolveRunConfig } from './index.js'; // registers GoGePo
import { runPaths } from './run-paths.js';
import { Run } from './run.js';

let backend = '';
let other: ChildProcess;
beforeAll(async () => {
  backend = await initBackend('wasm');
  other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
});
afterAll(() => {
  other.kill();
});

const heldBy = (path: string, pid: number) => writeFileSync(path, JSON.stringify({ pid, since: '2026-01-01T00:00:00.000Z' }));
const tiny = { policyHidden: [16, 16], headHidden: [16], evaluatorHidden: [16], probingStates: 10, generatorSteps: 1, evaluatorSteps: 1 };
const config = resolveRunConfig({ algo: 'gogepo', env: 'InvertedPendulum-v2', seed: 0 }, { steps: 100, evalInterval: 100, evalEpisodes: 1, gogepo: tiny });

describe('DirLock', () => {
  it('refuses a lock that a live process holds, takes over a stale one, and releases', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gogepo-lock-')), 'x.lock');
    heldBy(path, other.pid!);
    expect(() => DirLock.acquire(path, 'directory d')).toThrow(/^directory d is in use by process \d+ \(since 2026-01-01T00:00:00.000Z\); stop it first/);
    expect(existsSync(path)).toBe(true);

    heldBy(path, 2 ** 22 + 12345); // above Linux's pid_max: no such process
    const lock = DirLock.acquire(path, 'directory d');
    expect(() => DirLock.acquire(path, 'directory d')).not.toThrow(); // our own pid: a leftover of this process
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('keeps a second process from training in a run directory while the first holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-lock-run-'));
    const run = await Run.start(dir, config, backend);
    expect(existsSync(runPaths(dir).lock)).toBe(true);
    await run.train();
    run.close();
    expect(existsSync(runPaths(dir).lock)).toBe(false);

    heldBy(runPaths(dir).lock, other.pid!);
    await expect(Run.resume(dir, backend)).rejects.toThrow(/run directory .* is in use by process/);
    const reader = await Run.resume(dir, backend, { readOnly: true }); // evaluation and generation do not need the lock
    reader.close();
    expect(existsSync(runPaths(dir).lock)).toBe(true);
  });
});
