import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@gogepo/nn';
import { DirLock, FOREIGN_STALE_MS } from './dir-lock.js';
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
  it('on a shared file system: a lock of another machine holds while its heartbeat is recent, and is broken once it is older than FOREIGN_STALE_MS', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gogepo-lock-')), 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: 'another-machine', since: '2026-01-01T00:00:00.000Z', token: 't1' }));
    expect(() => DirLock.acquire(path, 'directory d')).toThrow(/^directory d is in use by process \d+ on another-machine/);
    const old = new Date(Date.now() - FOREIGN_STALE_MS - 1000);
    utimesSync(path, old, old);
    const lock = DirLock.acquire(path, 'directory d', 20); // our own heartbeat, every 20 ms
    utimesSync(path, old, old);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(FOREIGN_STALE_MS / 2);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });


  it('refuses a lock that a live process holds, takes over a stale one, and releases', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gogepo-lock-')), 'x.lock');
    heldBy(path, other.pid!);
    expect(() => DirLock.acquire(path, 'directory d')).toThrow(/^directory d is in use by process \d+ \(since 2026-01-01T00:00:00.000Z\); stop it first/);
    expect(existsSync(path)).toBe(true);

    heldBy(path, 2 ** 22 + 12345); // above Linux's pid_max: no such process
    const lock = DirLock.acquire(path, 'directory d');
    const again = DirLock.acquire(path, 'directory d'); // our own pid: a leftover of this process, taken over
    lock.release(); // the lock is no longer the first one's to remove
    expect(existsSync(path)).toBe(true);
    again.release();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dirname(path))).toEqual([]); // no temporary or breaker files left behind
  });

  it.each([
    ['a free lock', false],
    ['a stale lock (its process is gone)', true],
  ])('never has two holders when many processes race for %s', async (_what, stale) => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-lock-race-'));
    const lockModule = fileURLToPath(new URL('../dist/dir-lock.js', import.meta.url));
    const racer = join(dir, 'racer.mjs');
    // each racer waits for the same instant, tries once, and if it holds the lock logs the interval it held it
    writeFileSync(racer, `
      import { appendFileSync } from 'node:fs';
      const { DirLock } = await import(${JSON.stringify(lockModule)});
      const [path, log, at] = process.argv.slice(2);
      while (Date.now() < Number(at)) {}
      let lock;
      try { lock = DirLock.acquire(path, 'd'); } catch { process.exit(0); }
      const start = performance.timeOrigin + performance.now();
      while (performance.timeOrigin + performance.now() < start + 150) {}
      appendFileSync(log, JSON.stringify([start, performance.timeOrigin + performance.now()]) + '\\n');
      lock.release();
    `);
    const rounds = 4;
    const racers = 8;
    for (let round = 0; round < rounds; round++) {
      const path = join(dir, `round-${round}.lock`);
      const log = join(dir, `round-${round}.log`);
      if (stale) heldBy(path, 2 ** 22 + 777 + round);
      const at = Date.now() + 1500; // all have started by then
      const children = Array.from({ length: racers }, () => spawn(process.execPath, [racer, path, log, String(at)], { stdio: 'ignore' }));
      await Promise.all(children.map((c) => new Promise((resolve) => c.on('exit', resolve))));
      const held = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as [number, number]).sort((a, b) => a[0] - b[0]);
      expect(held.length).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < held.length; i++) expect(held[i][0]).toBeGreaterThanOrEqual(held[i - 1][1]); // one holder at a time
      expect(existsSync(path)).toBe(false);
    }
  }, 120_000);

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
