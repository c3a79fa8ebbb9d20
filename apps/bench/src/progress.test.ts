import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import '@gogepo/baselines';
import { resolveRunConfig } from '@gogepo/core';
import { BenchProgress, benchCounts, failureLine, runningText } from './progress.js';
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
