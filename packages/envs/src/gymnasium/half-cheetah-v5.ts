import { z } from 'zod';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { ForwardMover } from './forward-mover.js';
import { locomotionOptions } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's HalfCheetahEnv v5 constructor options, with its defaults. */
export const halfCheetahV5Options = z.object(locomotionOptions({ frameSkip: 5, forwardRewardWeight: 1, ctrlCostWeight: 0.1, resetNoiseScale: 0.1 })).strict();
export type HalfCheetahV5Options = z.input<typeof halfCheetahV5Options>;

/**
 * HalfCheetah-v5 (Gymnasium): run forward; never terminates. 17 observations
 * (qpos[1:], qvel), 6 actions. The start: qpos0 + U(-0.1, 0.1) per position,
 * 0.1 N(0, 1) per velocity.
 */
export class HalfCheetahV5 extends ForwardMover {
  constructor(mj: MujocoModule, options: HalfCheetahV5Options = {}) {
    const opts = parseOptions('HalfCheetah-v5', halfCheetahV5Options, options);
    super(mj, 'HalfCheetah-v5', { xml: modelXml('half_cheetah.xml'), nq: 9, nv: 9, nu: 6 }, opts, { planar: false, velocityNoise: 'normal' });
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
