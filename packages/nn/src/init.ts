import * as tf from '@tensorflow/tfjs';
import type { DenseParams } from './dense.js';
import type { Rng } from '@gogepo/random';

/**
 * PyTorch's default initialisation of nn.Linear: weights and biases uniform in
 * [-1/sqrt(fan_in), 1/sqrt(fan_in)] (not tfjs's Glorot). GoGePo's output scaling
 * was tuned for it.
 */
export function torchLinear(rng: Rng, fanIn: number, fanOut: number, name?: string): DenseParams {
  const bound = 1 / Math.sqrt(fanIn);
  const w = rng.fillUniform(new Float32Array(fanIn * fanOut), -bound, bound);
  const b = rng.fillUniform(new Float32Array(fanOut), -bound, bound);
  return {
    w: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, name && `${name}/w`),
    b: tf.variable(tf.tensor1d(b), true, name && `${name}/b`),
  };
}

/** An MLP's layers, sizes [in, h1, ..., out], each with PyTorch-default initialisation. */
export function torchMlp(rng: Rng, sizes: readonly number[], name?: string): DenseParams[] {
  return sizes.slice(1).map((out, i) => torchLinear(rng, sizes[i], out, name && `${name}/${i}`));
}

export function parameterCount(layers: readonly DenseParams[]): number {
  return layers.reduce((n, l) => n + l.w.size + l.b.size, 0);
}
