import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import '@gogepo/baselines';
import { resolveRunConfig } from '@gogepo/core';
import { BenchProgress, benchCounts, etaSeconds, failureLine, MIN_GROUP_SECONDS, runningText, SmoothedEta } from './progress.js';
import type { RunProgress } from './scheduler.js';

const progress = (label: string, seed: number, p: Partial<RunProgress>): RunProgress => ({
  run: { id: `${label}-${seed}`, dir: '', label, algo: 'ars', env: 'InvertedPendulum-v2', seed, config: resolveRunConfig({ algo: 'ars', env: 'InvertedPendulum-v2', seed }) },
  status: 'pending', steps: 0, budget: 1000, stepsAtStart: 0, ...p,
});

describe('bench progress', () => {
  it('counts runs by status and steps done', () => {
    const runs = [progress('a', 0, { status: 'done', steps: 1000 }), progress('a', 1, { status: 'running', steps: 250 }), progress('b', 0, { status: 'failed' })];
    expect(benchCounts(runs)).toMatchObject({ done: 1, running: 1, failed: 1, pending: 0, runs: 3, steps: 1250, total: 3000 });
  });

  it("ETA: remaining steps at each group's own rate, shared among workers", () => {
    const runs = [
      progress('slow', 0, { status: 'done', steps: 1000, startedAt: 0, endedAt: 100_000 }), // 10 steps/s
      progress('slow', 1, { status: 'pending' }),
      progress('fast', 0, { status: 'running', steps: 30_000, budget: 60_000, startedAt: 0 }), // 500 steps/s over 60 s
      progress('fast', 1, { status: 'failed' }),
    ];
    // slow-1: 1000 steps at 10/s = 100 s; fast-0: 30,000 more at 500/s = 60 s; over 2 workers
    expect(etaSeconds(runs, 2, 60_000)).toBeCloseTo(160 / 2, 9);
  });

  it("ETA: a group's first seconds borrow its algorithm's rate, then the session's, instead of swinging the estimate", () => {
    const now = 100_000;
    const runs = [
      progress('a', 0, { status: 'done', steps: 1000, startedAt: 0, endedAt: 50_000 }), // 20 steps/s
      progress('a', 1, { status: 'pending' }),
      // a new group whose worker is still loading: 2 steps in 5 s would say 0.4 steps/s
      progress('b', 0, { status: 'running', steps: 2, startedAt: now - 5000 }),
    ];
    const session = 1002 / 55;
    expect(etaSeconds(runs, 1, now)).toBeCloseTo(1000 / 20 + 998 / session, 6);
    // once it has MIN_GROUP_SECONDS of work behind it, its own rate counts
    runs[2] = progress('b', 0, { status: 'running', steps: 600, startedAt: now - MIN_GROUP_SECONDS * 1000 });
    expect(etaSeconds(runs, 1, now)).toBeCloseTo(1000 / 20 + 400 / (600 / MIN_GROUP_SECONDS), 6);
    // the same algorithm on another environment borrows b's rate, not a's
    const elsewhere = { ...progress('b', 1, {}), run: { ...progress('b', 1, {}).run, env: 'MountainCarContinuous-v0' } };
    expect(etaSeconds([...runs, elsewhere], 1, now) - etaSeconds(runs, 1, now)).toBeCloseTo(1000 / (600 / MIN_GROUP_SECONDS), 6);
    // nothing known yet: a first run 5 s in (or nothing started)
    expect(etaSeconds([progress('a', 0, { status: 'running', steps: 3, startedAt: now - 5000 }), progress('a', 1, {})], 1, now)).toBeNaN();
    expect(etaSeconds([progress('a', 0, {})], 1, 1000)).toBeNaN();
  });

  it('smooths the shown ETA: a jump of the estimate moves it by a little per second', () => {
    const eta = new SmoothedEta(60);
    expect(eta.update(NaN, 0)).toBeNaN();
    expect(eta.update(600, 0)).toBe(600);
    expect(eta.update(599, 1000)).toBeCloseTo(599, 9); // a steady estimate counts down
    const jumped = eta.update(36_000, 2000); // a new group's estimate says 10 h
    expect(jumped).toBeLessThan(598 + 0.02 * 36_000);
    expect(jumped).toBeGreaterThan(598);
    let shown = jumped;
    for (let t = 3; t <= 600; t++) shown = eta.update(36_000, t * 1000);
    expect(shown).toBeGreaterThan(0.99 * 36_000); // it does follow a lasting change
  });

  it('names the running runs and how far each is', () => {
    expect(runningText([progress('a', 0, { status: 'running', steps: 412 }), progress('b', 1, { status: 'running', phase: 'command sweep' }), progress('c', 0, {})])).toBe(
      'a-0 41%, b-1 command sweep',
    );
    expect(runningText([progress('c', 0, {})])).toBe('-');
  });

  it('on a terminal, shows its own ETA and the elapsed time (not cli-progress\'s eta)', () => {
    let text = '';
    const stream = Object.assign(
      new Writable({ write: (chunk, _encoding, done) => ((text += String(chunk)), done()) }),
      { isTTY: true, columns: 400, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    ) as unknown as NodeJS.WriteStream;
    const bench = new BenchProgress(1, true, 30, stream);
    const start = performance.now() - 100_000;
    // group a: 1,500 steps in 100 s; 500 left at 15 steps/s
    bench.update([progress('a', 0, { status: 'done', steps: 1000, startedAt: start, endedAt: start + 50_000 }), progress('a', 1, { status: 'running', steps: 500, startedAt: start + 50_000 })]);
    bench.stop();
    expect(text).toMatch(/1\/2 done, 0 failed \| elapsed \d+m\d\ds, ETA 0m33s \| running: a-1 50%/);
    expect(text).not.toMatch(/ETA (INF|NULL|NaN|\d+\b(?![ms]))/);
  });
});

describe('failureLine', () => {
  it('points to bench-error.txt only when the worker wrote one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-failure-'));
    const run = { id: 'IP-gogepo-s0', dir };
    expect(failureLine(run, 'worker exited (SIGKILL)')).toBe('  failed: IP-gogepo-s0: worker exited (SIGKILL)');
    writeFileSync(join(dir, 'bench-error.txt'), 'Error: boom\n');
    expect(failureLine(run, 'boom')).toBe(`  failed: IP-gogepo-s0: boom (details: ${join(dir, 'bench-error.txt')})`);
  });
});
