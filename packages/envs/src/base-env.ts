import { randomInt } from 'node:crypto';
import { MAX_SEED, Rng } from '@gogepo/random';
import { EnvError } from './errors.js';
import type { Box, Env, ResetOptions, StepResult } from './types.js';

/**
 * What every environment shares: seeding, action validation, the time limit,
 * and the rule that a finished episode must be reset before stepping again.
 * Subclasses implement the dynamics only.
 */
export abstract class BaseEnv implements Env {
  private rng: Rng | undefined;
  private elapsedSteps = 0;
  private needsReset = true;
  private closed = false;

  constructor(
    readonly id: string,
    readonly observationSpace: Box,
    readonly actionSpace: Box,
    readonly maxEpisodeSteps: number,
  ) {}

  reset(options: ResetOptions = {}): Float64Array {
    this.assertOpen();
    const { seed } = options;
    if (seed !== undefined) {
      if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
        throw new EnvError(`${this.id}: seed must be an integer in [0, ${MAX_SEED}], got ${seed}`);
      }
      this.rng = Rng.seeded(seed);
    } else if (this.rng === undefined) {
      this.rng = Rng.seeded(randomInt(MAX_SEED));
    }
    this.elapsedSteps = 0;
    this.needsReset = false;
    return this.resetModel();
  }

  step(action: ArrayLike<number>): StepResult {
    this.assertOpen();
    if (this.needsReset) {
      throw new EnvError(`${this.id}: call reset() before step() (the episode has not started or has ended)`);
    }
    this.validateAction(action);
    const { observation, reward, terminated, info } = this.stepModel(action);
    this.elapsedSteps += 1;
    const truncated = this.elapsedSteps >= this.maxEpisodeSteps;
    if (terminated || truncated) this.needsReset = true;
    return { observation, reward, terminated, truncated, info };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }

  /** Uniform in [low, high) from the environment's seeded generator. */
  protected uniform(low: number, high: number): number {
    return this.rng!.uniformIn(low, high);
  }

  /** Standard normal from the environment's seeded generator. */
  protected normal(): number {
    return this.rng!.normal();
  }

  protected abstract resetModel(): Float64Array;
  protected abstract stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'>;
  protected release(): void {}

  private assertOpen(): void {
    if (this.closed) throw new EnvError(`${this.id}: the environment was closed`);
  }

  private validateAction(action: ArrayLike<number>): void {
    const n = this.actionSpace.shape[0];
    if (action == null || typeof action.length !== 'number') {
      throw new EnvError(`${this.id}: action must be an array of ${n} numbers`);
    }
    if (action.length !== n) {
      throw new EnvError(`${this.id}: action must have length ${n}, got ${action.length}`);
    }
    for (let i = 0; i < n; i++) {
      const a = action[i];
      if (typeof a !== 'number' || !Number.isFinite(a)) {
        throw new EnvError(`${this.id}: action[${i}] must be a finite number, got ${a}`);
      }
    }
  }
}

export function clip(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}
