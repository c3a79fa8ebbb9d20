import type { PolicyLayout } from '@gogepo/nn';

/**
 * Per-step inference of an MLP policy from its flat theta, in plain JS with
 * preallocated buffers: tanh after every layer, output times the action bound.
 * This is the innermost loop of every rollout; `act` allocates nothing.
 */
export class PolicyRunner {
  private readonly buffers: Float64Array[];

  constructor(
    readonly layout: PolicyLayout,
    private readonly actionHigh: ArrayLike<number>,
  ) {
    this.buffers = layout.layers.map((l) => new Float64Array(l.out));
  }

  /** Writes the action for (already normalised) `input` into `out` and returns it. */
  act(theta: Float32Array, input: ArrayLike<number>, out: Float64Array): Float64Array {
    let x: ArrayLike<number> = input;
    const layers = this.layout.layers;
    for (let k = 0; k < layers.length; k++) {
      const { in: nIn, out: nOut, wOffset, bOffset } = layers[k];
      const h = this.buffers[k];
      for (let o = 0; o < nOut; o++) {
        let s = theta[bOffset + o];
        const row = wOffset + o * nIn;
        for (let i = 0; i < nIn; i++) s += theta[row + i] * x[i];
        h[o] = Math.tanh(s);
      }
      x = h;
    }
    for (let j = 0; j < out.length; j++) out[j] = x[j] * this.actionHigh[j];
    return out;
  }
}
