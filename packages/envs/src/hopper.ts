import { z } from 'zod';
import { box } from './types.js';
import { parseOptions } from './options.js';
import type { StepResult } from './types.js';
import type { EnvRegistration } from './registration.js';
import { MujocoEnv } from './mujoco/mujoco-env.js';
import { modelXml, mujoco, type MujocoModule } from './mujoco/module.js';

export const hopperOptions = z
  .object({
    /** Drop x (qpos[0]) from the observation, as gym does by default (11 numbers instead of 12). */
    excludeCurrentPositions: z.boolean().default(true),
    /** Pay the +1 "healthy" reward on every step. The paper trains GoGePo and ARS without it. */
    survivalBonus: z.boolean().default(true),
  })
  .strict();
export type HopperOptions = z.input<typeof hopperOptions>;

const FORWARD_REWARD_WEIGHT = 1.0;
const CTRL_COST_WEIGHT = 1e-3;
const HEALTHY_REWARD = 1.0;
const HEALTHY_STATE_LIMIT = 100;
const HEALTHY_Z_MIN = 0.7;
const HEALTHY_ANGLE_LIMIT = 0.2;
const RESET_NOISE_SCALE = 5e-3;
const VELOCITY_CLIP = 10;

/** Hopper-v3: hop forward; terminates when the hopper falls (gym semantics; packages/envs/README.md). */
export class Hopper extends MujocoEnv {
  private readonly options: z.output<typeof hopperOptions>;

  constructor(mj: MujocoModule, options: HopperOptions = {}) {
    const opts = parseOptions('Hopper-v3', hopperOptions, options);
    const obsSize = opts.excludeCurrentPositions ? 11 : 12;
    super(mj, { id: 'Hopper-v3', xml: modelXml('hopper.xml'), frameSkip: 4, observationSpace: box(-Infinity, Infinity, obsSize), actionSpace: box(-1, 1, 3), maxEpisodeSteps: 1000 });
    this.options = opts;
  }

  protected resetModel(): Float64Array {
    this.resetToNoisyState(RESET_NOISE_SCALE);
    return this.observation();
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const { xAfter, xVelocity, actionNormSquared } = this.simulateForward(action);
    const ctrlCost = CTRL_COST_WEIGHT * actionNormSquared;
    const forward = FORWARD_REWARD_WEIGHT * xVelocity;
    const survive = this.options.survivalBonus ? HEALTHY_REWARD : 0;
    return {
      observation: this.observation(),
      reward: forward + survive - ctrlCost,
      terminated: !this.isHealthy(),
      info: { xPosition: xAfter, xVelocity, rewardForward: forward, rewardCtrl: -ctrlCost, rewardSurvive: survive },
    };
  }

  /** z > 0.7, |angle| < 0.2, and every element of qpos[2:] and qvel inside (-100, 100). */
  isHealthy(): boolean {
    const qpos = this.qpos;
    const qvel = this.qvel;
    const z = qpos[1];
    const angle = qpos[2];
    for (let i = 2; i < qpos.length; i++) if (!(Math.abs(qpos[i]) < HEALTHY_STATE_LIMIT)) return false;
    for (let i = 0; i < qvel.length; i++) if (!(Math.abs(qvel[i]) < HEALTHY_STATE_LIMIT)) return false;
    return z > HEALTHY_Z_MIN && angle > -HEALTHY_ANGLE_LIMIT && angle < HEALTHY_ANGLE_LIMIT;
  }

  private observation(): Float64Array {
    const qpos = this.qpos;
    const qvel = this.qvel;
    const skip = this.options.excludeCurrentPositions ? 1 : 0;
    const obs = new Float64Array(qpos.length - skip + qvel.length);
    for (let i = skip; i < qpos.length; i++) obs[i - skip] = qpos[i];
    const offset = qpos.length - skip;
    for (let i = 0; i < qvel.length; i++) {
      const v = qvel[i];
      obs[offset + i] = v < -VELOCITY_CLIP ? -VELOCITY_CLIP : v > VELOCITY_CLIP ? VELOCITY_CLIP : v;
    }
    return obs;
  }
}

/** Hopper-v3's facts for gogepo (docs/method.md; ARS and UDRL values as the paper tuned them). */
export const hopperRegistration: EnvRegistration = {
  id: 'Hopper-v3',
  create: async (options) => new Hopper(await mujoco(), options as HopperOptions),
  maxEpisodeSteps: 1000,
  options: ['excludeCurrentPositions', 'survivalBonus'],
  engine: 'mujoco',
  modelFile: 'hopper.xml',
  training: {
    steps: 3_000_000, evalInterval: 10_000, rMin: -100, rMax: 3000,
    // The paper trains GoGePo and ARS on Hopper without the +1 survival bonus; evaluation includes it.
    trainOptions: { survivalBonus: false },
    tuned: { ars: { stepSize: 0.01, directions: 8, eliteDirections: 4, noise: 0.05 }, udrl: { lr: 1e-5, activation: 'relu', lastFew: 10 } },
  },
  paper: { table1: { gogepo: { mean: 2589, std: 300 }, ars: { mean: 2340, std: 199 }, ddpg: { mean: 1634, std: 1036 }, udrl: { mean: 1010, std: 78 } }, randomReturn: 18.13 },
};
