import { requireNative, type NativeAddon, type NativePolicyHandle } from './addon.js';

/** A policy layer as `PolicyLayout` describes it: W (out x in) at wOffset, b at bOffset of theta. */
export interface NativePolicyLayer {
  in: number;
  out: number;
  wOffset: number;
  bOffset: number;
}

/**
 * The per-step policy on the native kernels, with `PolicyRunner`'s interface:
 * the hidden activation after hidden layers, tanh on the output, times the
 * action bound. Float32 with FMA (the JS runner sums in float64), so actions
 * agree with it to about 1e-6, not bit for bit. `act` allocates nothing; the
 * weights are copied (transposed) when theta changes.
 */
export class NativePolicyRunner {
  private readonly addon: NativeAddon;
  private readonly handle: NativePolicyHandle;
  private theta: Float32Array | undefined;
  private readonly observation: Float64Array;

  constructor(layers: readonly NativePolicyLayer[], hiddenActivation: 'tanh' | 'relu', actionHigh: ArrayLike<number>) {
    this.addon = requireNative();
    const spec = Int32Array.from(layers.flatMap((l) => [l.in, l.out, l.wOffset, l.bOffset]));
    this.handle = this.addon.createPolicy(spec, hiddenActivation === 'relu', Float64Array.from(actionHigh));
    this.observation = new Float64Array(layers[0].in);
  }

  /** Writes the action for (already normalised) `input` into `out` and returns it. */
  act(theta: Float32Array, input: ArrayLike<number>, out: Float64Array): Float64Array {
    if (theta !== this.theta) {
      this.addon.policySetTheta(this.handle, theta);
      this.theta = theta;
    }
    const observation = input instanceof Float64Array ? input : (this.observation.set(input), this.observation);
    return this.addon.policyAct(this.handle, observation, out);
  }
}
