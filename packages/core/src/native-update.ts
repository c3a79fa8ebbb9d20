import type { Evaluator } from '@gogepo/fingerprint';
import type { Generator } from '@gogepo/hypernet';
import { NativeAdam, NativeGoGePoNets } from '@gogepo/native';
import type { Adam, PolicyLayout, tf } from '@gogepo/nn';
import { assignFlat, flatten, type EvaluatorItem, type GeneratorItem } from './gogepo-losses.js';

/** The tfjs side of GoGePo's learnable state: the networks and their optimisers. */
export interface TfState {
  generator: Generator;
  evaluator: Evaluator;
  generatorAdam: Adam;
  evaluatorAdam: Adam;
}

/**
 * GoGePo's update on the native backend: G's and V's parameters and Adam
 * moments as flat float32 arrays, every step (forward, backward, Adam) in
 * @gogepo/native's kernels. The tfjs networks stay the format of checkpoints
 * and snapshots and the oracle of the tests: `pull` copies their state in,
 * `push` copies this state back.
 */
export class NativeUpdate {
  readonly nets: NativeGoGePoNets;
  readonly generator: Float32Array;
  readonly evaluator: Float32Array;
  readonly generatorAdam: NativeAdam;
  readonly evaluatorAdam: NativeAdam;
  private readonly generatorGrads: Float32Array;
  private readonly evaluatorGrads: Float32Array;

  constructor(
    tfState: TfState,
    private readonly layout: PolicyLayout,
    actionHigh: ArrayLike<number>,
    private readonly threads: number,
  ) {
    const { generator, evaluator } = tfState;
    this.nets = new NativeGoGePoNets({
      layers: layout.layers.map((l, k) => ({ ...l, rows: generator.tilings[k].rows, cols: generator.tilings[k].cols })),
      embeddingSize: generator.embeddingSize,
      headHidden: generator.headHidden,
      probingStates: evaluator.probes.shape[0],
      evaluatorHidden: evaluator.u.slice(0, -1).map((l) => l.w.shape[1]),
      reluHidden: layout.hiddenActivation === 'relu',
      outputScaling: generator.outputScaling,
      actionHigh,
    });
    const sizes = [this.nets.generatorSize, this.nets.evaluatorSize, this.nets.thetaSize];
    const expected = [generator.parameterCount(), evaluator.parameterCount(), layout.size];
    if (sizes.some((s, i) => s !== expected[i])) {
      throw new Error(`native update: the addon's networks have ${sizes.join('/')} parameters, the tfjs ones ${expected.join('/')}`);
    }
    this.generator = new Float32Array(this.nets.generatorSize);
    this.evaluator = new Float32Array(this.nets.evaluatorSize);
    this.generatorGrads = new Float32Array(this.nets.generatorSize);
    this.evaluatorGrads = new Float32Array(this.nets.evaluatorSize);
    this.generatorAdam = new NativeAdam(this.nets.generatorSize, tfState.generatorAdam.lr);
    this.evaluatorAdam = new NativeAdam(this.nets.evaluatorSize, tfState.evaluatorAdam.lr);
    this.pull(tfState);
  }

  /** Takes the tfjs networks' parameters and their optimisers' state. */
  pull(s: TfState): void {
    this.generator.set(flatten(s.generator.variables()));
    this.evaluator.set(flatten(s.evaluator.variables()));
    pullAdam(s.generatorAdam, this.generatorAdam);
    pullAdam(s.evaluatorAdam, this.evaluatorAdam);
  }

  /** Writes this state into the tfjs networks and optimisers. */
  push(s: TfState): void {
    assignFlat(s.generator.variables(), this.generator);
    assignFlat(s.evaluator.variables(), this.evaluator);
    pushAdam(this.generatorAdam, s.generatorAdam);
    pushAdam(this.evaluatorAdam, s.evaluatorAdam);
  }

  /** G(c) for one already-normalised command, as a flat theta. */
  generate(command: number): Float32Array {
    return this.nets.generate(this.generator, Float32Array.of(command), this.threads);
  }

  /** One Adam step of V on the items' loss; returns the loss before the step. */
  evaluatorStep(items: readonly EvaluatorItem[]): number {
    const thetas = new Float32Array(items.length * this.layout.size);
    items.forEach((u, i) => thetas.set(u.theta, i * this.layout.size));
    const loss = this.nets.evaluatorGradients(this.evaluator, thetas, returnsOf(items), weightsOf(items), this.evaluatorGrads, this.threads);
    this.evaluatorAdam.step(this.evaluator, this.evaluatorGrads, this.threads);
    return loss;
  }

  /** One Adam step of G through the fixed V on the items' loss (commands = return / scale); returns the loss before the step. */
  generatorStep(items: readonly GeneratorItem[], scale: number): number {
    const commands = Float32Array.from(items, (u) => u.return / scale);
    const loss = this.nets.generatorGradients(this.generator, this.evaluator, commands, returnsOf(items), weightsOf(items), this.generatorGrads, this.threads);
    this.generatorAdam.step(this.generator, this.generatorGrads, this.threads);
    return loss;
  }
}

const returnsOf = (items: readonly { return: number }[]) => Float32Array.from(items, (u) => u.return);
const weightsOf = (items: readonly { weight: number }[]) => Float32Array.from(items, (u) => u.weight);

function pullAdam(from: Adam, to: NativeAdam): void {
  const { t, moments } = from.state();
  const half = moments.length / 2;
  to.t = t;
  to.m.set(flatten(moments.slice(0, half)));
  to.v.set(flatten(moments.slice(half)));
}

function pushAdam(from: NativeAdam, to: Adam): void {
  const shapes = to.state().moments.map((m: tf.Tensor) => m.shape);
  const half = shapes.length / 2;
  const cut = (flat: Float32Array, part: number[][]) => {
    let offset = 0;
    return part.map((shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const data = flat.slice(offset, offset + size);
      offset += size;
      return { shape, data };
    });
  };
  to.restore(from.t, [...cut(from.m, shapes.slice(0, half)), ...cut(from.v, shapes.slice(half))]);
}
