import { z } from 'zod';
import { MujocoEnv } from '../mujoco/mujoco-env.js';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { box, type StepResult } from '../types.js';
import { controlCost, locomotionOptions, positionsAndVelocities } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's HalfCheetahEnv v5 constructor options, with its defaults. */
export const halfCheetahV5Options = z.object(locomotionOptions({ frameSkip: 5, forwardRewardWeight: 1, ctrlCostWeight: 0.1, resetNoiseScale: 0.1 })).strict();
export type HalfCheetahV5Options = z.input<typeof halfCheetahV5Options>;

/**
 * HalfCheetah-v5 (Gymnasium): run forward; never terminates. 17 observations
 * (qpos[1:], qvel), 6 actions. The start: qpos0 + U(-0.1, 0.1) per position,
 * 0.1 N(0, 1) per velocity.
 */
export class HalfCheetahV5 extends MujocoEnv {
  private readonly options: z.output<typeof halfCheetahV5Options>;
  private readonly skip: number;

  constructor(mj: MujocoModule, options: HalfCheetahV5Options = {}) {
    const opts = parseOptions('HalfCheetah-v5', halfCheetahV5Options, options);
    const skip = opts.excludeCurrentPositionsFromObservation ? 1 : 0;
    super(mj, { id: 'HalfCheetah-v5', xml: modelXml('half_cheetah.xml'), frameSkip: opts.frameSkip, observationSpace: box(-Infinity, Infinity, 18 - skip), actionSpace: box(-1, 1, 6), maxEpisodeSteps: 1000 });
    this.options = opts;
    this.skip = skip;
  }

  protected resetModel(): Float64Array {
    this.resetToNoisyState(this.options.resetNoiseScale, 'normal');
    return positionsAndVelocities(this.qpos, this.qvel, this.skip);
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const xBefore = this.qpos[0];
    this.doSimulation(action);
    const xAfter = this.qpos[0];
    const xVelocity = (xAfter - xBefore) / this.dt;
    const forward = this.options.forwardRewardWeight * xVelocity;
    const ctrl = controlCost(this.options.ctrlCostWeight, action);
    return {
      observation: positionsAndVelocities(this.qpos, this.qvel, this.skip),
      reward: forward - ctrl,
      terminated: false,
      info: { x_position: xAfter, x_velocity: xVelocity, reward_forward: forward, reward_ctrl: -ctrl },
    };
  }
}

export const halfCheetahV5Registration: EnvRegistration = {
  id: 'HalfCheetah-v5',
  create: async (options) => new HalfCheetahV5(await mujoco(), options as HalfCheetahV5Options),
  maxEpisodeSteps: 1000,
  options: Object.keys(halfCheetahV5Options.shape),
  engine: 'mujoco',
  modelFile: 'half_cheetah.xml',
  training: gymnasiumTraining({ rMin: -1000, rMax: 12000 }),
};
