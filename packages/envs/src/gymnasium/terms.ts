import { z } from 'zod';

/**
 * What Gymnasium's v5 MuJoCo environments share: their constructor options
 * (Gymnasium's names in camelCase: `forward_reward_weight` is
 * `forwardRewardWeight`), and the terms of their rewards and observations.
 */

/** Gymnasium's `(low, high)` tuples. An open end is null (JSON has no infinity): Hopper's `healthyZRange` is [0.7, null]. */
export const range = (low: number | null, high: number | null) => z.tuple([z.number().nullable(), z.number().nullable()]).default([low, high]);
export type Range = readonly [number | null, number | null];

/** low < x < high (Gymnasium's Hopper and Walker2d), or low <= x <= high with `inclusive` (Ant); a null end is open. */
export function inRange(x: number, [low, high]: Range, inclusive = false): boolean {
  if (inclusive) return (low === null || low <= x) && (high === null || x <= high);
  return (low === null || low < x) && (high === null || x < high);
}

/** The options every v5 locomotion environment takes, with its own defaults. */
export function locomotionOptions(defaults: { frameSkip: number; forwardRewardWeight: number; ctrlCostWeight: number; resetNoiseScale: number }) {
  return {
    /** Physics steps per environment step (the time step is frameSkip x the model's). */
    frameSkip: z.number().int().min(1).max(1000).default(defaults.frameSkip),
    /** Weight of the forward velocity in the reward (`reward_forward`). */
    forwardRewardWeight: z.number().default(defaults.forwardRewardWeight),
    /** Weight of the action's squared norm in the control cost (`reward_ctrl` is minus the cost). */
    ctrlCostWeight: z.number().default(defaults.ctrlCostWeight),
    /** Scale of the noise added to the start state. */
    resetNoiseScale: z.number().min(0).default(defaults.resetNoiseScale),
    /** Leave the root's x (and for Swimmer and Ant y) out of the observation. */
    excludeCurrentPositionsFromObservation: z.boolean().default(true),
  };
}

/** The options of the environments that can fall: `healthyReward` per healthy step, and whether falling ends the episode. */
export const healthOptions = {
  /** Paid on every step that ends healthy (`reward_survive`; 0 on a step that ends unhealthy). */
  healthyReward: z.number().default(1),
  /** End the episode when the state stops being healthy. */
  terminateWhenUnhealthy: z.boolean().default(true),
};

/** The control cost: weight x the action's squared norm (the raw action, as Gymnasium; MuJoCo clips what it applies). */
export function controlCost(weight: number, action: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < action.length; i++) sum += action[i] * action[i];
  return weight * sum;
}

/**
 * [qpos[skip:], qvel, extra]: Gymnasium's observation, each velocity clipped to
 * ±velocityClip when one is given (Hopper, Walker2d: 10).
 */
export function positionsAndVelocities(qpos: Float64Array, qvel: Float64Array, skip: number, velocityClip?: number, extra?: Float64Array): Float64Array {
  const obs = new Float64Array(qpos.length - skip + qvel.length + (extra?.length ?? 0));
  obs.set(qpos.subarray(skip));
  const offset = qpos.length - skip;
  for (let i = 0; i < qvel.length; i++) {
    const v = qvel[i];
    obs[offset + i] = velocityClip === undefined ? v : v < -velocityClip ? -velocityClip : v > velocityClip ? velocityClip : v;
  }
  if (extra) obs.set(extra, offset + qvel.length);
  return obs;
}
