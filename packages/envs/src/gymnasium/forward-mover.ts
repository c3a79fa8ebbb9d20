import { MujocoEnv } from '../mujoco/mujoco-env.js';
import type { MujocoModule } from '../mujoco/module.js';
import { box, type StepResult } from '../types.js';
import { controlCost, positionsAndVelocities } from './terms.js';

/** The options HalfCheetah-v5 and Swimmer-v5 share (terms.ts: locomotionOptions). */
interface MoverOptions {
  frameSkip: number;
  forwardRewardWeight: number;
  ctrlCostWeight: number;
  resetNoiseScale: number;
  excludeCurrentPositionsFromObservation: boolean;
}

/**
 * Gymnasium's HalfCheetah-v5 and Swimmer-v5: a body rewarded for the x
 * velocity of its root (qpos[0]) minus the control cost, never terminated.
 * `planar`: the root also moves in y (Swimmer: qpos[0:2] are x and y, both
 * left out of the observation by default, and `info` has the y terms).
 */
export abstract class ForwardMover extends MujocoEnv {
  private readonly skip: number;

  constructor(
    mj: MujocoModule,
    id: string,
    model: { xml: string; nq: number; nv: number; nu: number },
    private readonly options: MoverOptions,
    private readonly shape: { planar: boolean; velocityNoise: 'uniform' | 'normal' },
  ) {
    const skip = options.excludeCurrentPositionsFromObservation ? (shape.planar ? 2 : 1) : 0;
    super(mj, { id, xml: model.xml, frameSkip: options.frameSkip, observationSpace: box(-Infinity, Infinity, model.nq - skip + model.nv), actionSpace: box(-1, 1, model.nu), maxEpisodeSteps: 1000 });
    this.skip = skip;
  }

  protected resetModel(): Float64Array {
    this.resetToNoisyState(this.options.resetNoiseScale, this.shape.velocityNoise);
    return positionsAndVelocities(this.qpos, this.qvel, this.skip);
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const [xBefore, yBefore] = [this.qpos[0], this.qpos[1]];
    this.doSimulation(action);
    const [x, y] = [this.qpos[0], this.qpos[1]];
    const xVelocity = (x - xBefore) / this.dt;
    const forward = this.options.forwardRewardWeight * xVelocity;
    const ctrl = controlCost(this.options.ctrlCostWeight, action);
    const info: Record<string, number> = this.shape.planar
      ? { x_position: x, y_position: y, distance_from_origin: Math.hypot(x, y), x_velocity: xVelocity, y_velocity: (y - yBefore) / this.dt }
      : { x_position: x, x_velocity: xVelocity };
    return {
      observation: positionsAndVelocities(this.qpos, this.qvel, this.skip),
      reward: forward - ctrl,
      terminated: false,
      info: { ...info, reward_forward: forward, reward_ctrl: -ctrl },
    };
  }
}
