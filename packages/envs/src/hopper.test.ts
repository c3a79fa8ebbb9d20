import { afterEach, describe, expect, it } from 'vitest';
import { Hopper } from './hopper.js';
import { make } from './registry.js';

const envs: Hopper[] = [];
async function hopper(options: Record<string, unknown> = {}): Promise<Hopper> {
  const env = (await make('Hopper-v3', options)) as Hopper;
  envs.push(env);
  env.reset({ seed: 0 });
  return env;
}
afterEach(() => envs.splice(0).forEach((e) => e.close()));

const upright = [0, 1.25, 0, 0, 0, 0];
const still = [0, 0, 0, 0, 0, 0];

describe('Hopper-v3', () => {
  it('resets to qpos0 + U(-5e-3, 5e-3) and observes qpos[1:] then qvel', async () => {
    const env = await hopper();
    const obs = env.reset({ seed: 3 });
    expect(obs.length).toBe(11);
    expect(Array.from(obs.subarray(0, 5))).toEqual(Array.from(env.qpos.subarray(1)));
    expect(Array.from(obs.subarray(5))).toEqual(Array.from(env.qvel));
    const qpos0 = [1.25, 0, 0, 0, 0];
    obs.subarray(0, 5).forEach((q, i) => expect(Math.abs(q - qpos0[i])).toBeLessThan(5e-3));
    obs.subarray(5).forEach((v) => expect(Math.abs(v)).toBeLessThan(5e-3));
  });

  it("gives a foot-floor contact gym's margin, 0.001 (MuJoCo >= 3 sums the two geoms' margins)", async () => {
    const env = await hopper();
    // standing upright the foot's underside is 0.04 above the floor: lower the body to leave a gap
    const withGap = (gap: number) => {
      env.setState([0, 1.25 - 0.04 + gap, 0, 0, 0, 0], still);
      return env.contacts();
    };
    expect(withGap(0.0015)).toEqual([]); // inside a doubled margin (0.002), outside gym's
    const contacts = withGap(0.0005);
    expect(contacts.length).toBeGreaterThan(0);
    for (const c of contacts) {
      expect(c.dist).toBeCloseTo(0.0005, 9);
      expect(c.includemargin).toBeCloseTo(0.001, 12);
    }
  });

  it('observes x first when excludeCurrentPositions is false', async () => {
    const env = await hopper({ excludeCurrentPositions: false });
    expect(env.observationSpace.shape).toEqual([12]);
    const obs = env.reset({ seed: 1 });
    expect(obs[0]).toBe(env.qpos[0]);
  });

  it('pays forward velocity + 1 - 1e-3 |a|^2, and clips velocities to [-10, 10] in the observation only', async () => {
    const env = await hopper();
    env.setState([0, 1.3, 0, 0, 0, 0], [50, 0, 0, 0, 0, 0]);
    const action = [0.5, -0.5, 1];
    const { reward, observation, info, terminated } = env.step(action);
    const expectedForward = info.xPosition / 0.008; // x started at 0
    expect(info.xVelocity).toBeCloseTo(expectedForward, 10);
    expect(info.xVelocity).toBeGreaterThan(49); // a free slide keeps its speed over 8 ms
    expect(reward).toBeCloseTo(info.xVelocity + 1 - 1e-3 * 1.5, 10);
    expect(observation[5]).toBe(10);
    expect(env.qvel[0]).toBeGreaterThan(10);
    expect(terminated).toBe(false);
  });

  it('drops exactly the +1 survival bonus when asked', async () => {
    const [a, b] = [await hopper(), await hopper({ survivalBonus: false })];
    for (const env of [a, b]) env.setState(upright, still);
    const ra = a.step([0.1, 0.2, 0.3]).reward;
    const rb = b.step([0.1, 0.2, 0.3]).reward;
    expect(ra - rb).toBeCloseTo(1, 12);
  });

  it('clips actions to [-1, 1] for the physics but charges the raw action', async () => {
    const [a, b] = [await hopper(), await hopper()];
    for (const env of [a, b]) env.setState(upright, still);
    const sa = a.step([5, -5, 0]);
    const sb = b.step([1, -1, 0]);
    expect(Array.from(sa.observation)).toEqual(Array.from(sb.observation));
    expect(sb.reward - sa.reward).toBeCloseTo(1e-3 * (50 - 2), 12);
  });

  it.each([
    ['z just above 0.7', [0, 0.7001, 0, 0, 0, 0], still, true],
    ['z just below 0.7', [0, 0.6999, 0, 0, 0, 0], still, false],
    ['angle just inside 0.2', [0, 1.25, 0.1999, 0, 0, 0], still, true],
    ['angle just past 0.2', [0, 1.25, 0.2001, 0, 0, 0], still, false],
    ['angle just past -0.2', [0, 1.25, -0.2001, 0, 0, 0], still, false],
    ['a joint velocity of 99', upright, [0, 0, 0, 99, 0, 0], true],
    ['a joint velocity of -100', upright, [0, 0, 0, 0, -100, 0], false],
    ['the x velocity past 100 (state[2:] includes all of qvel)', upright, [101, 0, 0, 0, 0, 0], false],
  ])('healthy rule: %s', async (_name, qpos, qvel, healthy) => {
    const env = await hopper();
    env.setState(qpos, qvel);
    expect(env.isHealthy()).toBe(healthy);
  });

  it.each([
    ['upright', upright, still, false],
    ['torso tilted 0.21 rad', [0, 1.25, 0.21, 0, 0, 0], still, true],
    ['torso tilted -0.21 rad', [0, 1.25, -0.21, 0, 0, 0], still, true],
    ['sliding at 150', upright, [150, 0, 0, 0, 0, 0], true],
  ])('step terminates when unhealthy: %s', async (_name, qpos, qvel, expected) => {
    const env = await hopper();
    env.setState(qpos, qvel);
    const result = env.step([0, 0, 0]);
    expect(result.terminated).toBe(expected);
    expect(result.terminated).toBe(!env.isHealthy());
    expect(result.info.rewardSurvive).toBe(1); // v3 pays the healthy reward on the terminal step too
  });

  it('a random policy falls within the time limit', async () => {
    const env = await hopper();
    let result;
    let t = 0;
    do result = env.step([Math.sin(t), Math.cos(2 * t), Math.sin(3 * t++)]);
    while (!result.terminated && !result.truncated);
    expect(result.terminated).toBe(true);
    expect(env.qpos[1] <= 0.7 || Math.abs(env.qpos[2]) >= 0.2).toBe(true);
  });
});
