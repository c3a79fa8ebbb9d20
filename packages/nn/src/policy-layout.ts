/** One dense layer of a policy inside the flat parameter vector theta. */
export interface PolicyLayer {
  in: number;
  out: number;
  /** Offset of W (out x in, row-major: W[o][i] at wOffset + o * in + i). */
  wOffset: number;
  bOffset: number;
}

export type HiddenActivation = 'tanh' | 'relu';

/**
 * The policy weight layout shared by the generator, the evaluator and rollouts:
 * a deterministic MLP [obs, ...hidden, act], `hiddenActivation` after each hidden
 * layer (tanh for GoGePo and ARS, ReLU for DDPG), tanh on the output, output
 * multiplied by the action bound. theta = W1 (out x in), b1, W2, b2, ..., as in
 * the paper's reference implementation.
 */
export class PolicyLayout {
  readonly sizes: readonly number[];
  readonly layers: readonly PolicyLayer[];
  /** Number of parameters in theta. */
  readonly size: number;

  constructor(
    readonly observationSize: number,
    readonly actionSize: number,
    readonly hidden: readonly number[] = [256, 256],
    readonly hiddenActivation: HiddenActivation = 'tanh',
  ) {
    for (const [name, n] of [['observation size', observationSize], ['action size', actionSize], ...hidden.map((h) => ['hidden size', h] as const)] as const) {
      if (!Number.isInteger(n) || n <= 0) throw new Error(`policy layout: ${name} must be a positive integer, got ${n}`);
    }
    this.sizes = [observationSize, ...hidden, actionSize];
    const layers: PolicyLayer[] = [];
    let offset = 0;
    for (let k = 0; k + 1 < this.sizes.length; k++) {
      const [inSize, outSize] = [this.sizes[k], this.sizes[k + 1]];
      layers.push({ in: inSize, out: outSize, wOffset: offset, bOffset: offset + inSize * outSize });
      offset += inSize * outSize + outSize;
    }
    this.layers = layers;
    this.size = offset;
  }
}
