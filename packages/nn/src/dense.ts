import * as tf from '@tensorflow/tfjs';
import { nativeColumnSums, nativeMatMul, nativeMatMulEnabled } from './native-matmul.js';

let flops = 0;

/** Floating-point operations of the dense layers' matrix products so far (2 m n k each), for benchmarks' GFLOP/s. */
export function denseFlops(): number {
  return flops;
}

/** dx, dW and db of y = x W + b, from dL/d(x W + b), with plain rank-2 matMuls only. */
function denseBackward(dz: tf.Tensor2D, x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor[] {
  const [m, n] = dz.shape;
  flops += 2 * m * n * w.shape[0] * 2 + 2 * m * n; // dx, dW, db
  if (nativeMatMulEnabled()) return [nativeMatMul(dz, w, false, true), nativeMatMul(x, dz, true, false), nativeColumnSums(dz)];
  const dx = tf.matMul(dz, tf.transpose(w));
  const dw = tf.matMul(tf.transpose(x), dz);
  // Summing over rows as a matMul: the wasm Sum kernel transposes dz first to reduce axis 0.
  const db = tf.matMul(tf.ones([1, dz.shape[0]]), dz).reshape([-1]);
  return [dx, dw, db];
}

type DenseOp = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/**
 * y = x W + b with x [n, in], W [in, out], b [out].
 *
 * The gradient only ever calls plain rank-2 matMul, transposing explicitly:
 * on the wasm backend, XNNPACK serves only untransposed rank-2 matMul, and the
 * built-in matMul gradient (transposed matMul) falls back to a scalar loop
 * about 7x slower (measured on tfjs 4.22's wasm backend). The forward pass is one fused
 * matMul + bias. On wasm the bias must be a tensor made rank 1, not a reshape of
 * another tensor: the fused kernel checks the shape its data was created with.
 */
export const dense = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  save([x, w]);
  flops += 2 * x.shape[0] * w.shape[0] * w.shape[1];
  return {
    value: nativeMatMulEnabled() ? nativeMatMul(x, w, false, false, b) : tf.fused.matMul({ a: x, b: w, bias: b }),
    gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => denseBackward(dy as tf.Tensor2D, xs as tf.Tensor2D, ws as tf.Tensor2D),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as DenseOp;

/** relu(x W + b): the same, with the ReLU fused into the matMul and its mask applied in the gradient. */
export const denseRelu = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  flops += 2 * x.shape[0] * w.shape[0] * w.shape[1];
  const value = nativeMatMulEnabled() ? nativeMatMul(x, w, false, false, b, true) : tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' });
  save([x, w, value]);
  return {
    value,
    // relu'(z) = step(y): 1 where the output is positive, 0 elsewhere (0 at 0, as in PyTorch).
    gradFunc: (dy: tf.Tensor, [xs, ws, ys]: tf.Tensor[]) =>
      denseBackward(tf.mul(dy, tf.step(ys)) as tf.Tensor2D, xs as tf.Tensor2D, ws as tf.Tensor2D),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as DenseOp;

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
    h = i < layers.length - 1 ? denseRelu(h, layer.w, layer.b) : dense(h, layer.w, layer.b);
  });
  return h;
}
