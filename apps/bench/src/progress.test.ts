import { describe, expect, it } from 'vitest';
import '@gogepo/baselines';
import { resolveRunConfig } from '@gogepo/core';
import { benchCounts, etaSeconds } from './progress.js';
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

  it('ETA: remaining steps at each group\'s own rate, shared among workers', () => {
    const runs = [
      progress('slow', 0, { status: 'done', steps: 1000, startedAt: 0, endedAt: 100_000 }), // 10 steps/s
      progress('slow', 1, { status: 'pending' }),
      progress('fast', 0, { status: 'running', steps: 500, startedAt: 0 }), // 500 steps in 1 s
      progress('fast', 1, { status: 'failed' }),
    ];
    // slow-1: 1000 steps at 10/s = 100 s; fast-0: 500 more at 500/s = 1 s; over 2 workers
    expect(etaSeconds(runs, 2, 1000)).toBeCloseTo(101 / 2, 9);
    // a group with no rate yet borrows the whole session's
    const fresh = [progress('a', 0, { status: 'running', steps: 100, startedAt: 0 }), progress('b', 0, {})];
    expect(etaSeconds(fresh, 1, 1000)).toBeCloseTo(9 + 10, 9);
    expect(etaSeconds([progress('a', 0, {})], 1, 1000)).toBe(Infinity);
  });
});
