import { describe, expect, it } from 'vitest';
import { MujocoEnv } from './mujoco/mujoco-env.js';
import { envIds, envSpec, make } from './registry.js';
import type { Env } from './types.js';

function rollout(env: Env, seed: number, steps: number): number[][] {
  const trace = [Array.from(env.reset({ seed }))];
  const n = env.actionSpace.shape[0];
  for (let t = 0; t < steps; t++) {
    const action = Array.from({ length: n }, (_, i) => Math.sin(0.3 * t + i) * env.actionSpace.high[i]);
    const r = env.step(action);
    trace.push([...r.observation, r.reward]);
    if (r.terminated || r.truncated) break;
  }
  return trace;
}

describe.each(envIds())('%s contract', (id) => {
  it('matches its registration', async () => {
    const spec = envSpec(id);
    const env = await make(id);
    try {
      expect(env.id).toBe(id);
      expect(env.maxEpisodeSteps).toBe(spec.maxEpisodeSteps);
      expect(env.reset({ seed: 0 }).length).toBe(env.observationSpace.shape[0]);
      expect(spec.training!.rMax!).toBeGreaterThan(spec.training!.rMin!); // the built-ins give their range
      expect(env instanceof MujocoEnv).toBe(spec.engine === 'mujoco');
    } finally {
      env.close();
    }
  });

  it('is deterministic: the same seed gives the same episode, bit for bit', async () => {
    const [a, b] = [await make(id), await make(id)];
    try {
      const first = rollout(a, 7, 300);
      expect(rollout(b, 7, 300)).toEqual(first);
      expect(rollout(a, 7, 300)).toEqual(first); // re-seeding the same instance too
      expect(rollout(a, 8, 300)[0]).not.toEqual(first[0]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('rejects bad actions with a clear error', async () => {
    const env = await make(id);
    try {
      const n = env.actionSpace.shape[0];
      expect(() => env.step(new Array(n).fill(0))).toThrow(`${id}: call reset() before step()`);
      env.reset({ seed: 0 });
      expect(() => env.step(new Array(n + 1).fill(0))).toThrow(`${id}: action must have length ${n}, got ${n + 1}`);
      expect(() => env.step([...new Array(n - 1).fill(0), NaN])).toThrow(`action[${n - 1}] must be a finite number, got NaN`);
      expect(() => env.step([Infinity, ...new Array(n - 1).fill(0)])).toThrow('action[0] must be a finite number, got Infinity');
      expect(() => env.reset({ seed: -1 })).toThrow('seed must be an integer');
      expect(() => env.reset({ seed: 1.5 })).toThrow('seed must be an integer');
      env.close();
      expect(() => env.reset()).toThrow(`${id}: the environment was closed`);
    } finally {
      env.close();
    }
  });
});

describe('make', () => {
  it('rejects an unknown id, naming the known ones', async () => {
    await expect(make('Hopper-v4')).rejects.toThrow(/unknown environment id "Hopper-v4"; known ids: .*Hopper-v3/);
  });

  it('rejects bad options in one line, naming the option', async () => {
    await expect(make('Hopper-v3', { survivalBonus: 'no' })).rejects.toThrow(/^Hopper-v3: bad option "survivalBonus": .*boolean/);
    await expect(make('Swimmer-v3', { speed: 2 })).rejects.toThrow(/^Swimmer-v3: bad options: .*"speed"/);
    await expect(make('MountainCarContinuous-v0', { x: 1 })).rejects.toThrow(/MountainCarContinuous-v0: bad options/);
  });
});

describe('WASM memory', () => {
  const heapBytes = (env: Env) => (env as MujocoEnv).qpos.buffer.byteLength;

  it('does not grow over 1,000 resets', async () => {
    const env = await make('Hopper-v3');
    try {
      env.reset({ seed: 0 });
      const before = heapBytes(env);
      for (let i = 0; i < 1000; i++) {
        env.reset({ seed: i });
        env.step([0.1, 0.1, 0.1]);
      }
      expect(heapBytes(env)).toBe(before);
    } finally {
      env.close();
    }
  });

  it('frees models and data on close()', async () => {
    const warm = await make('Hopper-v3');
    const before = heapBytes(warm);
    warm.close();
    for (let i = 0; i < 300; i++) (await make(envIds()[1 + (i % 3)])).close();
    const probe = await make('Hopper-v3');
    try {
      expect(heapBytes(probe)).toBe(before); // 300 leaked models would need hundreds of MB more heap
    } finally {
      probe.close();
    }
  });
});

describe.each(['InvertedPendulum-v2', 'Swimmer-v3'])('%s', (id) => {
  it('has no contacts, so MuJoCo 3\'s summed pair margins cannot change it', async () => {
    const env = (await make(id)) as MujocoEnv;
    try {
      const trace = rollout(env, 4, 200); // the shared sinusoidal action sequence
      expect(trace.length).toBeGreaterThan(1);
      expect(env.contacts()).toEqual([]);
    } finally {
      env.close();
    }
  });
});
