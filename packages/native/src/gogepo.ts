import { requireNative, type NativeAddon, type NativeGoGePoHandle } from './addon.js';

/**
 * A policy layer and its tile: W (out x in) at wOffset of theta, b at bOffset;
 * tiles of `rows` outputs x `cols` inputs; every generated weight and bias
 * multiplied by `scale` (@gogepo/hypernet's LayerTiling says which).
 */
export interface NativeGoGePoLayer {
  in: number;
  out: number;
  wOffset: number;
  bOffset: number;
  rows: number;
  cols: number;
  scale: number;
}

export interface NativeGoGePoShape {
  layers: readonly NativeGoGePoLayer[];
  embeddingSize: number;
  headHidden: readonly number[];
  probingStates: number;
  evaluatorHidden: readonly number[];
  /** The policies' hidden activation: ReLU instead of tanh (the output is always tanh x bound). */
  reluHidden?: boolean;
  actionHigh: ArrayLike<number>;
}

/**
 * GoGePo's generator and evaluator on the native kernels (csrc/gogepo.cc), on
 * flat parameter arrays laid out as the tfjs networks' variables() flatten.
 * Holds only shapes and work buffers; the parameters are the caller's.
 */
export class NativeGoGePoNets {
  readonly generatorSize: number;
  readonly evaluatorSize: number;
  readonly thetaSize: number;
  private readonly addon: NativeAddon;
  private readonly handle: NativeGoGePoHandle;

  constructor(shape: NativeGoGePoShape) {
    this.addon = requireNative();
    const spec = [
      shape.layers.length,
      ...shape.layers.flatMap((l) => [l.in, l.out, l.wOffset, l.bOffset, l.rows, l.cols]),
      shape.embeddingSize,
      shape.headHidden.length,
      ...shape.headHidden,
      shape.probingStates,
      shape.evaluatorHidden.length,
      ...shape.evaluatorHidden,
      shape.reluHidden ? 1 : 0,
    ];
    const scales = Float64Array.from(shape.layers, (l) => l.scale);
    this.handle = this.addon.createGoGePo(Int32Array.from(spec), Float64Array.from(shape.actionHigh), scales);
    [this.generatorSize, this.evaluatorSize, this.thetaSize] = this.addon.gogepoSizes(this.handle);
  }

  /** G(c) for each already-normalised command: the thetas one after another. */
  generate(generator: Float32Array, commands: Float32Array, threads = 1): Float32Array {
    const thetas = new Float32Array(commands.length * this.thetaSize);
    this.addon.gogepoGenerate(this.handle, generator, commands, thetas, threads);
    return thetas;
  }

  /** V(theta) for each theta (one after another), and the fingerprints if asked for. */
  predict(evaluator: Float32Array, thetas: Float32Array, threads = 1, fingerprints?: Float32Array): Float32Array {
    const values = new Float32Array(thetas.length / this.thetaSize);
    this.addon.gogepoPredict(this.handle, evaluator, thetas, values, fingerprints ?? null, threads);
    return values;
  }

  /** sum_i w_i (V(theta_i) - r_i)^2; its gradient with respect to V's parameters is written to `grads`. */
  evaluatorGradients(evaluator: Float32Array, thetas: Float32Array, returns: Float32Array, weights: Float32Array, grads: Float32Array, threads = 1): number {
    return this.addon.gogepoEvaluatorGradients(this.handle, evaluator, thetas, returns, weights, grads, threads);
  }

  /** sum_i w_i (V(G(c_i)) - r_i)^2 with V fixed; its gradient with respect to G's parameters is written to `grads`. */
  generatorGradients(
    generator: Float32Array, evaluator: Float32Array, commands: Float32Array, returns: Float32Array, weights: Float32Array, grads: Float32Array, threads = 1,
  ): number {
    return this.addon.gogepoGeneratorGradients(this.handle, generator, evaluator, commands, returns, weights, grads, threads);
  }
}

/**
 * PyTorch's Adam on one flat parameter array, in place, with the same float32
 * operations as @gogepo/nn's tfjs Adam (bias corrections in double precision
 * from the step count), so the two take the same step bit for bit.
 */
export class NativeAdam {
  t = 0;
  readonly m: Float32Array;
  readonly v: Float32Array;
  private readonly addon: NativeAddon;

  constructor(size: number, readonly lr: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly eps = 1e-8) {
    this.addon = requireNative();
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  step(params: Float32Array, grads: Float32Array, threads = 1): void {
    this.t += 1;
    const stepSize = this.lr / (1 - this.beta1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - this.beta2 ** this.t);
    this.addon.adamStep(params, grads, this.m, this.v, this.beta1, this.beta2, this.eps, stepSize, bc2Sqrt, threads);
  }
}
