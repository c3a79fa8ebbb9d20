/** A box-shaped space (Gymnasium's `Box`): every element lies in [low[i], high[i]]. */
export interface Box {
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly shape: readonly [number];
}

export interface StepResult {
  observation: Float64Array;
  reward: number;
  /** The episode ended inside the MDP (e.g. the hopper fell). */
  terminated: boolean;
  /** The episode was cut by the time limit. */
  truncated: boolean;
  info: Record<string, number>;
}

export interface ResetOptions {
  /** Seeds the environment's random generator; the same seed gives the same episode. */
  seed?: number;
}

/** The Gymnasium environment contract. */
export interface Env {
  readonly id: string;
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  /** Episodes are truncated after this many steps. */
  readonly maxEpisodeSteps: number;
  reset(options?: ResetOptions): Float64Array;
  step(action: ArrayLike<number>): StepResult;
  /** Frees the environment's native (WASM) memory. The env is unusable afterwards. */
  close(): void;
}

export function box(low: number | readonly number[], high: number | readonly number[], size: number): Box {
  const fill = (v: number | readonly number[]) =>
    typeof v === 'number' ? new Float64Array(size).fill(v) : Float64Array.from(v);
  return { low: fill(low), high: fill(high), shape: [size] };
}
