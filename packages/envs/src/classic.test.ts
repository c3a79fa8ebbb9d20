import { afterEach, describe, expect, it } from 'vitest';
import { InvertedPendulum } from './inverted-pendulum.js';
import { MountainCarContinuous } from './mountain-car.js';
import { make } from './registry.js';
import { Swimmer } from './swimmer.js';
import type { Env } from './types.js';

const envs: Env[] = [];
async function open<T extends Env>(id: string): Promise<T> {
  const env = (await make(id)) as T;
  envs.push(env);
  env.reset({ seed: 0 });
  return env;
}
afterEach(() => envs.splice(0).forEach((e) => e.close()));

describe('InvertedPendulum-v2', () => {
  it('observes qpos then qvel and pays 1 per step', async () => {
    const env = await open<InvertedPendulum>('InvertedPendulum-v2');
    const obs = env.reset({ seed: 2 });
    expect(obs.length).toBe(4);
    obs.forEach((x) => expect(Math.abs(x)).toBeLessThan(0.01));
    const step = env.step([0]);
    expect(step.reward).toBe(1);
    expect(Array.from(step.observation)).toEqual([...env.qpos, ...env.qvel]);
  });

  it.each([
    [0.15, false],
    [-0.15, false],
    [0.21, true],
    [-0.21, true],
  ])('terminates when |pole angle| > 0.2 rad (start at %f)', async (angle, expected) => {
    const env = await open<InvertedPendulum>('InvertedPendulum-v2');
    env.setState([0, angle], [0, 0]);
    const { terminated, reward } = env.step([0]);
    expect(terminated).toBe(expected);
    expect(reward).toBe(1);
  });

  it('clips the force to [-3, 3]', async () => {
    const [a, b] = [await open<InvertedPendulum>('InvertedPendulum-v2'), await open<InvertedPendulum>('InvertedPendulum-v2')];
    for (const env of [a, b]) env.setState([0, 0], [0, 0]);
    expect(Array.from(a.step([30]).observation)).toEqual(Array.from(b.step([3]).observation));
  });
});

describe('Swimmer-v3', () => {
  it('observes qpos[2:] then qvel and pays forward velocity - 1e-4 |a|^2', async () => {
    const env = await open<Swimmer>('Swimmer-v3');
    env.setState([0, 0, 0, 0.3, -0.3], [0.5, 0, 0, 0, 0]);
    const { observation, reward, info } = env.step([1, -0.5]);
    expect(Array.from(observation)).toEqual([...env.qpos.subarray(2), ...env.qvel]);
    expect(info.xVelocity).toBeCloseTo(env.qpos[0] / 0.04, 10);
    expect(reward).toBeCloseTo(info.xVelocity - 1e-4 * 1.25, 12);
  });

  it('never terminates and truncates at 1,000 steps', async () => {
    const env = await open<Swimmer>('Swimmer-v3');
    let last;
    for (let t = 1; t <= 1000; t++) {
      last = env.step([Math.sin(t / 10), Math.cos(t / 10)]);
      expect(last.terminated).toBe(false);
      expect(last.truncated).toBe(t === 1000);
    }
    expect(() => env.step([0, 0])).toThrow(/call reset\(\)/);
  });
});

describe('MountainCarContinuous-v0', () => {
  it('starts at position U(-0.6, -0.4) with zero velocity', async () => {
    const env = await open<MountainCarContinuous>('MountainCarContinuous-v0');
    for (let seed = 0; seed < 20; seed++) {
      const [p, v] = env.reset({ seed });
      expect(p).toBeGreaterThanOrEqual(-0.6);
      expect(p).toBeLessThan(-0.4);
      expect(v).toBe(0);
    }
  });

  it('follows the gym dynamics and charges the raw action', async () => {
    const env = await open<MountainCarContinuous>('MountainCarContinuous-v0');
    env.setState(-0.5, 0.01);
    const { observation, reward, terminated } = env.step([2]);
    const v = 0.01 + 0.0015 * 1 - 0.0025 * Math.cos(3 * -0.5);
    expect(observation[1]).toBeCloseTo(v, 15);
    expect(observation[0]).toBeCloseTo(-0.5 + v, 15);
    expect(reward).toBeCloseTo(-0.1 * 4, 15);
    expect(terminated).toBe(false);
  });

  it('clips velocity to 0.07 and stops at the left wall', async () => {
    const env = await open<MountainCarContinuous>('MountainCarContinuous-v0');
    env.setState(-Math.PI / 6, 0.0699); // cos(3 * position) = 0: no gravity term
    expect(env.step([1]).observation[1]).toBe(0.07);
    env.setState(-1.19, -0.05);
    const { observation } = env.step([-1]);
    expect(Array.from(observation)).toEqual([-1.2, 0]);
  });

  it('pays 100 on reaching the goal and terminates', async () => {
    const env = await open<MountainCarContinuous>('MountainCarContinuous-v0');
    env.setState(0.44, 0.03);
    const { reward, terminated } = env.step([0.5]);
    expect(terminated).toBe(true);
    expect(reward).toBeCloseTo(100 - 0.1 * 0.25, 12);
  });

  it('truncates at 999 steps', async () => {
    const env = await open<MountainCarContinuous>('MountainCarContinuous-v0');
    let steps = 0;
    let result;
    do {
      result = env.step([0]);
      steps += 1;
    } while (!result.terminated && !result.truncated);
    expect(steps).toBe(999);
    expect(result.truncated).toBe(true);
  });
});
