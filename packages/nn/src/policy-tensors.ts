import * as tf from '@tensorflow/tfjs';
import type { PolicyLayout } from './policy-layout.js';

/**
 * A policy as tensors: per layer, W as [in, out] (so a forward pass is x W + b,
 * plain rank-2 matMul) and b as [out]. The generator produces these; the
 * evaluator consumes them; `toTheta` / `fromTheta` convert to and from the flat
 * layout (W as out x in) stored in the buffer and in policy files.
 */
export interface PolicyTensors {
  weights: tf.Tensor2D[];
  biases: tf.Tensor1D[];
}

/** Reads a policy's tensors into a flat theta (PolicyLayout order). */
export function toTheta(policy: PolicyTensors, layout: PolicyLayout): Float32Array {
  const theta = new Float32Array(layout.size);
  layout.layers.forEach((layer, k) => {
    const w = policy.weights[k].dataSync(); // [in, out]
    for (let i = 0; i < layer.in; i++) {
      for (let o = 0; o < layer.out; o++) theta[layer.wOffset + o * layer.in + i] = w[i * layer.out + o];
    }
    theta.set(policy.biases[k].dataSync(), layer.bOffset);
  });
  return theta;
}

/** Builds constant tensors for a flat theta (transposing W in plain JS, which is cheap). */
export function fromTheta(theta: Float32Array, layout: PolicyLayout): PolicyTensors {
  const weights: tf.Tensor2D[] = [];
  const biases: tf.Tensor1D[] = [];
  for (const layer of layout.layers) {
    const w = new Float32Array(layer.in * layer.out);
    for (let o = 0; o < layer.out; o++) {
      for (let i = 0; i < layer.in; i++) w[i * layer.out + o] = theta[layer.wOffset + o * layer.in + i];
    }
    weights.push(tf.tensor2d(w, [layer.in, layer.out]));
    biases.push(tf.tensor1d(theta.subarray(layer.bOffset, layer.bOffset + layer.out)));
  }
  return { weights, biases };
}

export function disposePolicy(policy: PolicyTensors): void {
  tf.dispose([...policy.weights, ...policy.biases]);
}

/**
 * tf.tidy for a function that returns plain data (a theta, a fingerprint):
 * tf.tidy looks for tensors in whatever its function returns and would walk
 * every element of a typed array (about 80 ms for a 70k theta).
 */
export function tidyData<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = fn();
  });
  return out as T;
}
