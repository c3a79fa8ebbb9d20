import { z } from 'zod';
import { BaseEnv, clip } from './base-env.js';
import { box } from './types.js';
import { parseOptions } from './options.js';
import type { StepResult } from './types.js';
import type { EnvRegistration } from './registration.js';

export const mountainCarOptions = z.object({}).strict();
export type MountainCarOptions = z.input<typeof mountainCarOptions>;

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const GOAL_VELOCITY = 0;
const POWER = 0.0015;

/** MountainCarContinuous-v0 in plain TypeScript (gym semantics; packages/envs/README.md). */
export class MountainCarContinuous extends BaseEnv {
  private position = 0;
  private velocity = 0;

  constructor(options: MountainCarOptions = {}) {
    parseOptions('MountainCarContinuous-v0', mountainCarOptions, options);
    super(
      'MountainCarContinuous-v0',
      box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED], 2),
      box(-1, 1, 1),
      999,
    );
  }

  /** Puts the car in a given state (for tests and analysis). */
  setState(position: number, velocity: number): void {
    this.position = position;
    this.velocity = velocity;
  }

  protected resetModel(): Float64Array {
    this.position = this.uniform(-0.6, -0.4);
    this.velocity = 0;
    return Float64Array.of(this.position, this.velocity);
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const force = clip(action[0], -1, 1);
    let velocity = this.velocity + force * POWER - 0.0025 * Math.cos(3 * this.position);
    velocity = clip(velocity, -MAX_SPEED, MAX_SPEED);
    let position = clip(this.position + velocity, MIN_POSITION, MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    this.position = position;
    this.velocity = velocity;
    const terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    const reward = (terminated ? 100 : 0) - 0.1 * action[0] * action[0];
    return { observation: Float64Array.of(position, velocity), reward, terminated, info: {} };
  }
}

/** MountainCarContinuous-v0's facts for gogepo (docs/method.md; ARS and UDRL values as the paper tuned them). */
export const mountainCarRegistration: EnvRegistration = {
  id: 'MountainCarContinuous-v0',
  create: (options) => new MountainCarContinuous(options as MountainCarOptions),
  maxEpisodeSteps: 999,
  options: [],
  engine: 'typescript',
  training: {
    steps: 100_000, evalInterval: 1_000, rMin: -100, rMax: 100,
    tuned: { ars: { stepSize: 0.01, directions: 1, eliteDirections: 1, noise: 0.05 }, udrl: { lr: 1e-5, activation: 'relu', lastFew: 1 } },
  },
  // randomReturn: `gogepo rollout --env MountainCarContinuous-v0 --episodes 100 --seed 0`
  paper: { table1: { gogepo: { mean: 93, std: 1 }, ars: { mean: 55, std: 33 }, ddpg: { mean: -1, std: 0.01 }, udrl: { mean: -3, std: 0.3 } }, randomReturn: -33.32 },
};
