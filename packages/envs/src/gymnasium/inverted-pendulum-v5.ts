import { z } from 'zod';
import { MujocoEnv } from '../mujoco/mujoco-env.js';
import { modelXml, mujoco, type MujocoModule } from '../mujoco/module.js';
import { parseOptions } from '../options.js';
import type { EnvRegistration } from '../registration.js';
import { box, type StepResult } from '../types.js';
import { positionsAndVelocities } from './terms.js';
import { gymnasiumTraining } from './training.js';

/** Gymnasium's InvertedPendulumEnv v5 constructor options, with its defaults. */
export const invertedPendulumV5Options = z
  .object({
    /** Physics steps per environment step. */
    frameSkip: z.number().int().min(1).max(1000).default(2),
    /** Scale of the uniform noise added to the start state. */
    resetNoiseScale: z.number().min(0).default(0.01),
  })
  .strict();
export type InvertedPendulumV5Options = z.input<typeof invertedPendulumV5Options>;

/** The pole's angle qpos[1] beyond which the episode ends (radians). */
const MAX_POLE_ANGLE = 0.2;

/**
 * InvertedPendulum-v5 (Gymnasium): keep the pole up. The reward is 1 on every
 * step that does not end the episode and 0 on the one that does (v2 paid 1
 * there too); it ends when the pole leans past 0.2 rad or the state is not finite.
 */
export class InvertedPendulumV5 extends MujocoEnv {
  private readonly options: z.output<typeof invertedPendulumV5Options>;

  constructor(mj: MujocoModule, options: InvertedPendulumV5Options = {}) {
    const opts = parseOptions('InvertedPendulum-v5', invertedPendulumV5Options, options);
    super(mj, { id: 'InvertedPendulum-v5', xml: modelXml('inverted_pendulum.xml'), frameSkip: opts.frameSkip, observationSpace: box(-Infinity, Infinity, 4), actionSpace: box(-3, 3, 1), maxEpisodeSteps: 1000 });
    this.options = opts;
  }

  protected resetModel(): Float64Array {
    this.resetToNoisyState(this.options.resetNoiseScale);
    return positionsAndVelocities(this.qpos, this.qvel, 0);
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    this.doSimulation(action);
    const observation = positionsAndVelocities(this.qpos, this.qvel, 0);
    const terminated = !observation.every(Number.isFinite) || Math.abs(observation[1]) > MAX_POLE_ANGLE;
    const survive = terminated ? 0 : 1;
    return { observation, reward: survive, terminated, info: { reward_survive: survive } };
  }
}

export const invertedPendulumV5Registration: EnvRegistration = {
  id: 'InvertedPendulum-v5',
  create: async (options) => new InvertedPendulumV5(await mujoco(), options as InvertedPendulumV5Options),
  maxEpisodeSteps: 1000,
  options: Object.keys(invertedPendulumV5Options.shape),
  engine: 'mujoco',
  modelFile: 'inverted_pendulum.xml',
  training: gymnasiumTraining({ rMin: 0, rMax: 1000 }),
};
