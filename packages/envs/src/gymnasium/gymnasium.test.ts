import { describe, expect, it } from 'vitest';
import { make } from '../registry.js';
import type { MujocoEnv } from '../mujoco/mujoco-env.js';
import type { Env, StepResult } from '../types.js';
import { inRange, type Range } from './terms.js';

/**
 * Gymnasium's v5 definitions, term by term: each reward term, the
 * observation, termination and the options are computed here by hand from
 * Gymnasium's formulas (gymnasium/envs/mujoco/*_v5.py) on states the test puts
 * the physics in, and compared with what the environment returns.
 */

type Mujoco = Env & MujocoEnv & { isHealthy?: () => boolean };
const open = async (id: string, options: Record<string, unknown> = {}) => (await make(id, options)) as unknown as Mujoco;

/** Gymnasium's healthy rules, written out again from its source. */
const healthy: Record<string, (q: Float64Array, v: Float64Array, o: Record<string, Range>) => boolean> = {
  'Hopper-v5': (q, v, o) => [...q.slice(2), ...v].every((s) => inRange(s, o.state)) && inRange(q[1], o.z) && inRange(q[2], o.angle),
  'Walker2d-v5': (q, _v, o) => inRange(q[1], o.z) && inRange(q[2], o.angle),
  'Ant-v5': (q, v, o) => [...q, ...v].every(Number.isFinite) && inRange(q[2], o.z, true),
};

/** Steps `env` with small actions for 20 steps (it moves; the ant lands on its legs), then one more step with `action`, by hand. */
function stepFromMotion(env: Mujoco, seed: number, action: number[], warmup = 0.1): { before: Float64Array; mainBefore: number[]; step: StepResult } {
  env.reset({ seed });
  for (let t = 0; t < 20; t++) env.step(Array.from({ length: action.length }, (_, i) => warmup * Math.sin(t + i)));
  const before = Float64Array.from(env.qpos);
  const xpos = env.physics.data.xpos as Float64Array;
  const mainBefore = [xpos[3], xpos[4]];
  return { before, mainBefore, step: env.step(action) };
}

const sumSquares = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x * x, 0);
const clip = (x: number, k: number) => Math.min(k, Math.max(-k, x));

describe("Gymnasium's v5 locomotion rewards, observations and info, from the formulas", () => {
  const weights = { forwardRewardWeight: 1.5, ctrlCostWeight: 0.3 };
  const cases = [
    { id: 'Hopper-v5', options: { ...weights, healthyReward: 2 }, skip: 1, clipVelocity: 10, survive: 2, ranges: { state: [-100, 100], z: [0.7, null], angle: [-0.2, 0.2] } },
    { id: 'Walker2d-v5', options: { ...weights, healthyReward: 2 }, skip: 1, clipVelocity: 10, survive: 2, ranges: { z: [0.8, 2], angle: [-1, 1] } },
    { id: 'HalfCheetah-v5', options: weights, skip: 1 },
    { id: 'Swimmer-v5', options: weights, skip: 2 },
    { id: 'Ant-v5', options: { ...weights, healthyReward: 2, contactCostWeight: 0.01 }, skip: 2, survive: 2, ranges: { z: [0.2, 1] } },
  ] as const;

  it.each(cases)('$id', async (c) => {
    const env = await open(c.id, c.options);
    try {
      // (the ant is left to land and stand on its feet, and then pushes gently: contact forces are part of its reward)
      const ant = c.id === 'Ant-v5';
      const action = Array.from({ length: env.actionSpace.shape[0] }, (_, i) => (i % 2 ? 0.7 : -0.4) * (ant ? 0.2 : 1));
      const { before, mainBefore, step } = stepFromMotion(env, 3, action, ant ? 0 : 0.1);
      const q = Float64Array.from(env.qpos);
      const v = Float64Array.from(env.qvel);
      const dt = env.dt;
      // forward: the x velocity of qpos[0] (Ant: of the main body's position, which MuJoCo updates at the start of each physics step)
      const xpos = env.physics.data.xpos as Float64Array;
      const xVelocity = c.id === 'Ant-v5' ? (xpos[3] - mainBefore[0]) / dt : (q[0] - before[0]) / dt;
      const forward = 1.5 * xVelocity;
      const ctrl = 0.3 * sumSquares(action);
      const isHealthy = c.id in healthy ? healthy[c.id](q, v, (c as unknown as { ranges: Record<string, Range> }).ranges) : true;
      expect(isHealthy, 'a moving, healthy state').toBe(true);
      const survive = 'survive' in c ? c.survive : 0;
      // Ant's contact cost: the external forces on every body, clipped to [-1, 1], squared, weighted
      const forces = c.id === 'Ant-v5' ? Array.from(env.physics.data.cfrc_ext as Float64Array, (f) => clip(f, 1)) : [];
      const contact = 0.01 * sumSquares(forces);
      expect(step.reward).toBeCloseTo(forward + survive - ctrl - contact, 10);
      expect(step.info.reward_forward).toBeCloseTo(forward, 10);
      expect(step.info.reward_ctrl).toBeCloseTo(-ctrl, 12);
      expect(step.info.x_velocity).toBeCloseTo(xVelocity, 10);
      if ('survive' in c) expect(step.info.reward_survive).toBe(survive);
      if (c.id === 'Ant-v5') {
        expect(contact).toBeGreaterThan(0); // the ant stands on the floor
        expect(step.info.reward_contact).toBeCloseTo(-contact, 12);
      }
      // the observation: qpos without the root's x (and y), qvel (clipped to ±10 for Hopper and Walker2d), Ant's clipped forces but the world's
      const velocity = 'clipVelocity' in c ? Array.from(v, (x) => clip(x, c.clipVelocity)) : Array.from(v);
      expect(Array.from(step.observation)).toEqual([...Array.from(q.slice(c.skip)), ...velocity, ...forces.slice(6)]);
      expect(step.observation.length).toBe(env.observationSpace.shape[0]);
      expect(step.terminated).toBe(false);
    } finally {
      env.close();
    }
  });

  it.each([
    ['Hopper-v5', 1e-3],
    ['Walker2d-v5', 1e-3],
    ['HalfCheetah-v5', 0.1],
    ['Swimmer-v5', 1e-4],
    ['Ant-v5', 0.5],
  ])("%s's default weights: forward 1, control %f", async (id, ctrlWeight) => {
    const env = await open(id);
    env.reset({ seed: 0 });
    const action = new Array(env.actionSpace.shape[0]).fill(0.5);
    const step = env.step(action);
    expect(step.info.reward_ctrl).toBeCloseTo(-ctrlWeight * sumSquares(action), 14);
    expect(step.info.reward_forward).toBe(step.info.x_velocity);
    env.close();
  });

  it.each(['Hopper-v5', 'Walker2d-v5'])('%s clips each velocity to ±10 in the observation (not in the state)', async (id) => {
    const env = await open(id);
    env.reset({ seed: 0 });
    const qvel = new Float64Array(env.qvel.length);
    qvel[3] = 40; // the first leg joint spinning fast
    env.setState(env.physics.model.qpos0 as Float64Array, qvel);
    const step = env.step(new Array(env.actionSpace.shape[0]).fill(0));
    expect(env.qvel[3]).toBeGreaterThan(10);
    expect(step.observation[env.qpos.length - 1 + 3]).toBe(10);
    env.close();
  });

  it('gives each environment exactly Gymnasium\'s info keys', async () => {
    const keys: Record<string, string[]> = {
      'Hopper-v5': ['x_position', 'z_distance_from_origin', 'x_velocity', 'reward_forward', 'reward_ctrl', 'reward_survive'],
      'Walker2d-v5': ['x_position', 'z_distance_from_origin', 'x_velocity', 'reward_forward', 'reward_ctrl', 'reward_survive'],
      'HalfCheetah-v5': ['x_position', 'x_velocity', 'reward_forward', 'reward_ctrl'],
      'Swimmer-v5': ['x_position', 'y_position', 'distance_from_origin', 'x_velocity', 'y_velocity', 'reward_forward', 'reward_ctrl'],
      'Ant-v5': ['x_position', 'y_position', 'distance_from_origin', 'x_velocity', 'y_velocity', 'reward_forward', 'reward_ctrl', 'reward_contact', 'reward_survive'],
      'InvertedPendulum-v5': ['reward_survive'],
    };
    for (const [id, expected] of Object.entries(keys)) {
      const env = await open(id);
      env.reset({ seed: 0 });
      const step = env.step(new Array(env.actionSpace.shape[0]).fill(0));
      expect(Object.keys(step.info), id).toEqual(expected);
      if (id === 'Hopper-v5' || id === 'Walker2d-v5') expect(step.info.z_distance_from_origin).toBeCloseTo(env.qpos[1] - 1.25, 12);
      if ('distance_from_origin' in step.info) expect(step.info.distance_from_origin).toBeCloseTo(Math.hypot(env.qpos[0], env.qpos[1]), 12);
      env.close();
    }
  });
});

/** Puts `env` (after a reset) in the state qpos0 + `qposChange`, at rest, and returns one zero-action step. */
async function stepFrom(id: string, qposChange: Record<number, number>, options: Record<string, unknown> = {}): Promise<{ env: Mujoco; step: StepResult }> {
  const env = await open(id, options);
  env.reset({ seed: 0 });
  const qpos = Float64Array.from(env.physics.model.qpos0 as Float64Array);
  for (const [i, dq] of Object.entries(qposChange)) qpos[Number(i)] += dq;
  env.setState(qpos, new Float64Array(env.qvel.length));
  return { env, step: env.step(new Array(env.actionSpace.shape[0]).fill(0)) };
}

describe('termination and the survival bonus', () => {
  it.each([
    ['Hopper-v5', { 1: -0.6 }, 'the torso below 0.7'],
    ['Hopper-v5', { 2: 0.3 }, 'pitched past 0.2'],
    ['Walker2d-v5', { 1: -0.5 }, 'the torso below 0.8'],
    ['Walker2d-v5', { 1: 0.9 }, 'the torso above 2'],
    ['Walker2d-v5', { 2: -1.2 }, 'pitched past -1'],
    ['Ant-v5', { 2: 0.4 }, 'the torso above 1'],
  ] as const)('%s ends unhealthy (%j: %s) and pays no survival bonus on that step; with terminateWhenUnhealthy off it goes on, still unpaid', async (id, change, _why) => {
    const { env, step } = await stepFrom(id, change);
    expect(step.terminated).toBe(true);
    expect(step.info.reward_survive).toBe(0);
    expect(step.reward).toBeCloseTo(step.info.reward_forward + step.info.reward_ctrl + (step.info.reward_contact ?? 0), 12);
    env.close();
    const { env: going, step: on } = await stepFrom(id, change, { terminateWhenUnhealthy: false });
    expect([on.terminated, on.truncated, on.info.reward_survive]).toEqual([false, false, 0]);
    going.close();
    const { env: well, step: healthyStep } = await stepFrom(id, {});
    expect([healthyStep.terminated, healthyStep.info.reward_survive]).toEqual([false, 1]);
    well.close();
  });

  it("Hopper-v5's state range: any velocity past 100 is unhealthy", async () => {
    const env = await open('Hopper-v5');
    env.reset({ seed: 0 });
    const qvel = new Float64Array(6);
    qvel[4] = 150;
    env.setState(env.physics.model.qpos0 as Float64Array, qvel);
    expect(env.isHealthy!()).toBe(false);
    qvel[4] = 99;
    env.setState(env.physics.model.qpos0 as Float64Array, qvel);
    expect(env.isHealthy!()).toBe(true);
    env.close();
  });

  it('bounds: strict for Hopper (z = 0.7 is unhealthy), inclusive for Ant (z = 1 is healthy); null is an open end', async () => {
    const hopper = await open('Hopper-v5');
    hopper.reset({ seed: 0 });
    const q = Float64Array.from(hopper.physics.model.qpos0 as Float64Array);
    q[1] = 0.7;
    hopper.setState(q, new Float64Array(6));
    expect(hopper.isHealthy!()).toBe(false);
    hopper.close();
    const ant = await open('Ant-v5');
    ant.reset({ seed: 0 });
    const a = Float64Array.from(ant.physics.model.qpos0 as Float64Array);
    a[2] = 1;
    ant.setState(a, new Float64Array(14));
    expect(ant.isHealthy!()).toBe(true);
    a[2] = 0.19;
    ant.setState(a, new Float64Array(14));
    expect(ant.isHealthy!()).toBe(false);
    ant.close();
    expect(inRange(1e9, [0.7, null])).toBe(true);
    expect(inRange(0.7, [0.7, null])).toBe(false);
  });

  it('InvertedPendulum-v5 pays 1 while the pole is up and 0 on the step that ends it (past 0.2 rad)', async () => {
    const { env, step } = await stepFrom('InvertedPendulum-v5', {});
    expect([step.reward, step.terminated, step.info.reward_survive]).toEqual([1, false, 1]);
    env.close();
    const { env: falling, step: last } = await stepFrom('InvertedPendulum-v5', { 1: 0.25 });
    expect([last.reward, last.terminated, last.info.reward_survive]).toEqual([0, true, 0]);
    falling.close();
  });
});

describe('training without the survival bonus (GoGePo and ARS, as the paper on Hopper)', () => {
  it.each(['Hopper-v5', 'Walker2d-v5', 'Ant-v5'])('%s with healthyReward 0 earns exactly the reward minus reward_survive, the terminal step included', async (id) => {
    const [paid, unpaid] = [await open(id), await open(id, { healthyReward: 0 })];
    for (const env of [paid, unpaid]) env.reset({ seed: 4 });
    let ended = false;
    for (let t = 0; t < 1000 && !ended; t++) {
      const action = Array.from({ length: paid.actionSpace.shape[0] }, (_, i) => Math.sin(0.7 * t + i));
      const [a, b] = [paid.step(action), unpaid.step(action)];
      expect(b.reward).toBeCloseTo(a.reward - a.info.reward_survive, 12);
      expect(b.info.reward_survive).toBe(0);
      expect(b.terminated).toBe(a.terminated);
      ended = a.terminated;
      if (ended) expect(a.info.reward_survive).toBe(0); // subtracting 1 here would take one bonus too many
    }
    expect(ended).toBe(true);
    paid.close();
    unpaid.close();
  });
});

describe('what changed from v2/v3 to v5 (results differ)', () => {
  it('Hopper and InvertedPendulum: v3/v2 pay the survival bonus on the terminal step, v5 does not', async () => {
    for (const [v3, v5, change] of [['Hopper-v3', 'Hopper-v5', { 2: 0.3 }], ['InvertedPendulum-v2', 'InvertedPendulum-v5', { 1: 0.25 }]] as const) {
      const old = await stepFrom(v3, change);
      const now = await stepFrom(v5, change);
      expect([old.step.terminated, now.step.terminated]).toEqual([true, true]);
      // the same physics (in the air, or without contacts), one bonus apart
      expect(old.step.reward - now.step.reward).toBeCloseTo(1, 9);
      old.env.close();
      now.env.close();
    }
  });

  it("Hopper-v5 keeps Gymnasium's contact margin (0.002 for a pair on MuJoCo 3; v3 keeps gym's 0.001): a foot 1.5 mm above the floor touches in v5 only", async () => {
    const touching = async (id: string) => {
      const env = await open(id);
      env.reset({ seed: 0 });
      const q = Float64Array.from(env.physics.model.qpos0 as Float64Array);
      q[1] = 1.25 - 0.04 + 0.0015; // the foot's underside (0.1 - 0.06 above the floor at the start) 1.5 mm up
      env.setState(q, new Float64Array(6));
      const contacts = env.contacts();
      env.close();
      return contacts;
    };
    const [v5] = await touching('Hopper-v5');
    expect(v5.includemargin).toBeCloseTo(0.002, 12);
    expect(v5.dist).toBeCloseTo(0.0015, 9);
    expect(await touching('Hopper-v3')).toEqual([]);
  });

  it("Ant-v5 observes the clipped contact forces of its 13 bodies (105 numbers; 27 without them), zero after a reset", async () => {
    const ant = await open('Ant-v5');
    const start = ant.reset({ seed: 1 });
    expect(start.length).toBe(105);
    expect(Array.from(start.subarray(27)).every((f) => f === 0)).toBe(true);
    let obs = start;
    for (let t = 0; t < 20; t++) obs = ant.step(new Array(8).fill(0)).observation; // it lands and stands on some of its feet
    const forces = Array.from(obs.subarray(27));
    expect(forces.some((f) => f !== 0)).toBe(true);
    expect(forces.every((f) => f >= -1 && f <= 1)).toBe(true);
    ant.close();
    const bare = await open('Ant-v5', { includeCfrcExtInObservation: false, excludeCurrentPositionsFromObservation: false });
    expect(bare.reset({ seed: 1 }).length).toBe(29);
    expect(bare.observationSpace.shape[0]).toBe(29);
    bare.close();
  });

  it("Walker2d-v5 gives both feet friction 1.9 (gym's walker2d gave the left one 0.9)", async () => {
    const walker = await open('Walker2d-v5');
    const { model } = walker.physics;
    const friction = model.geom_friction as Float64Array;
    // geoms: floor, torso, thigh, leg, foot, thigh_left, leg_left, foot_left
    expect([friction[3 * 4], friction[3 * 7]]).toEqual([1.9, 1.9]);
    walker.close();
  });
});

describe('options', () => {
  it('are checked (one line naming the option), change what they say, and follow Gymnasium\'s defaults', async () => {
    await expect(make('Hopper-v5', { ctrlCostWeight: 'high' })).rejects.toThrow(/^Hopper-v5: bad option "ctrlCostWeight": /);
    await expect(make('Hopper-v5', { ctrl_cost_weight: 1 })).rejects.toThrow(/^Hopper-v5: bad options: .*ctrl_cost_weight/);
    await expect(make('Ant-v5', { mainBody: 'tail' })).rejects.toThrow('Ant-v5: bad option "mainBody": "tail" is not a body of the model');
    await expect(make('HalfCheetah-v5', { frameSkip: 0 })).rejects.toThrow(/^HalfCheetah-v5: bad option "frameSkip"/);
    const fast = await open('HalfCheetah-v5', { frameSkip: 10 });
    expect(fast.dt).toBeCloseTo(0.1, 12);
    fast.close();
    const ant = await open('Ant-v5', { mainBody: 'torso' });
    ant.close();
    const defaults: Record<string, number> = { 'Hopper-v5': 0.008, 'Walker2d-v5': 0.008, 'HalfCheetah-v5': 0.05, 'Swimmer-v5': 0.04, 'Ant-v5': 0.05, 'InvertedPendulum-v5': 0.04 };
    for (const [id, dt] of Object.entries(defaults)) {
      const env = await open(id);
      expect(env.dt, id).toBeCloseTo(dt, 12);
      expect(env.maxEpisodeSteps, id).toBe(1000);
      env.close();
    }
  });
});
