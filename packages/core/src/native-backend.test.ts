import { afterAll, describe, expect, it } from 'vitest';
import { relativeError } from './relative-error.testkit.js';
import { Evaluator } from '@gogepo/fingerprint';
import { Generator } from '@gogepo/hypernet';
import { Adam, initBackend, nativeMatMulEnabled, PolicyLayout, Rng, tf, toTheta } from '@gogepo/nn';
import { assignFlat, evaluatorLoss, flatten, generatorLoss, unflatten } from './gogepo/losses.js';
import { PolicyRunner } from './policy-runner.js';

afterAll(async () => {
  await initBackend('wasm');
});


/** Everything the update computes, at the paper's network sizes for one environment's spaces. */
function quantities(generator: Generator, evaluator: Evaluator, layout: PolicyLayout) {
  return tf.tidy(() => {
    const commands = [0.1, 0.35, 0.8];
    const thetas = generator.generateMany(commands).map((p) => toTheta(p, layout));
    const values = evaluator.predict(thetas.map((_, i) => generator.generateMany([commands[i]])[0])).dataSync() as Float32Array;
    const evalItems = thetas.map((theta, i) => ({ theta, return: 10 * i + 5, weight: 1 / 3 }));
    const e = tf.variableGrads(() => evaluatorLoss(evaluator, layout, evalItems), evaluator.variables());
    const genItems = commands.map((c) => ({ return: c * 100, weight: 1 / 3 }));
    const g = tf.variableGrads(() => generatorLoss(generator, evaluator, 100, genItems), generator.variables());
    return {
      theta: Float32Array.from(thetas.flatMap((t) => Array.from(t))),
      values: Float32Array.from(values),
      evaluatorLoss: e.value.dataSync()[0],
      evaluatorGrads: flatten(evaluator.variables().map((v) => e.grads[v.name])),
      generatorLoss: g.value.dataSync()[0],
      generatorGrads: flatten(generator.variables().map((v) => g.grads[v.name])),
    };
  });
}

// the four environments' observation and action sizes
describe.each([[4, 1], [2, 1], [8, 2], [11, 3]])('the native backend against the tfjs (wasm) oracle, obs %i act %i', (obs, act) => {
  it('computes the same theta, V(theta), losses and gradients (1e-5 relative), and the same Adam step', async () => {
    await initBackend('wasm');
    const rng = Rng.seeded(obs * 10 + act);
    const layout = new PolicyLayout(obs, act, [256, 256]);
    const generator = new Generator(layout, rng);
    const evaluator = new Evaluator(layout, Array(act).fill(1), rng);
    try {
      const oracle = quantities(generator, evaluator, layout);
      expect((await initBackend('native')).startsWith('native (')).toBe(true);
      expect(nativeMatMulEnabled()).toBe(true);
      const native = quantities(generator, evaluator, layout);
      for (const key of ['theta', 'values', 'evaluatorGrads', 'generatorGrads'] as const) {
        expect(relativeError(native[key], oracle[key]), key).toBeLessThan(1e-5);
      }
      expect(Math.abs(native.evaluatorLoss - oracle.evaluatorLoss) / oracle.evaluatorLoss).toBeLessThan(1e-5);
      expect(Math.abs(native.generatorLoss - oracle.generatorLoss) / oracle.generatorLoss).toBeLessThan(1e-5);

      // One Adam step from the same state with each path's gradients. Adam's first step is lr g / (|g| + eps), about
      // lr sign(g) per parameter, so a gradient within rounding of zero may step either way: compare the whole update.
      const start = flatten(generator.variables());
      const update = (grads: Float32Array) => {
        const adam = new Adam(generator.variables(), 1e-4);
        adam.applyGradients(unflatten(grads, generator.variables()));
        const moved = flatten(generator.variables()).map((x, i) => x - start[i]);
        assignFlat(generator.variables(), start);
        adam.dispose();
        return moved;
      };
      const [a, b] = [update(oracle.generatorGrads), update(native.generatorGrads)];
      expect(relativeError(a, b)).toBeLessThan(1e-3);
      expect(relativeError(update(native.generatorGrads), b)).toBe(0); // and the native step repeats bit for bit
      await initBackend('wasm');
    } finally {
      generator.dispose();
      evaluator.dispose();
    }
  });
});

describe('the native backend in rollouts', () => {
  it('runs the per-step policy natively, close to the JS runner', async () => {
    await initBackend('native');
    const layout = new PolicyLayout(11, 3, [256, 256]);
    const native = new PolicyRunner(layout, [1, 1, 1], { native: true });
    await initBackend('wasm');
    const js = new PolicyRunner(layout, [1, 1, 1], { native: false });
    expect([native.kind, js.kind]).toEqual(['native', 'js']);
    const rng = Rng.seeded(3);
    const theta = rng.fillNormal(new Float32Array(layout.size), 0.05);
    const x = rng.fillNormal(new Float64Array(11));
    const a = native.act(theta, x, new Float64Array(3));
    const b = js.act(theta, x, new Float64Array(3));
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-5));
  });
});
