import { z } from 'zod';
import { EnvError } from '../errors.js';
import { MujocoEnv } from '../mujoco/mujoco-env.js';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { box, type StepResult } from '../types.js';
import { controlCost, healthOptions, inRange, locomotionOptions, positionsAndVelocities, range } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's AntEnv v5 constructor options, with its defaults. */
export const antV5Options = z
  .object({
    ...locomotionOptions({ frameSkip: 5, forwardRewardWeight: 1, ctrlCostWeight: 0.5, resetNoiseScale: 0.1 }),
    ...healthOptions,
    /** Weight of the squared (clipped) contact forces in the contact cost (`reward_contact` is minus the cost). */
    contactCostWeight: z.number().default(5e-4),
    /** The body whose x-y velocity is rewarded: its id or name. */
    mainBody: z.union([z.number().int().min(0), z.string().min(1)]).default(1),
    /** The torso's height qpos[2] must lie inside it, ends included. */
    healthyZRange: range(0.2, 1),
    /** Every contact force is clipped to it, in the observation and in the contact cost. */
    contactForceRange: range(-1, 1),
    /** Put the clipped contact forces of every body but the world (13 x 6) in the observation. */
    includeCfrcExtInObservation: z.boolean().default(true),
  })
  .strict();
export type AntV5Options = z.input<typeof antV5Options>;

/** The ant's bodies (world included), positions and velocities. */
const NBODY = 14, NQ = 15, NV = 14;

/**
 * Ant-v5 (Gymnasium): a four-legged body walking forward. The reward is the
 * main body's x velocity, plus `healthyReward` on every step that ends healthy,
 * minus the control cost and the contact cost (the squared, clipped external
 * forces on every body, which MuJoCo computes after each step). 105
 * observations (qpos[2:], qvel, the 78 clipped contact forces), 8 actions.
 */
export class AntV5 extends MujocoEnv {
  private readonly options: z.output<typeof antV5Options>;
  private readonly skip: number;
  private readonly mainBody: number;
  /** The clipped contact forces of every body, 6 per body. */
  private readonly forces = new Float64Array(6 * NBODY);

  constructor(mj: MujocoModule, options: AntV5Options = {}) {
    const opts = parseOptions('Ant-v5', antV5Options, options);
    const skip = opts.excludeCurrentPositionsFromObservation ? 2 : 0;
    const size = NQ - skip + NV + (opts.includeCfrcExtInObservation ? 6 * (NBODY - 1) : 0);
    super(mj, { id: 'Ant-v5', xml: modelXml('ant.xml'), frameSkip: opts.frameSkip, observationSpace: box(-Infinity, Infinity, size), actionSpace: box(-1, 1, 8), maxEpisodeSteps: 1000, contactForces: true });
    this.options = opts;
    this.skip = skip;
    const body = typeof opts.mainBody === 'number' ? opts.mainBody : this.bodyId(opts.mainBody);
    if (body < 0 || body >= NBODY) {
      this.close();
      throw new EnvError(`Ant-v5: bad option "mainBody": ${JSON.stringify(opts.mainBody)} is not a body of the model`);
    }
    this.mainBody = body;
  }

  /** Finite, and the torso's height inside healthyZRange (ends included). */
  isHealthy(): boolean {
    const qpos = this.qpos;
    const qvel = this.qvel;
    for (let i = 0; i < qpos.length; i++) if (!Number.isFinite(qpos[i])) return false;
    for (let i = 0; i < qvel.length; i++) if (!Number.isFinite(qvel[i])) return false;
    return inRange(qpos[2], this.options.healthyZRange, true);
  }

  protected resetModel(): Float64Array {
    this.resetToNoisyState(this.options.resetNoiseScale, 'normal');
    this.clipForces();
    return this.observation();
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const xpos = this.xpos;
    const [xBefore, yBefore] = [xpos[3 * this.mainBody], xpos[3 * this.mainBody + 1]];
    this.doSimulation(action);
    const after = this.xpos;
    const xVelocity = (after[3 * this.mainBody] - xBefore) / this.dt;
    const yVelocity = (after[3 * this.mainBody + 1] - yBefore) / this.dt;
    this.clipForces();
    const healthy = this.isHealthy();
    const forward = xVelocity * this.options.forwardRewardWeight;
    const survive = healthy ? this.options.healthyReward : 0;
    const ctrl = controlCost(this.options.ctrlCostWeight, action);
    let squares = 0;
    for (const f of this.forces) squares += f * f;
    const contact = this.options.contactCostWeight * squares;
    const [x, y] = [this.qpos[0], this.qpos[1]];
    return {
      observation: this.observation(),
      reward: forward + survive - (ctrl + contact),
      terminated: !healthy && this.options.terminateWhenUnhealthy,
      info: {
        x_position: x, y_position: y, distance_from_origin: Math.hypot(x, y), x_velocity: xVelocity, y_velocity: yVelocity,
        reward_forward: forward, reward_ctrl: -ctrl, reward_contact: -contact, reward_survive: survive,
      },
    };
  }

  /** The contact forces clipped to contactForceRange (zero after a reset: MuJoCo computes them only in a step). */
  private clipForces(): void {
    const [low, high] = this.options.contactForceRange;
    const raw = this.cfrcExt;
    for (let i = 0; i < this.forces.length; i++) {
      const f = raw[i];
      this.forces[i] = low !== null && f < low ? low : high !== null && f > high ? high : f;
    }
  }

  private observation(): Float64Array {
    const forces = this.options.includeCfrcExtInObservation ? this.forces.subarray(6) : undefined;
    return positionsAndVelocities(this.qpos, this.qvel, this.skip, undefined, forces);
  }
}

export const antV5Registration: EnvRegistration = {
  id: 'Ant-v5',
  create: async (options) => new AntV5(await mujoco(), options as AntV5Options),
  maxEpisodeSteps: 1000,
  options: Object.keys(antV5Options.shape),
  engine: 'mujoco',
  modelFile: 'ant.xml',
  training: gymnasiumTraining({ rMin: -1000, rMax: 6000, survivalBonus: true }),
};
