import * as tf from '@tensorflow/tfjs';

/**
 * y = x W + b with x [n, in], W [in, out], b [out].
 *
 * The gradient only ever calls plain rank-2 matMul, transposing explicitly:
 * on the wasm backend, XNNPACK serves only untransposed rank-2 matMul, and the
 * built-in matMul gradient (transposed matMul) falls back to a scalar loop
 * about 7x slower (measured; see DESIGN.md).
 */
export const dense = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  const value = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      const dx = tf.matMul(dy as tf.Tensor2D, tf.transpose(ws));
      const dw = tf.matMul(tf.transpose(xs), dy as tf.Tensor2D);
      const db = tf.sum(dy, 0);
      return [dx, dw, db];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/** tanh as 2 sigmoid(2x) - 1: the same function, but vectorised on the wasm backend (its tanh is scalar). */
export function fastTanh<T extends tf.Tensor>(x: T): T {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1) as T;
}

/** A dense layer's learnable parameters. */
export interface DenseParams {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/** An MLP with ReLU between layers and a linear output. */
export function mlp(x: tf.Tensor2D, layers: readonly DenseParams[]): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = dense(h, layer.w, layer.b);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return h;
}
