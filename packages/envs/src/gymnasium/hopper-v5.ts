import { z } from 'zod';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { PlanarWalker } from './planar-walker.js';
import { healthOptions, inRange, locomotionOptions, range } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's HopperEnv v5 constructor options, with its defaults. */
export const hopperV5Options = z
  .object({
    ...locomotionOptions({ frameSkip: 4, forwardRewardWeight: 1, ctrlCostWeight: 1e-3, resetNoiseScale: 5e-3 }),
    ...healthOptions,
    /** Every element of qpos[2:] and qvel must lie strictly inside it. */
    healthyStateRange: range(-100, 100),
    /** The torso's height qpos[1] must lie strictly inside it. */
    healthyZRange: range(0.7, null),
    /** The torso's pitch qpos[2] must lie strictly inside it. */
    healthyAngleRange: range(-0.2, 0.2),
  })
  .strict();
export type HopperV5Options = z.input<typeof hopperV5Options>;

/** Hopper-v5 (Gymnasium): hop forward on one leg; 11 observations, 3 actions. */
export class HopperV5 extends PlanarWalker<z.output<typeof hopperV5Options>> {
  constructor(mj: MujocoModule, options: HopperV5Options = {}) {
    super(mj, 'Hopper-v5', { xml: modelXml('hopper_v5.xml'), nq: 6, nv: 6, nu: 3 }, parseOptions('Hopper-v5', hopperV5Options, options));
  }

  isHealthy(): boolean {
    const { healthyStateRange, healthyZRange, healthyAngleRange } = this.options;
    const qpos = this.qpos;
    const qvel = this.qvel;
    for (let i = 2; i < qpos.length; i++) if (!inRange(qpos[i], healthyStateRange)) return false;
    for (let i = 0; i < qvel.length; i++) if (!inRange(qvel[i], healthyStateRange)) return false;
    return inRange(qpos[1], healthyZRange) && inRange(qpos[2], healthyAngleRange);
  }
}

export const hopperV5Registration: EnvRegistration = {
  id: 'Hopper-v5',
  create: async (options) => new HopperV5(await mujoco(), options as HopperV5Options),
  maxEpisodeSteps: 1000,
  options: Object.keys(hopperV5Options.shape),
  engine: 'mujoco',
  modelFile: 'hopper_v5.xml',
  training: gymnasiumTraining({ rMin: -100, rMax: 3800, survivalBonus: true }),
};
