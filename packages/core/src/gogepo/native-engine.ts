import type { Evaluator } from '@gogepo/fingerprint';
import type { Generator } from '@gogepo/hypernet';
import { NativeAdam, NativeGoGePoNets } from '@gogepo/native';
import type { PolicyLayout, Rng } from '@gogepo/nn';
import { flatten, type EvaluatorItem, type GeneratorItem } from './losses.js';
import type { AdamMoments, GoGePoEngine, GoGePoParams, GoGePoShapes } from './engine.js';
import { initialNetworks, shapesOf } from './engine.js';
import type { GoGePoConfig } from './config.js';

/**
 * GoGePo's engine on the native backend: G's and V's parameters and Adam
 * moments as flat float32 arrays (engine.ts's layout), every step
 * (forward, backward, Adam) in @gogepo/native's kernels, `threads` per step.
 */
export class NativeEngine implements GoGePoEngine {
  readonly nets: NativeGoGePoNets;
  readonly shapes: GoGePoShapes;
  readonly generator: Float32Array;
  readonly evaluator: Float32Array;
  readonly generatorAdam: NativeAdam;
  readonly evaluatorAdam: NativeAdam;
  private readonly generatorGrads: Float32Array;
  private readonly evaluatorGrads: Float32Array;

  /** Draws G and V's first parameters from `rng` exactly as the tfjs engine does, then keeps them flat. */
  static create(layout: PolicyLayout, actionHigh: ArrayLike<number>, rng: Rng, config: GoGePoConfig): NativeEngine {
    const { generator, evaluator } = initialNetworks(layout, actionHigh, rng, config);
    try {
      return NativeEngine.fromNetworks(generator, evaluator, layout, actionHigh, config);
    } finally {
      generator.dispose();
      evaluator.dispose();
    }
  }

  /** An engine whose parameters are a copy of these tfjs networks' (fresh optimisers); the networks stay the caller's. */
  static fromNetworks(
    generator: Generator, evaluator: Evaluator, layout: PolicyLayout, actionHigh: ArrayLike<number>,
    options: { generatorLr: number; evaluatorLr: number; updateThreads: number },
  ): NativeEngine {
    const nets = new NativeGoGePoNets({
      layers: layout.layers.map((l, k) => ({ ...l, rows: generator.tilings[k].rows, cols: generator.tilings[k].cols, scale: generator.tilings[k].scale })),
      embeddingSize: generator.embeddingSize,
      headHidden: generator.headHidden,
      probingStates: evaluator.probes.shape[0],
      evaluatorHidden: evaluator.u.slice(0, -1).map((l) => l.w.shape[1]),
      reluHidden: layout.hiddenActivation === 'relu',
      actionHigh,
    });
    const sizes = [nets.generatorSize, nets.evaluatorSize, nets.thetaSize];
    const expected = [generator.parameterCount(), evaluator.parameterCount(), layout.size];
    if (sizes.some((s, i) => s !== expected[i])) {
      throw new Error(`native engine: the addon's networks have ${sizes.join('/')} parameters, the tfjs ones ${expected.join('/')}`);
    }
    const params: GoGePoParams = {
      generator: flatten(generator.variables()),
      evaluator: flatten(evaluator.variables()),
      generatorAdam: freshAdam(nets.generatorSize),
      evaluatorAdam: freshAdam(nets.evaluatorSize),
    };
    return new NativeEngine(nets, shapesOf(generator, evaluator), params, layout, options, options.updateThreads);
  }

  constructor(
    nets: NativeGoGePoNets,
    shapes: GoGePoShapes,
    params: GoGePoParams,
    private readonly layout: PolicyLayout,
    lr: { generatorLr: number; evaluatorLr: number },
    private readonly threads: number,
  ) {
    this.nets = nets;
    this.shapes = shapes;
    this.generator = new Float32Array(nets.generatorSize);
    this.evaluator = new Float32Array(nets.evaluatorSize);
    this.generatorGrads = new Float32Array(nets.generatorSize);
    this.evaluatorGrads = new Float32Array(nets.evaluatorSize);
    // PyTorch's Adam with its defaults (the reference's optimiser): betas 0.9 / 0.999, eps 1e-8
    this.generatorAdam = new NativeAdam(nets.generatorSize, lr.generatorLr);
    this.evaluatorAdam = new NativeAdam(nets.evaluatorSize, lr.evaluatorLr);
    this.write(params);
  }

  read(): GoGePoParams {
    return {
      generator: this.generator.slice(),
      evaluator: this.evaluator.slice(),
      generatorAdam: readAdam(this.generatorAdam),
      evaluatorAdam: readAdam(this.evaluatorAdam),
    };
  }

  write(params: GoGePoParams): void {
    this.writeGenerator(params.generator);
    setExactly(this.evaluator, params.evaluator, 'evaluator');
    writeAdam(this.generatorAdam, params.generatorAdam);
    writeAdam(this.evaluatorAdam, params.evaluatorAdam);
  }

  writeGenerator(generator: Float32Array): void {
    setExactly(this.generator, generator, 'generator');
  }

  generate(command: number): Float32Array {
    return this.nets.generate(this.generator, Float32Array.of(command), this.threads);
  }

  predict(theta: Float32Array): number {
    return this.nets.predict(this.evaluator, theta)[0];
  }

  fingerprint(theta: Float32Array): Float32Array {
    const fingerprint = new Float32Array(this.shapes.evaluator[0][0] * this.layout.actionSize);
    this.nets.predict(this.evaluator, theta, 1, fingerprint);
    return fingerprint;
  }

  evaluatorStep(items: readonly EvaluatorItem[]): number {
    const thetas = new Float32Array(items.length * this.layout.size);
    items.forEach((u, i) => thetas.set(u.theta, i * this.layout.size));
    const loss = this.nets.evaluatorGradients(this.evaluator, thetas, returnsOf(items), weightsOf(items), this.evaluatorGrads, this.threads);
    this.evaluatorAdam.step(this.evaluator, this.evaluatorGrads, this.threads);
    return loss;
  }

  generatorStep(items: readonly GeneratorItem[], scale: number): number {
    const commands = Float32Array.from(items, (u) => u.return / scale);
    const loss = this.nets.generatorGradients(this.generator, this.evaluator, commands, returnsOf(items), weightsOf(items), this.generatorGrads, this.threads);
    this.generatorAdam.step(this.generator, this.generatorGrads, this.threads);
    return loss;
  }

  dispose(): void {}
}

const returnsOf = (items: readonly { return: number }[]) => Float32Array.from(items, (u) => u.return);
const weightsOf = (items: readonly { weight: number }[]) => Float32Array.from(items, (u) => u.weight);
const freshAdam = (size: number): AdamMoments => ({ t: 0, m: new Float32Array(size), v: new Float32Array(size) });

function setExactly(into: Float32Array, from: Float32Array, what: string): void {
  if (from.length !== into.length) throw new Error(`native engine: ${what} has ${from.length} parameters, expected ${into.length}`);
  into.set(from);
}

function readAdam(adam: NativeAdam): AdamMoments {
  return { t: adam.t, m: adam.m.slice(), v: adam.v.slice() };
}

function writeAdam(adam: NativeAdam, moments: AdamMoments): void {
  setExactly(adam.m, moments.m, 'an Adam first moment');
  setExactly(adam.v, moments.v, 'an Adam second moment');
  adam.t = moments.t;
}
