import * as tf from '@tensorflow/tfjs';

const KERNEL = 'GoGePoSplitRows';

/** The part of tfjs-backend-wasm's backend a kernel uses (its Concat kernel uses the same two methods). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

let registered = false;

/**
 * On the wasm backend, tfjs's Slice and SplitV kernels read their whole input
 * into a fresh array for every piece they cut (measured: splitting [16, 256, 256]
 * into 16 takes about 150 ms). This kernel copies each piece once, straight
 * from the wasm heap, and its gradient is one concat, as SplitV's.
 */
function registerWasmSplitRows(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const x = (inputs as { x: tf.TensorInfo }).x;
      const n = attrs!.n as number;
      const heap = backend as unknown as WasmHeapBackend;
      const shape = [x.shape[0] / n, ...x.shape.slice(1)];
      const size = shape.reduce((a, b) => a * b, 1);
      const pieces: tf.TensorInfo[] = [];
      for (let i = 0; i < n; i++) {
        const piece = heap.makeOutput(shape, x.dtype);
        // makeOutput may grow the wasm memory, which detaches older views: take both views afresh.
        heap.typedArrayFromHeap(piece).set(heap.typedArrayFromHeap(x).subarray(i * size, (i + 1) * size));
        pieces.push(piece);
      }
      return pieces;
    },
  });
  tf.registerGradient({
    kernelName: KERNEL,
    gradFunc: (dys: tf.Tensor | tf.Tensor[]) => ({ x: () => tf.concat(dys as tf.Tensor[], 0) }),
  });
}

/** Splits x into n equal pieces along axis 0 (tf.split(x, n, 0), but without the wasm backend's copies). */
export function splitRows<T extends tf.Tensor>(x: T, n: number): T[] {
  if (!Number.isInteger(n) || n < 1 || x.shape[0] % n !== 0) {
    throw new Error(`splitRows: cannot cut ${x.shape[0]} rows into ${n} equal pieces`);
  }
  if (n === 1) return [x];
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32') return tf.split(x, n, 0) as T[];
  registerWasmSplitRows();
  return tf.engine().runKernel(KERNEL, { x }, { n }) as unknown as T[];
}
