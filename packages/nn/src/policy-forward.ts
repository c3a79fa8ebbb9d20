import * as tf from '@tensorflow/tfjs';
import { dense, fastTanh } from './dense.js';
import type { HiddenActivation } from './policy-layout.js';

/**
 * A policy's actions for a batch of inputs, differentiable: x W + b per layer,
 * the hidden activation after every hidden layer, tanh times the action bound
 * on the output. The one tfjs forward pass of every policy: GoGePo's evaluator
 * (on its probing states), DDPG's actor and UDRL's behaviour function;
 * PolicyRunner (core) is its per-step twin on a flat theta.
 */
export function policyForward(
  x: tf.Tensor2D,
  layers: readonly { w: tf.Tensor2D; b: tf.Tensor1D }[],
  hiddenActivation: HiddenActivation,
  bound: tf.Tensor1D,
): tf.Tensor2D {
  let h = x;
  layers.forEach((l, k) => {
    h = dense(h, l.w, l.b);
    if (k < layers.length - 1) h = hiddenActivation === 'relu' ? tf.relu(h) : fastTanh(h);
    else h = tf.mul(fastTanh(h), bound);
  });
  return h;
}
