import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from './backend.js';
import { dense, denseRelu, fastTanh } from './dense.js';
import { splitRows } from './split-rows.js';
import { torchLinear } from './init.js';
import { PolicyLayout } from './policy-layout.js';
import { fromTheta, toTheta } from './policy-tensors.js';
import { Rng } from '@gogepo/random';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('dense', () => {
  it('computes x W + b', () => {
    const y = dense(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 0, 2], [0, 1, 3]]), tf.tensor1d([0.5, 0, -1]));
    expect(Array.from(y.dataSync())).toEqual([1.5, 2, 7]);
  });

  it('has the gradient of tf.matMul (custom gradient, plain rank-2 matMul only)', () => {
    const rng = Rng.seeded(1);
    const x = tf.tensor2d(rng.fillNormal(new Float32Array(5 * 4)), [5, 4]);
    const w = tf.tensor2d(rng.fillNormal(new Float32Array(4 * 3)), [4, 3]);
    const b = tf.tensor1d(rng.fillNormal(new Float32Array(3)));
    const weights = tf.tensor2d(rng.fillNormal(new Float32Array(5 * 3)), [5, 3]);
    const ours = tf.grads((x, w, b) => tf.sum(tf.mul(tf.tanh(dense(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D)), weights)));
    const reference = tf.grads((x, w, b) => tf.sum(tf.mul(tf.tanh(tf.add(tf.matMul(x, w), b)), weights)));
    const [a, r] = [ours([x, w, b]), reference([x, w, b])];
    a.forEach((g, i) => {
      const [ga, gr] = [g.dataSync(), r[i].dataSync()];
      expect(ga.length).toBe(gr.length);
      ga.forEach((v, j) => expect(v).toBeCloseTo(gr[j], 5));
    });
  });

  it('denseRelu is relu(dense) with the same gradient, 0 where the output is 0', () => {
    const rng = Rng.seeded(5);
    const x = tf.tensor2d(rng.fillNormal(new Float32Array(6 * 4)), [6, 4]);
    const w = tf.tensor2d(rng.fillNormal(new Float32Array(4 * 5)), [4, 5]);
    const b = tf.tensor1d(rng.fillNormal(new Float32Array(5)));
    const weights = tf.tensor2d(rng.fillNormal(new Float32Array(6 * 5)), [6, 5]);
    const loss = (op: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D) =>
      tf.grads((x, w, b) => tf.sum(tf.mul(op(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), weights)));
    const reference = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.relu(tf.add(tf.matMul(x, w), b)) as tf.Tensor2D;
    const y = denseRelu(x, w, b).dataSync();
    expect(y.some((v) => v === 0) && y.some((v) => v > 0)).toBe(true);
    reference(x, w, b).dataSync().forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
    const [a, r] = [loss(denseRelu)([x, w, b]), loss(reference)([x, w, b])];
    a.forEach((g, i) => g.dataSync().forEach((v, j) => expect(v).toBeCloseTo(r[i].dataSync()[j], 5)));
  });

  it('passes a numeric gradient check (central differences)', () => {
    const rng = Rng.seeded(2);
    const xs = rng.fillNormal(new Float32Array(3 * 4));
    const ws = rng.fillNormal(new Float32Array(4 * 2), 0.5);
    const bs = rng.fillNormal(new Float32Array(2));
    const f = (w: Float32Array) =>
      tf.tidy(() => tf.sum(tf.square(fastTanh(dense(tf.tensor2d(xs, [3, 4]), tf.tensor2d(w, [4, 2]), tf.tensor1d(bs))))).dataSync()[0]);
    const analytic = tf.grad((w: tf.Tensor) => tf.sum(tf.square(fastTanh(dense(tf.tensor2d(xs, [3, 4]), w as tf.Tensor2D, tf.tensor1d(bs))))))(
      tf.tensor2d(ws, [4, 2]),
    ).dataSync();
    const eps = 1e-2;
    for (let i = 0; i < ws.length; i++) {
      const [plus, minus] = [Float32Array.from(ws), Float32Array.from(ws)];
      plus[i] += eps;
      minus[i] -= eps;
      const numeric = (f(plus) - f(minus)) / (2 * eps);
      expect(Math.abs(numeric - analytic[i])).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('fastTanh is tanh', () => {
    const x = tf.linspace(-8, 8, 101);
    const [a, b] = [fastTanh(x).dataSync(), tf.tanh(x).dataSync()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 6));
  });
});

describe('torchLinear', () => {
  it('draws weights and biases uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)]', () => {
    const { w, b } = torchLinear(Rng.seeded(3), 64, 128);
    expect(w.shape).toEqual([64, 128]);
    const values = [...w.dataSync(), ...b.dataSync()];
    const bound = 1 / 8;
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
    const std = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    expect(std).toBeCloseTo(bound / Math.sqrt(3), 2);
  });
});

describe('PolicyLayout', () => {
  it.each([
    [11, 3, 69_635],
    [8, 2, 68_610],
    [4, 1, 67_329],
    [2, 1, 66_817],
  ])('obs %i act %i has %i parameters (spec)', (obs, act, size) => {
    expect(new PolicyLayout(obs, act).size).toBe(size);
  });

  it('places W1 (out x in), b1, W2, b2, W3, b3 in order', () => {
    const l = new PolicyLayout(3, 2, [4, 5]);
    expect(l.layers.map((x) => [x.in, x.out, x.wOffset, x.bOffset])).toEqual([
      [3, 4, 0, 12],
      [4, 5, 16, 36],
      [5, 2, 41, 51],
    ]);
    expect(l.size).toBe(53);
  });

  it('rejects bad sizes', () => {
    expect(() => new PolicyLayout(0, 1)).toThrow('observation size must be a positive integer, got 0');
    expect(() => new PolicyLayout(2, 1, [2.5])).toThrow('hidden size must be a positive integer, got 2.5');
  });

  it('converts theta to [in, out] tensors and back', () => {
    const l = new PolicyLayout(3, 2, [4]);
    const theta = Float32Array.from({ length: l.size }, (_, i) => i);
    const p = fromTheta(theta, l);
    // W1[o=1][i=2] sits at 1 * 3 + 2 = 5 in theta and at [2, 1] in the tensor
    expect(p.weights[0].arraySync()[2][1]).toBe(5);
    expect(Array.from(toTheta(p, l))).toEqual(Array.from(theta));
  });
});

describe('Rng', () => {
  it('is reproducible and resumable from its state', () => {
    const a = Rng.seeded(9);
    a.normal();
    const saved = a.state();
    const rest = [a.uniform(), a.normal(), a.int(10), a.normal()];
    const b = Rng.fromState(JSON.parse(JSON.stringify(saved)));
    expect([b.uniform(), b.normal(), b.int(10), b.normal()]).toEqual(rest);
  });

  it('draws standard normals', () => {
    const x = Rng.seeded(4).fillNormal(new Float64Array(20_000));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('splitRows', () => {
  it('cuts axis 0 into equal pieces, as tf.split does, and its gradient puts each piece back', () => {
    const x = tf.tensor3d(Float32Array.from({ length: 24 }, (_, i) => i), [4, 3, 2]);
    const pieces = splitRows(x, 2);
    const expected = tf.split(x, 2, 0);
    expect(pieces.map((p) => p.shape)).toEqual([[2, 3, 2], [2, 3, 2]]);
    pieces.forEach((p, i) => expect(Array.from(p.dataSync())).toEqual(Array.from(expected[i].dataSync())));
    // d/dx of sum(piece_0) + 3 sum(piece_1): 1 on the first half, 3 on the second.
    const grad = tf.grad((x: tf.Tensor) => {
      const [a, b] = splitRows(x, 2);
      return tf.add(tf.sum(a), tf.mul(tf.sum(b), 3));
    })(x);
    expect(Array.from(grad.dataSync())).toEqual([...Array(12).fill(1), ...Array(12).fill(3)]);
  });

  it('rejects a count that does not divide the rows', () => {
    expect(() => splitRows(tf.zeros([5, 2]), 2)).toThrow('splitRows: cannot cut 5 rows into 2 equal pieces');
  });
});
