import { MujocoEnv } from '../mujoco/mujoco-env.js';
import type { MujocoModule } from '../mujoco/module.js';
import { box, type StepResult } from '../types.js';
import { controlCost, positionsAndVelocities } from './terms.js';

/** The options Hopper-v5 and Walker2d-v5 share (terms.ts: locomotionOptions and healthOptions). */
interface WalkerOptions {
  frameSkip: number;
  forwardRewardWeight: number;
  ctrlCostWeight: number;
  healthyReward: number;
  terminateWhenUnhealthy: boolean;
  resetNoiseScale: number;
  excludeCurrentPositionsFromObservation: boolean;
}

/** Velocities in the observation are clipped to ±10 (Gymnasium's Hopper and Walker2d). */
const VELOCITY_CLIP = 10;

/**
 * Gymnasium's Hopper-v5 and Walker2d-v5: a planar body (root x, z, pitch)
 * rewarded for its forward velocity, paid `healthyReward` on every step that
 * ends healthy (not on the one that ends unhealthy: v3 paid it there too),
 * and, by default, stopped when it is not.
 */
export abstract class PlanarWalker<O extends WalkerOptions> extends MujocoEnv {
  private readonly skip: number;
  /** qpos[1] at the model's start (info.z_distance_from_origin is measured from it). */
  private readonly initialZ: number;

  /** `model`: the model's sizes (nq positions, nv velocities, nu actuators with ctrlrange [-1, 1]). */
  constructor(mj: MujocoModule, id: string, model: { xml: string; nq: number; nv: number; nu: number }, protected readonly options: O) {
    const skip = options.excludeCurrentPositionsFromObservation ? 1 : 0;
    const observationSpace = box(-Infinity, Infinity, model.nq - skip + model.nv);
    super(mj, { id, xml: model.xml, frameSkip: options.frameSkip, observationSpace, actionSpace: box(-1, 1, model.nu), maxEpisodeSteps: 1000 });
    this.skip = skip;
    this.initialZ = (this.model.qpos0 as Float64Array)[1];
  }

  /** Whether the state (after a step) is healthy: the environment's own ranges. */
  abstract isHealthy(): boolean;

  protected resetModel(): Float64Array {
    this.resetToNoisyState(this.options.resetNoiseScale);
    return this.observation();
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const xBefore = this.qpos[0];
    this.doSimulation(action);
    const xAfter = this.qpos[0];
    const xVelocity = (xAfter - xBefore) / this.dt;
    const healthy = this.isHealthy();
    const forward = this.options.forwardRewardWeight * xVelocity;
    const survive = healthy ? this.options.healthyReward : 0;
    const ctrl = controlCost(this.options.ctrlCostWeight, action);
    return {
      observation: this.observation(),
      reward: forward + survive - ctrl,
      terminated: !healthy && this.options.terminateWhenUnhealthy,
      info: { x_position: xAfter, z_distance_from_origin: this.qpos[1] - this.initialZ, x_velocity: xVelocity, reward_forward: forward, reward_ctrl: -ctrl, reward_survive: survive },
    };
  }

  private observation(): Float64Array {
    return positionsAndVelocities(this.qpos, this.qvel, this.skip, VELOCITY_CLIP);
  }
}
