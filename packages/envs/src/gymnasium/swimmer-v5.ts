import { z } from 'zod';
import { MujocoEnv } from '../mujoco/mujoco-env.js';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { box, type StepResult } from '../types.js';
import { controlCost, locomotionOptions, positionsAndVelocities } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's SwimmerEnv v5 constructor options, with its defaults. */
export const swimmerV5Options = z.object(locomotionOptions({ frameSkip: 4, forwardRewardWeight: 1, ctrlCostWeight: 1e-4, resetNoiseScale: 0.1 })).strict();
export type SwimmerV5Options = z.input<typeof swimmerV5Options>;

/**
 * Swimmer-v5 (Gymnasium): swim forward in a viscous fluid; never terminates.
 * 8 observations (qpos[2:], qvel), 2 actions; the same model as Swimmer-v3.
 */
export class SwimmerV5 extends MujocoEnv {
  private readonly options: z.output<typeof swimmerV5Options>;
  private readonly skip: number;

  constructor(mj: MujocoModule, options: SwimmerV5Options = {}) {
    const opts = parseOptions('Swimmer-v5', swimmerV5Options, options);
    const skip = opts.excludeCurrentPositionsFromObservation ? 2 : 0;
    super(mj, { id: 'Swimmer-v5', xml: modelXml('swimmer.xml'), frameSkip: opts.frameSkip, observationSpace: box(-Infinity, Infinity, 10 - skip), actionSpace: box(-1, 1, 2), maxEpisodeSteps: 1000 });
    this.options = opts;
    this.skip = skip;
  }

  protected resetModel(): Float64Array {
    this.resetToNoisyState(this.options.resetNoiseScale);
    return positionsAndVelocities(this.qpos, this.qvel, this.skip);
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const [xBefore, yBefore] = [this.qpos[0], this.qpos[1]];
    this.doSimulation(action);
    const [x, y] = [this.qpos[0], this.qpos[1]];
    const xVelocity = (x - xBefore) / this.dt;
    const yVelocity = (y - yBefore) / this.dt;
    const forward = this.options.forwardRewardWeight * xVelocity;
    const ctrl = controlCost(this.options.ctrlCostWeight, action);
    return {
      observation: positionsAndVelocities(this.qpos, this.qvel, this.skip),
      reward: forward - ctrl,
      terminated: false,
      info: { x_position: x, y_position: y, distance_from_origin: Math.hypot(x, y), x_velocity: xVelocity, y_velocity: yVelocity, reward_forward: forward, reward_ctrl: -ctrl },
    };
  }
}

export const swimmerV5Registration: EnvRegistration = {
  id: 'Swimmer-v5',
  create: async (options) => new SwimmerV5(await mujoco(), options as SwimmerV5Options),
  maxEpisodeSteps: 1000,
  options: Object.keys(swimmerV5Options.shape),
  engine: 'mujoco',
  modelFile: 'swimmer.xml',
  training: gymnasiumTraining({ rMin: -100, rMax: 365 }),
};
