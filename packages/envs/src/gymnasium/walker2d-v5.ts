import { z } from 'zod';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { PlanarWalker } from './planar-walker.js';
import { healthOptions, inRange, locomotionOptions, range } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's Walker2dEnv v5 constructor options, with its defaults. */
export const walker2dV5Options = z
  .object({
    ...locomotionOptions({ frameSkip: 4, forwardRewardWeight: 1, ctrlCostWeight: 1e-3, resetNoiseScale: 5e-3 }),
    ...healthOptions,
    /** The torso's height qpos[1] must lie strictly inside it. */
    healthyZRange: range(0.8, 2),
    /** The torso's pitch qpos[2] must lie strictly inside it. */
    healthyAngleRange: range(-1, 1),
  })
  .strict();
export type Walker2dV5Options = z.input<typeof walker2dV5Options>;

/** Walker2d-v5 (Gymnasium): walk forward on two legs; 17 observations, 6 actions. */
export class Walker2dV5 extends PlanarWalker<z.output<typeof walker2dV5Options>> {
  constructor(mj: MujocoModule, options: Walker2dV5Options = {}) {
    super(mj, 'Walker2d-v5', { xml: modelXml('walker2d_v5.xml'), nq: 9, nv: 9, nu: 6 }, parseOptions('Walker2d-v5', walker2dV5Options, options));
  }

  isHealthy(): boolean {
    return inRange(this.qpos[1], this.options.healthyZRange) && inRange(this.qpos[2], this.options.healthyAngleRange);
  }
}

export const walker2dV5Registration: EnvRegistration = {
  id: 'Walker2d-v5',
  create: async (options) => new Walker2dV5(await mujoco(), options as Walker2dV5Options),
  maxEpisodeSteps: 1000,
  options: Object.keys(walker2dV5Options.shape),
  engine: 'mujoco',
  modelFile: 'walker2d_v5.xml',
  training: gymnasiumTraining({ rMin: -100, rMax: 5000, survivalBonus: true }),
};
