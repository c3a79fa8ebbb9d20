import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { make } from '@gogepo/envs';
import { Evaluator } from '@gogepo/fingerprint';
import { fromTheta, initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { ObservationNormaliser } from './normaliser.js';
import { PolicyRunner } from './policy-runner.js';
import { recencyCdf, ReplayBuffer } from './gogepo/replay.js';
import { runEpisode } from './rollout.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';
import { resolveRunConfig } from './index.js'; // registers GoGePo
import type { GoGePoConfig } from './gogepo/config.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ObservationNormaliser', () => {
  it('is the identity before any observation', () => {
    const n = new ObservationNormaliser(2);
    expect(Array.from(n.normalise([3, -4], new Float64Array(2)))).toEqual([3 / (1 + 1e-8), -4 / (1 + 1e-8)]);
  });

  it('matches the two-pass mean and sample std (correct Welford)', () => {
    const rng = Rng.seeded(1);
    const data = Float64Array.from({ length: 3 * 500 }, (_, i) => 1000 + (i % 3) * 5 + rng.normal() * (1 + (i % 3)));
    const n = new ObservationNormaliser(3);
    n.record(data.subarray(0, 3 * 200), 200);
    n.record(data.subarray(3 * 200), 300);
    expect(n.normalise([1000, 0, 0], new Float64Array(3))[0]).toBeCloseTo(1000, 4); // not applied before refresh()
    n.refresh();
    const { mean: appliedMean, std: appliedStd } = n.applied();
    for (let d = 0; d < 3; d++) {
      const col = Array.from({ length: 500 }, (_, r) => data[r * 3 + d]);
      const mean = col.reduce((s, x) => s + x, 0) / 500;
      const std = Math.sqrt(col.reduce((s, x) => s + (x - mean) ** 2, 0) / 499);
      expect(appliedMean[d]).toBeCloseTo(mean, 9);
      expect(appliedStd[d]).toBeCloseTo(std, 9);
    }
    const restored = ObservationNormaliser.fromJSON(JSON.parse(JSON.stringify(n.toJSON())));
    expect(restored.normalise([1, 2, 3], new Float64Array(3))).toEqual(n.normalise([1, 2, 3], new Float64Array(3)));
  });
});

describe('PolicyRunner', () => {
  it('computes the same actions as the tensor policy (tanh layers, times the bound) into the given buffer', () => {
    const layout = new PolicyLayout(3, 2, [8, 8]);
    const bound = [2, 0.5];
    const theta = Rng.seeded(2).fillNormal(new Float32Array(layout.size), 0.5);
    const evaluator = new Evaluator(layout, bound, Rng.seeded(3), { probingStates: 5, hidden: [4] });
    const expected = evaluator.probingActions(fromTheta(theta, layout)).dataSync();
    const runner = new PolicyRunner(layout, bound, { native: false });
    const out = new Float64Array(2);
    evaluator.probes.arraySync().forEach((state, s) => {
      expect(runner.act(theta, state, out)).toBe(out);
      expect(out[0]).toBeCloseTo(expected[2 * s], 5);
      expect(out[1]).toBeCloseTo(expected[2 * s + 1], 5);
    });
    evaluator.dispose();
  });
});

describe('runEpisode', () => {
  it('returns the undiscounted sum of rewards and the observations the policy saw', async () => {
    const env = await make('MountainCarContinuous-v0');
    try {
      const layout = new PolicyLayout(2, 1, [4]);
      const theta = Rng.seeded(4).fillNormal(new Float32Array(layout.size));
      const runner = new PolicyRunner(layout, [1], { native: false });
      const normaliser = new ObservationNormaliser(2);
      const result = runEpisode(env, { runner, theta, normaliser }, 5, { keepObservations: true });
      // replay the same episode by hand
      let obs = env.reset({ seed: 5 });
      let total = 0;
      const action = new Float64Array(1);
      for (let t = 0; t < result.length; t++) {
        expect(result.observations![2 * t]).toBe(obs[0]);
        const step = env.step(runner.act(theta, normaliser.normalise(obs, new Float64Array(2)), action));
        total += step.reward;
        obs = step.observation;
      }
      expect(result.return).toBe(total);
      expect(result.length).toBe(999);
    } finally {
      env.close();
    }
  });
});

describe('ReplayBuffer', () => {
  it('keeps the newest `capacity` entries and reuses its slots', () => {
    const b = new ReplayBuffer(3, 2);
    for (let i = 0; i < 5; i++) b.push(Float32Array.of(i, -i), i * 10);
    expect(b.size).toBe(3);
    expect([...b.entries()].map((e) => e.return)).toEqual([20, 30, 40]);
    expect(b.newest(1).theta[0]).toBe(4);
  });

  it('samples min(16, size) entries, the k-th newest with probability proportional to (1/k)^1.1', () => {
    const b = new ReplayBuffer(100, 1);
    for (let i = 0; i < 10; i++) b.push(Float32Array.of(i), i);
    const rng = Rng.seeded(6);
    const counts = new Array(10).fill(0);
    for (let j = 0; j < 4000; j++) for (const e of b.sample(rng, 16)) counts[9 - e.return] += 1;
    const cdf = recencyCdf(10, 1.1);
    const total = counts.reduce((s, c) => s + c, 0);
    expect(total).toBe(40_000); // min(16, size) = 10 per batch
    counts.forEach((c, k) => {
      const p = Math.pow(1 / (k + 1), 1.1) / cdf[9];
      expect(Math.abs(c / total - p)).toBeLessThan(0.01);
    });
    const small = new ReplayBuffer(5, 1);
    small.push(Float32Array.of(1), 1);
    expect(small.sample(rng, 16).length).toBe(1); // min(16, size)
  });
});

describe('safetensors', () => {
  it('round-trips float32 tensors in the open format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-st-'));
    const path = join(dir, 't.safetensors');
    const tensors = new Map([
      ['a', { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6.5) }],
      ['b/0', { shape: [1], data: Float32Array.of(-7) }],
    ]);
    writeSafetensors(path, tensors);
    const bytes = readFileSync(path);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    expect(headerLength % 8).toBe(0);
    expect(JSON.parse(bytes.subarray(8, 8 + headerLength).toString()).a).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(readSafetensors(path)).toEqual(tensors);
  });
});

describe('resolveRunConfig', () => {
  it('takes the per-environment defaults of the paper', () => {
    const hopper = resolveRunConfig({ algo: 'gogepo', env: 'Hopper-v3', seed: 0 });
    expect([hopper.steps, hopper.evalInterval, (hopper.gogepo as GoGePoConfig).rMin, (hopper.gogepo as GoGePoConfig).rMax]).toEqual([3_000_000, 10_000, -100, 3000]);
    expect(hopper.trainEnvOptions).toEqual({ survivalBonus: false });
    expect(hopper.gogepo).toMatchObject({ batchSize: 16, evaluatorSteps: 4, generatorSteps: 19, evaluatorLr: 5e-3, generatorLr: 2e-6, drive: 20, bufferCapacity: 10_000, noiseStd: 0.1 });
    const pendulum = resolveRunConfig({ algo: 'gogepo', env: 'InvertedPendulum-v2', seed: 0 }, { steps: 500 });
    expect([pendulum.steps, pendulum.evalInterval, (pendulum.gogepo as GoGePoConfig).rMin, (pendulum.gogepo as GoGePoConfig).rMax]).toEqual([500, 1000, 0, 1000]);
  });

  it("follows the environment's survival bonus on the v5 set: GoGePo trains with healthyReward 0 where it is paid (ARS too, DDPG and UDRL not: packages/baselines)", () => {
    for (const env of ['Hopper-v5', 'Walker2d-v5', 'Ant-v5']) expect(resolveRunConfig({ algo: 'gogepo', env, seed: 0 }).trainEnvOptions, env).toEqual({ healthyReward: 0 });
    for (const env of ['HalfCheetah-v5', 'Swimmer-v5', 'InvertedPendulum-v5']) expect(resolveRunConfig({ algo: 'gogepo', env, seed: 0 }).trainEnvOptions, env).toEqual({});
    const cheetah = resolveRunConfig({ algo: 'gogepo', env: 'HalfCheetah-v5', seed: 0 });
    expect([cheetah.steps, cheetah.evalInterval, (cheetah.gogepo as GoGePoConfig).rMin, (cheetah.gogepo as GoGePoConfig).rMax]).toEqual([1_000_000, 10_000, -1000, 12000]);
  });

  it('rejects bad overrides in one line naming the field', () => {
    expect(() => resolveRunConfig({ algo: 'gogepo', env: 'Swimmer-v3', seed: 0 }, { gogepo: { batchSize: 0 } })).toThrow(
      /^bad config: "gogepo.batchSize": /,
    );
    expect(() => resolveRunConfig({ algo: 'gogepo', env: 'Swimmer-v3', seed: 0 }, { speed: 1 })).toThrow(/bad config: .*speed/);
    expect(() => resolveRunConfig({ algo: 'gogepo', env: 'Swimmer-v3', seed: 0 }, { gogepo: { rMin: 5, rMax: 1 } })).toThrow(
      'bad config: "gogepo.rMax": rMax must be greater than rMin',
    );
    expect(() => resolveRunConfig({ algo: 'gogepo', env: 'Ant-v3', seed: 0 })).toThrow(/unknown environment id "Ant-v3"/);
  });
});
