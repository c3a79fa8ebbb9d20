import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@gogepo/random';
import { NativePolicyRunner, requireNative, sgemm } from './index.js';

const addon = requireNative();
const kernels = addon.kernels();
afterAll(() => addon.setKernel(kernels[0]));

const rng = Rng.seeded(11);
const randoms = (n: number) => rng.fillNormal(new Float32Array(n));

/** op(A) op(B) in float64, the reference. */
function reference(m: number, n: number, k: number, a: Float32Array, b: Float32Array, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

const shapes = [
  [1, 1, 1], [7, 5, 3], [33, 47, 29], [64, 256, 257], [200, 3, 256], [129, 70, 513], [5, 600, 0],
] as const;

describe.each(kernels)('native kernels: %s', (kernel) => {
  it('sgemm equals the float64 reference within float32 rounding, for every transpose, alpha and beta', () => {
    addon.setKernel(kernel);
    for (const [m, n, k] of shapes) {
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const a = randoms(m * k), b = randoms(k * n), c0 = randoms(m * n);
        const ref = reference(m, n, k, a, b, transA, transB);
        const c = sgemm(m, n, k, a, b, c0.slice(), { transA, transB, alpha: 0.5, beta: -2, threads: 2 });
        for (let i = 0; i < m * n; i++) expect(Math.abs(c[i] - (0.5 * ref[i] - 2 * c0[i])), `${m}x${n}x${k} ${transA} ${transB} [${i}]`).toBeLessThan(1e-5 * (Math.sqrt(k) + 1) * 4);
        const fresh = new Float32Array(m * n).fill(NaN); // beta 0 never reads C
        sgemm(m, n, k, a, b, fresh, { transA, transB });
        for (let i = 0; i < m * n; i++) expect(Math.abs(fresh[i] - ref[i])).toBeLessThan(1e-5 * (Math.sqrt(k) + 1) * 4);
      }
    }
  });

  it('a narrow product (solved as its transpose inside) gives the bits of the wide product it transposes', () => {
    addon.setKernel(kernel);
    for (const [m, n, k] of [[128, 3, 300], [200, 1, 256], [128, 14, 40]] as const) {
      const a = randoms(m * k), b = randoms(k * n), c0 = randoms(m * n);
      const narrow = sgemm(m, n, k, a, b, c0.slice(), { alpha: 0.5, beta: -2 });
      const c0t = new Float32Array(n * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c0t[j * m + i] = c0[i * n + j];
      // C^T = B^T A^T, n x m: wide enough to be solved directly
      const wide = sgemm(n, m, k, b, a, c0t, { transA: true, transB: true, alpha: 0.5, beta: -2 });
      const wideBack = new Float32Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) wideBack[i * n + j] = wide[j * m + i];
      expect(narrow, `${m}x${n}x${k}`).toEqual(wideBack);
    }
  });

  it('sgemm gives the same bits for 1, 2 and 3 threads', () => {
    addon.setKernel(kernel);
    const [m, n, k] = [300, 130, 700];
    const a = randoms(m * k), b = randoms(k * n);
    const one = sgemm(m, n, k, a, b, new Float32Array(m * n), { threads: 1 });
    for (const threads of [2, 3]) expect(sgemm(m, n, k, a, b, new Float32Array(m * n), { threads })).toEqual(one);
    const wide = sgemm(8, 2000, 600, randoms(8 * 600), randoms(600 * 2000), new Float32Array(16_000), { threads: 1 }); // split along n
    expect(wide.every(Number.isFinite)).toBe(true);
  });

  // the four environments' policy sizes (obs -> 256 -> 256 -> act), and small ReLU ones
  it.each([[4, 1, 'tanh'], [2, 1, 'tanh'], [8, 2, 'tanh'], [11, 3, 'tanh'], [11, 3, 'relu'], [5, 2, 'relu']] as const)(
    'the per-step policy (%i -> 256 -> 256 -> %i, %s) acts as the float64 MLP to 1e-5',
    (obs, act, activation) => {
      addon.setKernel(kernel);
      const hidden = activation === 'relu' && obs === 5 ? [24, 40] : [256, 256];
      const sizes = [obs, ...hidden, act];
      const layers = [];
      let offset = 0;
      for (let k = 0; k + 1 < sizes.length; k++) {
        layers.push({ in: sizes[k], out: sizes[k + 1], wOffset: offset, bOffset: offset + sizes[k] * sizes[k + 1] });
        offset += sizes[k] * sizes[k + 1] + sizes[k + 1];
      }
      const high = Array.from({ length: act }, (_, j) => 1 + j);
      const runner = new NativePolicyRunner(layers, activation, high);
      const out = new Float64Array(act);
      for (let trial = 0; trial < 5; trial++) {
        const theta = rng.fillNormal(new Float32Array(offset), 1 / Math.sqrt(64));
        for (let step = 0; step < 4; step++) {
          const x = rng.fillNormal(new Float64Array(obs));
          let h: number[] = Array.from(x);
          layers.forEach((l, k) => {
            const last = k === layers.length - 1;
            h = Array.from({ length: l.out }, (_, o) => {
              let s = theta[l.bOffset + o];
              for (let i = 0; i < l.in; i++) s += theta[l.wOffset + o * l.in + i] * h[i];
              return !last && activation === 'relu' ? Math.max(s, 0) : Math.tanh(s);
            });
          });
          runner.act(theta, x, out);
          h.forEach((v, j) => expect(Math.abs(out[j] - v * high[j])).toBeLessThan(1e-5 * high[j]));
        }
      }
    },
  );
});

describe('native argument checks', () => {
  it('rejects wrong sizes with one-line errors instead of reading out of bounds', () => {
    expect(() => sgemm(4, 4, 4, new Float32Array(15), new Float32Array(16), new Float32Array(16))).toThrow('gogepo native: A is too small for its shape and lda');
    expect(() => sgemm(4, 4, 4, new Float32Array(16), new Float32Array(16), new Float32Array(8))).toThrow('gogepo native: C is too small');
    expect(() => addon.sgemm(false, false, 2, 2, 2, 1, new Float64Array(4) as never, 2, new Float32Array(4), 2, 0, new Float32Array(4), 2, 1)).toThrow('gogepo native: A must be a Float32Array');
    expect(() => new NativePolicyRunner([{ in: 3, out: 4, wOffset: 0, bOffset: 12 }, { in: 5, out: 1, wOffset: 16, bOffset: 21 }], 'tanh', [1])).toThrow(
      "gogepo native: layer inputs must match the previous layer's outputs",
    );
    const runner = new NativePolicyRunner([{ in: 2, out: 1, wOffset: 0, bOffset: 2 }], 'tanh', [1]);
    expect(() => runner.act(new Float32Array(2), [0, 0], new Float64Array(1))).toThrow('gogepo native: theta has 2 numbers, the layout needs 3');
    expect(() => addon.setKernel('sse9')).toThrow('gogepo native: unknown kernel "sse9" (avx512, avx2 or portable)');
  });

  it('says why it is unavailable, and an explicit use names the reason', () => {
    const index = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
    const script = `import(${JSON.stringify(index)}).then((m) => { console.log(m.nativeUnavailable()); try { m.requireNative(); } catch (e) { console.log(e.message); } })`;
    const lines = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, GOGEPO_NATIVE: 'off' }, encoding: 'utf8' }).trim().split('\n');
    expect(lines).toEqual(['disabled by GOGEPO_NATIVE=off', 'the native backend is not available: disabled by GOGEPO_NATIVE=off']);
  });
});
