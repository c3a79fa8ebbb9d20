import { backendKind, tf, type Adam, type PolicyLayout } from '@gogepo/nn';
import type { Evaluator } from '@gogepo/fingerprint';
import type { Generator } from '@gogepo/hypernet';
import { evaluatorLoss, flatten, generatorLoss, unflatten, type EvaluatorItem, type GeneratorItem } from './gogepo-losses.js';
import { UpdateHelpers, type HelperJob } from './update-helpers.js';

/** What the helper threads need to rebuild G and V (GoGePo's config, in part). */
export interface TfjsUpdateOptions {
  updateThreads: number;
  sliceSize: number;
  embeddingSize: number;
  headHidden: number[];
  outputScaling: boolean;
  probingStates: number;
  evaluatorHidden: number[];
}

/**
 * GoGePo's update on the tfjs path: one Adam step of V or of G on a batch's
 * loss (a sum over its items). With `updateThreads` > 1 the items are cut into
 * parts: helper threads (update-helpers.ts) compute the gradients of the other
 * parts while this thread computes the first's, and the step uses their sum.
 */
export class TfjsUpdate {
  /** Started with the first update step (runs opened only to evaluate or generate never need them). */
  private helpers: UpdateHelpers | undefined;

  constructor(
    private readonly generator: Generator,
    private readonly evaluator: Evaluator,
    private readonly generatorAdam: Adam,
    private readonly evaluatorAdam: Adam,
    private readonly layout: PolicyLayout,
    private readonly actionHigh: ArrayLike<number>,
    private readonly options: TfjsUpdateOptions,
  ) {}

  evaluatorStep(items: EvaluatorItem[]): number {
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

  generatorStep(items: GeneratorItem[], scale: number): number {
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
  }

  private step<T>(optimizer: Adam, items: T[], loss: (part: T[]) => tf.Scalar, job: (part: T[]) => HelperJob): number {
    if (this.options.updateThreads === 1 || items.length < 2) return optimizer.minimize(() => loss(items));
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
    const { layout, options } = this;
    return new UpdateHelpers(options.updateThreads - 1, {
      backend: backendKind() ?? tf.getBackend(),
      observationSize: layout.observationSize,
      actionSize: layout.actionSize,
      policyHidden: [...layout.hidden],
      hiddenActivation: layout.hiddenActivation,
      actionHigh: [...Array.from(this.actionHigh)],
      generator: { sliceSize: options.sliceSize, embeddingSize: options.embeddingSize, headHidden: options.headHidden, outputScaling: options.outputScaling },
      evaluator: { probingStates: options.probingStates, hidden: options.evaluatorHidden },
    });
  }
}

/** The items cut into `n` consecutive parts of (nearly) equal size; empty parts are left out. */
export function splitEvenly<T>(items: T[], n: number): T[][] {
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
