import type { Evaluator } from '@gogepo/fingerprint';
import type { Generator } from '@gogepo/hypernet';
import { fromTheta, tf, type PolicyLayout } from '@gogepo/nn';

/** A distinct policy of an evaluator batch, weighted by its share of the batch. */
export interface EvaluatorItem {
  theta: Float32Array;
  return: number;
  weight: number;
}

/** A distinct return of a generator batch, weighted by its share of the batch. */
export interface GeneratorItem {
  return: number;
  weight: number;
}

/** sum_i w_i (V(theta_i) - r_i)^2 over the items: the evaluator's loss (or its share of it). */
export function evaluatorLoss(evaluator: Evaluator, layout: PolicyLayout, items: readonly EvaluatorItem[]): tf.Scalar {
  const policies = items.map((u) => fromTheta(u.theta, layout));
  return weightedSquaredError(evaluator.predict(policies), items);
}

/** sum_i w_i (V(G(r_i / scale)) - r_i)^2 over the items: the generator's loss through V (or its share of it). */
export function generatorLoss(generator: Generator, evaluator: Evaluator, scale: number, items: readonly GeneratorItem[]): tf.Scalar {
  const policies = generator.generateMany(items.map((u) => u.return / scale));
  return weightedSquaredError(evaluator.predict(policies), items);
}

/** sum_i w_i (prediction_i - r_i)^2: the batch's mean squared error when w holds each item's share. */
function weightedSquaredError(prediction: tf.Tensor1D, items: readonly { return: number; weight: number }[]): tf.Scalar {
  const targets = tf.tensor1d(items.map((u) => u.return));
  const weights = tf.tensor1d(items.map((u) => u.weight));
  return tf.sum(tf.mul(weights, tf.square(tf.sub(prediction, targets))));
}

/** The tensors' values, one after another, in one array. */
export function flatten(tensors: readonly tf.Tensor[]): Float32Array {
  const out = new Float32Array(tensors.reduce((n, t) => n + t.size, 0));
  let offset = 0;
  for (const t of tensors) {
    out.set(t.dataSync() as Float32Array, offset);
    offset += t.size;
  }
  return out;
}

/** Tensors shaped like `like`, cut in order out of `flat` (the inverse of `flatten`). */
export function unflatten(flat: Float32Array, like: readonly tf.Tensor[]): tf.Tensor[] {
  let offset = 0;
  return like.map((t) => {
    const piece = tf.tensor(flat.subarray(offset, offset + t.size), t.shape);
    offset += t.size;
    return piece;
  });
}

/** Sets the variables to the values in `flat` (as `flatten` wrote them). */
export function assignFlat(variables: readonly tf.Variable[], flat: Float32Array): void {
  const size = variables.reduce((n, v) => n + v.size, 0);
  if (flat.length !== size) throw new Error(`parameters: got ${flat.length} numbers, expected ${size}`);
  unflatten(flat, variables).forEach((t, i) => {
    variables[i].assign(t);
    t.dispose();
  });
}
