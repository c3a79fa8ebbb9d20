import { requireNative } from './addon.js';

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
  threads?: number;
}

/**
 * C = alpha op(A) op(B) + beta C on the native kernels, row-major float32:
 * op(A) is m x k, op(B) is k x n, C is m x n (leading dimensions: the stored
 * row lengths). The same bits for any thread count.
 */
export function sgemm(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, options: GemmOptions = {}): Float32Array {
  const { transA = false, transB = false, alpha = 1, beta = 0, threads = 1 } = options;
  requireNative().sgemm(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n, threads);
  return c;
}
