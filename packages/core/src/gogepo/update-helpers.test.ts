import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { GoGePo } from './gogepo.js';
import { gogepoConfig } from './config.js';
import { splitEvenly } from './tfjs-engine.js';
import { flatten } from './losses.js';
import { UpdateHelpers, waitForSignal } from './update-helpers.js';
import { ObservationNormaliser } from '../normaliser.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A small GoGePo with a filled buffer, after a few update steps; returns G's and V's parameters and the losses. */
function train(updateThreads: number) {
  const config = gogepoConfig.parse({
    rMin: 0,
    rMax: 100,
    policyHidden: [16, 16],
    sliceSize: 8,
    headHidden: [32],
    evaluatorHidden: [32],
    probingStates: 10,
    generatorLr: 1e-3,
    updateThreads,
  });
  const rng = Rng.seeded(7);
  const layout = new PolicyLayout(5, 2, config.policyHidden);
  const runDir = mkdtempSync(join(tmpdir(), 'gogepo-threads-'));
  const gogepo = new GoGePo(config, { layout, actionHigh: Float64Array.of(1, 2), engine: 'tfjs', rng, runDir, maxEpisodeSteps: 100, normaliser: new ObservationNormaliser(5) });
  try {
    for (let i = 0; i < 40; i++) gogepo.buffer.push(gogepo.ask(), 100 * rng.uniform());
    const before = gogepo.engine.read().generator;
    const losses = [gogepo.evaluatorStep(), gogepo.evaluatorStep(), gogepo.generatorStep(), gogepo.generatorStep(), gogepo.generatorStep()];
    const { generator, evaluator } = gogepo.engine.read();
    return { before, generator, evaluator, losses };
  } finally {
    gogepo.dispose();
  }
}

function maxRelativeDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (Math.abs(a[i]) + 1e-3));
  return worst;
}

describe('update helper threads', () => {
  it('give the same update steps as one thread (up to float rounding), and the same bits every time', () => {
    const one = train(1);
    const two = train(2);
    const again = train(2);
    expect(maxRelativeDifference(one.before, one.generator)).toBeGreaterThan(1e-3); // the steps did move G
    expect(maxRelativeDifference(one.generator, two.generator)).toBeLessThan(1e-4);
    expect(maxRelativeDifference(one.evaluator, two.evaluator)).toBeLessThan(1e-4);
    two.losses.forEach((l, i) => expect(l).toBeCloseTo(one.losses[i], 2));
    expect(again.generator).toEqual(two.generator);
    expect(again.evaluator).toEqual(two.evaluator);
    expect(again.losses).toEqual(two.losses);
  });

  it('three threads cut the batch into three parts', () => {
    expect(maxRelativeDifference(train(3).generator, train(1).generator)).toBeLessThan(1e-4);
  });
});

describe('splitEvenly', () => {
  it('cuts into consecutive parts of nearly equal size and leaves out empty parts', () => {
    expect(splitEvenly([1, 2, 3, 4, 5], 2)).toEqual([[1, 2, 3], [4, 5]]);
    expect(splitEvenly([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5], [6, 7]]);
    expect(splitEvenly([1], 3)).toEqual([[1]]);
    expect(splitEvenly([], 2)).toEqual([]);
  });
});

describe('UpdateHelpers', () => {
  it('reports a failed job as a one-line error', () => {
    const helpers = new UpdateHelpers(1, {
      backend: 'wasm',
      observationSize: 3,
      actionSize: 1,
      hiddenActivation: 'tanh',
      actionHigh: [1],
      config: gogepoConfig.parse({ policyHidden: [8], sliceSize: 8, embeddingSize: 2, headHidden: [8], probingStates: 2, evaluatorHidden: [8], rMin: 0, rMax: 1 }),
    });
    try {
      helpers.post([{ kind: 'evaluator', evaluatorParams: new Float32Array(1), thetas: new Float32Array(1), returns: [1], weights: [1] }]);
      expect(() => helpers.collect()).toThrow(/^update helper thread: parameters: got 1 numbers, expected 39$/);
      expect(() => helpers.post([])).not.toThrow(); // collected: ready for the next jobs
    } finally {
      helpers.dispose();
    }
  });
});

describe('waiting for a helper', () => {
  it("waits on when woken with no answer posted (a late notify of the previous job's)", () => {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const wakes: string[] = [];
    // the first wake-up is the stale one: the signal is still 0; the second comes with the answer
    const wait = (s: Int32Array) => {
      wakes.push(wakes.length === 0 ? 'stale' : 'answer');
      if (wakes.length === 2) Atomics.store(s, 0, 1);
      return 'ok';
    };
    expect(waitForSignal(signal, 1000, wait, () => 0)).toBe(true);
    expect(wakes).toEqual(['stale', 'answer']);
  });

  it('gives up at the deadline, and does not wait at all when the answer is already there', () => {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    let clock = 0;
    let waits = 0;
    const wait = (_s: Int32Array, _i: number, _v: number, timeoutMs: number) => {
      waits++;
      clock += timeoutMs;
      return 'timed-out';
    };
    expect(waitForSignal(signal, 500, wait, () => clock)).toBe(false);
    expect([waits, clock]).toEqual([1, 500]);
    Atomics.store(signal, 0, 1);
    expect(waitForSignal(signal, 500, wait, () => clock)).toBe(true);
    expect(waits).toBe(1);
  });
});
