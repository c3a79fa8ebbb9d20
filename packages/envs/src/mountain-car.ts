import { z } from 'zod';
import { BaseEnv, clip } from './base-env.js';
import { box } from './types.js';
import { parseOptions } from './options.js';
import type { StepResult } from './types.js';

export const mountainCarOptions = z.object({}).strict();
export type MountainCarOptions = z.input<typeof mountainCarOptions>;

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const GOAL_VELOCITY = 0;
const POWER = 0.0015;

/** MountainCarContinuous-v0 in plain TypeScript (gym semantics, spec/environments.md). */
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
