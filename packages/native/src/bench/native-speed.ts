/**
 * Native kernel speed: float32 GEMM GFLOP/s at a square size and at the shapes
 * of GoGePo's generator heads (Hopper-v3 sizes), and the per-step policy
 * (11 -> 256 -> 256 -> 3) in microseconds, for every kernel this CPU runs and
 * 1 and 2 threads.
 *
 *   pnpm --filter @gogepo/native bench [seconds-per-case]
 */
import { Rng } from '@gogepo/random';
import { NativePolicyRunner, requireNative, sgemm } from '../index.js';

const seconds = Number(process.argv[2] ?? 1);
const addon = requireNative();
const rng = Rng.seeded(0);

/** Median seconds per call over repeated calls for about `seconds`. */
function time(f: () => void): number {
  f();
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end || samples.length < 3) {
    const t = performance.now();
    f();
    samples.push((performance.now() - t) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// [label, m, n, k]: a generator head layer for 16 commands x 256 tiles of a hidden layer, and its weight-gradient shape
const shapes: [string, number, number, number][] = [
  ['square 1024', 1024, 1024, 1024],
  ['head forward 4096x257 . 257x256', 4096, 256, 257],
  ['head weight grad 256x4096 . 4096x256', 256, 256, 4096],
  ['head output 4096x256 . 256x256', 4096, 256, 256],
];

console.log('kernel    threads  case                                      ms      GFLOP/s');
for (const kernel of addon.kernels()) {
  addon.setKernel(kernel);
  for (const threads of [1, 2]) {
    for (const [label, m, n, k] of shapes) {
      const a = rng.fillNormal(new Float32Array(m * k)), b = rng.fillNormal(new Float32Array(k * n)), c = new Float32Array(m * n);
      const transA = label.includes('grad');
      const s = time(() => sgemm(m, n, k, a, b, c, { threads, transA }));
      console.log(`${kernel.padEnd(10)}${String(threads).padEnd(9)}${label.padEnd(42)}${(1000 * s).toFixed(2).padStart(7)}${((2 * m * n * k) / s / 1e9).toFixed(1).padStart(11)}`);
    }
  }
}

const sizes = [11, 256, 256, 3];
let offset = 0;
const layers = sizes.slice(1).map((out, k) => {
  const l = { in: sizes[k], out, wOffset: offset, bOffset: offset + sizes[k] * out };
  offset += sizes[k] * out + out;
  return l;
});
const theta = rng.fillNormal(new Float32Array(offset), 0.05);
const obs = rng.fillNormal(new Float64Array(11));
const action = new Float64Array(3);
console.log('\nkernel    per-step policy 11 -> 256 -> 256 -> 3 (us)');
for (const kernel of addon.kernels()) {
  addon.setKernel(kernel);
  const runner = new NativePolicyRunner(layers, 'tanh', [1, 1, 1]);
  const s = time(() => {
    for (let i = 0; i < 1000; i++) runner.act(theta, obs, action);
  });
  console.log(`${kernel.padEnd(10)}${(1000 * s).toFixed(2).padStart(8)}`);
}
