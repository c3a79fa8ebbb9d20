import { backendKind, fromTheta, tf, tidyData, toTheta, Adam, type PolicyLayout, type Rng } from '@gogepo/nn';
import type { Evaluator } from '@gogepo/fingerprint';
import type { Generator } from '@gogepo/hypernet';
import type { GoGePoConfig } from './config.js';
import { initialNetworks, shapesOf, type AdamMoments, type GoGePoEngine, type GoGePoParams, type GoGePoShapes } from './engine.js';
import { assignFlat, evaluatorLoss, flatten, generatorLoss, unflatten, type EvaluatorItem, type GeneratorItem } from './losses.js';
import { UpdateHelpers, type HelperJob } from './update-helpers.js';

/**
 * GoGePo's engine on tfjs, the oracle of the native one: G and V as tfjs
 * networks with their Adam optimisers (these hold the state). One update step
 * is one Adam step of V or of G on a batch's loss (a sum over its items). With
 * `updateThreads` > 1 the items are cut into parts: helper threads
 * (update-helpers.ts) compute the gradients of the other parts while this
 * thread computes the first's, and the step uses their sum.
 */
export class TfjsEngine implements GoGePoEngine {
  readonly shapes: GoGePoShapes;
  private readonly generatorAdam: Adam;
  private readonly evaluatorAdam: Adam;
  /** Started with the first update step (runs opened only to evaluate or generate never need them). */
  private helpers: UpdateHelpers | undefined;

  /** Draws G and V's first parameters from `rng` (the reference's initialisation). */
  static create(layout: PolicyLayout, actionHigh: ArrayLike<number>, rng: Rng, config: GoGePoConfig): TfjsEngine {
    const { generator, evaluator } = initialNetworks(layout, actionHigh, rng, config);
    return new TfjsEngine(generator, evaluator, layout, actionHigh, config);
  }

  constructor(
    readonly generator: Generator,
    readonly evaluator: Evaluator,
    private readonly layout: PolicyLayout,
    private readonly actionHigh: ArrayLike<number>,
    private readonly config: GoGePoConfig,
  ) {
    this.shapes = shapesOf(generator, evaluator);
    // PyTorch's Adam with its defaults (the reference's optimiser): betas 0.9 / 0.999, eps 1e-8
    this.generatorAdam = new Adam(generator.variables(), config.generatorLr);
    this.evaluatorAdam = new Adam(evaluator.variables(), config.evaluatorLr);
  }

  read(): GoGePoParams {
    return {
      generator: flatten(this.generator.variables()),
      evaluator: flatten(this.evaluator.variables()),
      generatorAdam: readAdam(this.generatorAdam),
      evaluatorAdam: readAdam(this.evaluatorAdam),
    };
  }

  write(params: GoGePoParams): void {
    this.writeGenerator(params.generator);
    assignFlat(this.evaluator.variables(), params.evaluator);
    writeAdam(this.generatorAdam, params.generatorAdam);
    writeAdam(this.evaluatorAdam, params.evaluatorAdam);
  }

  writeGenerator(generator: Float32Array): void {
    assignFlat(this.generator.variables(), generator);
  }

  generate(command: number): Float32Array {
    return tidyData(() => toTheta(this.generator.generate(command), this.layout));
  }

  predict(theta: Float32Array): number {
    return tidyData(() => this.evaluator.predict([fromTheta(theta, this.layout)]).dataSync()[0]);
  }

  fingerprint(theta: Float32Array): Float32Array {
    return tidyData(() => this.evaluator.probingActions(fromTheta(theta, this.layout)).dataSync() as Float32Array);
  }

  evaluatorStep(items: readonly EvaluatorItem[]): number {
    return this.step(
      this.evaluatorAdam,
      items,
      (part) => evaluatorLoss(this.evaluator, this.layout, part),
      (part) => ({
        kind: 'evaluator',
        evaluatorParams: flatten(this.evaluator.variables()),
        thetas: concat(part.map((u) => u.theta)),
        returns: part.map((u) => u.return),
        weights: part.map((u) => u.weight),
      }),
    );
  }

  generatorStep(items: readonly GeneratorItem[], scale: number): number {
    return this.step(
      this.generatorAdam,
      items,
      (part) => generatorLoss(this.generator, this.evaluator, scale, part),
      (part) => ({
        kind: 'generator',
        generatorParams: flatten(this.generator.variables()),
        evaluatorParams: flatten(this.evaluator.variables()),
        scale,
        returns: part.map((u) => u.return),
        weights: part.map((u) => u.weight),
      }),
    );
  }

  dispose(): void {
    this.helpers?.dispose();
    this.generator.dispose();
    this.evaluator.dispose();
    this.generatorAdam.dispose();
    this.evaluatorAdam.dispose();
  }

  private step<T>(optimizer: Adam, items: readonly T[], loss: (part: readonly T[]) => tf.Scalar, job: (part: readonly T[]) => HelperJob): number {
    if (this.config.updateThreads === 1 || items.length < 2) return optimizer.minimize(() => loss(items));
    const helpers = (this.helpers ??= this.startHelpers());
    const [own, ...rest] = splitEvenly(items, helpers.count + 1);
    helpers.post(rest.map(job));
    return tf.tidy(() => {
      let answers: { loss: number; grads: Float32Array }[] = [];
      let mine: { value: tf.Scalar; grads: tf.Tensor[] };
      try {
        mine = optimizer.gradients(() => loss(own));
      } finally {
        answers = helpers.collect(); // also when this thread's part failed: the helpers must not be left busy
      }
      let grads = mine.grads;
      for (const a of answers) grads = unflatten(a.grads, grads).map((g, i) => tf.add(grads[i], g));
      optimizer.applyGradients(grads);
      return answers.reduce((sum, a) => sum + a.loss, mine.value.dataSync()[0]);
    });
  }

  private startHelpers(): UpdateHelpers {
    const { layout, config } = this;
    return new UpdateHelpers(config.updateThreads - 1, {
      backend: backendKind() ?? tf.getBackend(),
      observationSize: layout.observationSize,
      actionSize: layout.actionSize,
      hiddenActivation: layout.hiddenActivation,
      actionHigh: [...Array.from(this.actionHigh)],
      config,
    });
  }
}

/** The items cut into `n` consecutive parts of (nearly) equal size; empty parts are left out. */
export function splitEvenly<T>(items: readonly T[], n: number): T[][] {
  const parts: T[][] = [];
  for (let k = 0, start = 0; k < n; k++) {
    const end = start + Math.ceil((items.length - start) / (n - k));
    if (end > start) parts.push(items.slice(start, end));
    start = end;
  }
  return parts;
}

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

function readAdam(adam: Adam): AdamMoments {
  const { t, moments } = adam.state();
  const half = moments.length / 2;
  return { t, m: flatten(moments.slice(0, half)), v: flatten(moments.slice(half)) };
}

/** Puts flat moments back into the optimiser (cut to its moments' shapes). */
function writeAdam(adam: Adam, from: AdamMoments): void {
  const shapes = adam.state().moments.map((m) => m.shape);
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
  const size = shapes.slice(0, half).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
  if (from.m.length !== size || from.v.length !== size) throw new Error(`adam: got moments of ${from.m.length} and ${from.v.length} numbers, expected ${size}`);
  adam.restore(from.t, [...cut(from.m, shapes.slice(0, half)), ...cut(from.v, shapes.slice(half))]);
}
