import * as tf from '@tensorflow/tfjs';
import { requireNative, type NativeAddon } from '@gogepo/native';

/**
 * The native backend's matrix products: tfjs (on wasm) keeps the tensors, the
 * autodiff and every other op; the dense layers' matMuls (forward and
 * backward) run on @gogepo/native's float32 GEMM, which reaches several times
 * XNNPACK's wasm speed on this CPU class (one thread per product).
 */
let addon: NativeAddon | undefined;

export function enableNativeMatMul(): void {
  addon = requireNative();
}

export function disableNativeMatMul(): void {
  addon = undefined;
}

export function nativeMatMulEnabled(): boolean {
  return addon !== undefined;
}

/** The wasm backend's own memory, used without copies (tfjs 4.22's BackendWasm; the version is pinned). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/**
 * A new float32 tensor whose memory the kernels write in place. Allocating can
 * grow the wasm heap, which detaches every view taken before: call this first,
 * then take the views (`heap`).
 */
function allocate(shape: [number, number] | [number]): tf.Tensor {
  const info = (tf.backend() as unknown as WasmBackend).makeOutput(shape, 'float32');
  return tf.engine().makeTensorFromTensorInfo(info);
}

const heap = (t: tf.Tensor) => (tf.backend() as unknown as WasmBackend).typedArrayFromHeap(t);

/** op(a) op(b) (+ bias per column) (then ReLU), as a new tensor; the kernels read and write the wasm heap directly. */
export function nativeMatMul(a: tf.Tensor2D, b: tf.Tensor2D, transA: boolean, transB: boolean, bias?: tf.Tensor1D, relu = false): tf.Tensor2D {
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : a.shape;
  const n = transB ? b.shape[0] : b.shape[1];
  const result = allocate([m, n]) as tf.Tensor2D;
  const out = heap(result);
  if (bias) {
    const bv = heap(bias);
    for (let i = 0; i < m; i++) out.set(bv, i * n);
  }
  addon!.sgemm(transA, transB, m, n, k, 1, heap(a), a.shape[1], heap(b), b.shape[1], bias ? 1 : 0, out, n, 1); // one thread: the algorithms' own updates thread their native steps themselves
  if (relu) for (let i = 0; i < out.length; i++) if (!(out[i] > 0)) out[i] = 0;
  return result;
}

/** Column sums of x [m, n] as a [n] tensor (a ones-row product, as the tfjs path). */
export function nativeColumnSums(x: tf.Tensor2D): tf.Tensor1D {
  const [m, n] = x.shape;
  const ones = new Float32Array(m).fill(1);
  const result = allocate([n]) as tf.Tensor1D;
  addon!.sgemm(false, false, 1, n, m, 1, ones, m, heap(x), n, 0, heap(result), n, 1);
  return result;
}
