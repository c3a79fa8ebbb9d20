import { z } from 'zod';
import { box } from './types.js';
import { parseOptions } from './options.js';
import type { StepResult } from './types.js';
import { MujocoEnv } from './mujoco/mujoco-env.js';
import { modelXml, type MujocoModule } from './mujoco/module.js';

export const invertedPendulumOptions = z.object({}).strict();
export type InvertedPendulumOptions = z.input<typeof invertedPendulumOptions>;

const RESET_NOISE_SCALE = 0.01;
const MAX_POLE_ANGLE = 0.2;

/** InvertedPendulum-v2: keep the pole up; +1 per step, terminal step included (spec/environments.md). */
export class InvertedPendulum extends MujocoEnv {
  constructor(mj: MujocoModule, options: InvertedPendulumOptions = {}) {
    parseOptions('InvertedPendulum-v2', invertedPendulumOptions, options);
    super(mj, modelXml('inverted_pendulum.xml'), 2, 'InvertedPendulum-v2', box(-Infinity, Infinity, 4), box(-3, 3, 1), 1000);
  }

  protected resetModel(): Float64Array {
    const { qpos, qvel } = this.noisyInitialState(RESET_NOISE_SCALE);
    this.setState(qpos, qvel);
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
