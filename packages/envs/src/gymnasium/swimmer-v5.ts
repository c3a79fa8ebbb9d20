import { z } from 'zod';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { ForwardMover } from './forward-mover.js';
import { locomotionOptions } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's SwimmerEnv v5 constructor options, with its defaults. */
export const swimmerV5Options = z.object(locomotionOptions({ frameSkip: 4, forwardRewardWeight: 1, ctrlCostWeight: 1e-4, resetNoiseScale: 0.1 })).strict();
export type SwimmerV5Options = z.input<typeof swimmerV5Options>;

/**
 * Swimmer-v5 (Gymnasium): swim forward in a viscous fluid; never terminates.
 * 8 observations (qpos[2:], qvel), 2 actions; the same model as Swimmer-v3.
 */
export class SwimmerV5 extends ForwardMover {
  constructor(mj: MujocoModule, options: SwimmerV5Options = {}) {
    const opts = parseOptions('Swimmer-v5', swimmerV5Options, options);
    super(mj, 'Swimmer-v5', { xml: modelXml('swimmer.xml'), nq: 5, nv: 5, nu: 2 }, opts, { planar: true, velocityNoise: 'uniform' });
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
