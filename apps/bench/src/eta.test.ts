import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '@gogepo/baselines';
import { resolveRunConfig } from '@gogepo/core';
import { EtaDisplay, etaRange, MIN_GROUP_SECONDS, SmoothedEta } from './eta.js';
import type { RunProgress } from './scheduler.js';

const progress = (label: string, seed: number, p: Partial<RunProgress>, env = 'InvertedPendulum-v2'): RunProgress => ({
  run: { id: `${env}-${label}-${seed}`, dir: '', label, algo: 'ars', env, seed, config: resolveRunConfig({ algo: 'ars', env: 'InvertedPendulum-v2', seed }) },
  status: 'pending', steps: 0, budget: 1000, stepsAtStart: 0, ...p,
});

describe('the bench ETA', () => {
  it('lays the runs out on the workers: a long run is not shared, waiting runs wait', () => {
    const now = 100_000;
    // group a: 10 steps/s, known from a finished run
    const done = progress('a', 0, { status: 'done', steps: 1000, startedAt: 0, endedAt: 100_000 });
    const long = progress('a', 1, { status: 'running', steps: 0, budget: 10_000, startedAt: now }); // 1,000 s left
    const short = [2, 3, 4].map((s) => progress('a', s, { budget: 100 })); // 10 s each
    expect(etaRange([done, long, ...short], 2, now)!.expected).toBeCloseTo(1000, 6); // not (1000 + 30) / 2
    expect(etaRange([done, long, ...short], 1, now)!.expected).toBeCloseTo(1030, 6);
    // more workers than runs: the longest run decides
    expect(etaRange([done, long], 8, now)!.expected).toBeCloseTo(1000, 6);
  });

  it('widens the range with how little is known of a rate', () => {
    const now = 200_000;
    const finished = etaRange([progress('a', 0, { status: 'done', steps: 1000, startedAt: 0, endedAt: 100_000 }), progress('a', 1, {})], 1, now)!;
    expect(finished.expected).toBeCloseTo(100, 6);
    expect(finished.low).toBeCloseTo(100 / 1.5, 6);
    expect(finished.high).toBeCloseTo(100 * 1.5, 6);
    // a running group with MIN_GROUP_SECONDS behind it: a factor 2 each way
    const running = etaRange([progress('a', 0, { status: 'running', steps: 600, startedAt: now - MIN_GROUP_SECONDS * 1000 })], 1, now)!;
    expect([running.low, running.expected, running.high].map((x) => x / (400 / 10))).toEqual([0.5, 1, 2].map((x) => expect.closeTo(x, 6)));
    // a group with no rate of its own borrows its algorithm's (4x); one without either is not guessed: only a lower bound is known
    const borrowed = etaRange([progress('a', 0, { status: 'done', steps: 1000, startedAt: 0, endedAt: 100_000 }), progress('a', 1, {}, 'Hopper-v3')], 1, now)!;
    expect(borrowed.high / borrowed.expected).toBeCloseTo(4, 6);
    const unknown = etaRange([progress('a', 0, { status: 'done', steps: 1000, startedAt: 0, endedAt: 100_000 }), progress('a', 1, {}), progress('b', 0, {})], 1, now)!;
    expect(unknown.unknown).toEqual(['InvertedPendulum-v2 b']);
    expect(unknown.low).toBeCloseTo(100 / 1.5, 6);
    expect(unknown.expected).toBe(Infinity);
    expect(new EtaDisplay().update(unknown, 0)).toBe('more than 1m07s (no pace yet for InvertedPendulum-v2 b)');
    // nothing known: a first run 5 s in, or nothing started
    expect(etaRange([progress('a', 0, { status: 'running', steps: 3, startedAt: now - 5000 }), progress('a', 1, {})], 1, now)).toBeUndefined();
    expect(etaRange([progress('a', 0, {})], 1, now)).toBeUndefined();
    expect(new EtaDisplay().update(undefined, 0)).toBe('?');
  });

  it('knows the pace of the runs finished before this session (a resumed bench) from their wall times', () => {
    const now = 10_000;
    // group a finished a run of 1,000 steps in 100 s in an earlier session; this session's run of it just started
    const earlier = progress('a', 0, { status: 'done', steps: 1000, stepsAtStart: 1000, secondsBefore: 100 });
    const resumed = progress('a', 1, { status: 'running', steps: 200, stepsAtStart: 200, startedAt: now - 5000 });
    const range = etaRange([earlier, resumed], 1, now)!;
    expect(range.unknown).toEqual([]);
    // 1,000 steps in 100 + 5 s: the 800 steps left take 84 s, a finished run's x1.5 each way
    expect([range.low, range.expected, range.high]).toEqual([84 / 1.5, 84, 84 * 1.5].map((x) => expect.closeTo(x, 6)));
    // without its wall time (an unreadable summary) it says nothing: the running run's group has no pace yet
    expect(etaRange([{ ...earlier, secondsBefore: undefined }, resumed], 1, now)).toBeUndefined();
  });

  it('shows one time while the range is narrow, the range while it is wide, "?" while nothing is known', () => {
    expect(new EtaDisplay().update(undefined, 0)).toBe('?');
    expect(new EtaDisplay().update({ low: 80, expected: 100, high: 115, unknown: [] }, 0)).toBe('1m40s');
    expect(new EtaDisplay().update({ low: 600, expected: 2400, high: 9600, unknown: [] }, 0)).toBe('10m00s-2h40m');
  });

  it('smooths each shown end: a jump of the estimate moves it by a little per second', () => {
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

  it('holds the truth on a recorded trace of a real bench (fixtures/eta-trace.json)', () => {
    type Snapshot = { t: number; runs: { id: string; env: string; label: string; status: RunProgress['status']; steps: number; budget: number; stepsAtStart: number; startedAt?: number; endedAt?: number }[] };
    const trace = JSON.parse(readFileSync(new URL('../fixtures/eta-trace.json', import.meta.url), 'utf8')) as { workers: number; snapshots: Snapshot[] };
    const end = trace.snapshots.at(-1)!.t;
    let estimated = 0;
    let held = 0;
    let worstRatio = 1;
    for (const s of trace.snapshots) {
      const runs = s.runs.map((r): RunProgress => ({ ...progress(r.label, 0, {}, r.env), ...r, run: { ...progress(r.label, 0, {}, r.env).run, id: r.id } }));
      const range = etaRange(runs, trace.workers, s.t);
      const truth = (end - s.t) / 1000;
      if (range === undefined || truth < 60) continue; // the last minute: a run's pace then says little
      estimated++;
      if (range.low <= truth && truth <= range.high) held++;
      if (range.unknown.length === 0) worstRatio = Math.max(worstRatio, range.expected / truth, truth / range.expected);
    }
    expect(estimated).toBeGreaterThan(20);
    // the range holds the true time left at 90% of the moments, and the middle estimate is never off by a factor 3
    expect(held / estimated).toBeGreaterThanOrEqual(0.9);
    expect(estimated).toBeGreaterThan(trace.snapshots.length / 2);
    expect(worstRatio).toBeLessThan(3);
  });
});
