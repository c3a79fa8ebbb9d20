import { z } from 'zod';
import { box } from './types.js';
import { parseOptions } from './options.js';
import type { StepResult } from './types.js';
import type { EnvRegistration } from './registration.js';
import { MujocoEnv } from './mujoco/mujoco-env.js';
import { modelXml, mujoco, type MujocoModule } from './mujoco/module.js';

export const invertedPendulumOptions = z.object({}).strict();
export type InvertedPendulumOptions = z.input<typeof invertedPendulumOptions>;

const RESET_NOISE_SCALE = 0.01;
const MAX_POLE_ANGLE = 0.2;

/** InvertedPendulum-v2: keep the pole up; +1 per step, terminal step included (gym semantics; packages/envs/README.md). */
export class InvertedPendulum extends MujocoEnv {
  constructor(mj: MujocoModule, options: InvertedPendulumOptions = {}) {
    parseOptions('InvertedPendulum-v2', invertedPendulumOptions, options);
    super(mj, { id: 'InvertedPendulum-v2', xml: modelXml('inverted_pendulum.xml'), frameSkip: 2, observationSpace: box(-Infinity, Infinity, 4), actionSpace: box(-3, 3, 1), maxEpisodeSteps: 1000 });
  }

  protected resetModel(): Float64Array {
    this.resetToNoisyState(RESET_NOISE_SCALE);
    return this.observation();
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    this.doSimulation(action);
    const observation = this.observation();
    let finite = true;
    for (let i = 0; i < observation.length; i++) finite &&= Number.isFinite(observation[i]);
    const terminated = !finite || Math.abs(observation[1]) > MAX_POLE_ANGLE;
    return { observation, reward: 1, terminated, info: {} };
  }

  private observation(): Float64Array {
    const qpos = this.qpos;
    const obs = new Float64Array(qpos.length + this.qvel.length);
    obs.set(qpos);
    obs.set(this.qvel, qpos.length);
    return obs;
  }
}

/** InvertedPendulum-v2's facts for gogepo (docs/method.md; ARS and UDRL values as the paper tuned them). */
export const invertedPendulumRegistration: EnvRegistration = {
  id: 'InvertedPendulum-v2',
  create: async (options) => new InvertedPendulum(await mujoco(), options as InvertedPendulumOptions),
  maxEpisodeSteps: 1000,
  options: [],
  engine: 'mujoco',
  modelFile: 'inverted_pendulum.xml',
  training: {
    steps: 100_000, evalInterval: 1_000, rMin: 0, rMax: 1000,
    tuned: { ars: { stepSize: 0.001, directions: 1, eliteDirections: 1, noise: 0.025 }, udrl: { lr: 1e-3, activation: 'tanh', lastFew: 1 } },
  },
  paper: { table1: { gogepo: { mean: 980, std: 40 }, ars: { mean: 936, std: 42 }, ddpg: { mean: 960, std: 175 }, udrl: { mean: 219, std: 299 } }, randomReturn: 6.17 },
};
