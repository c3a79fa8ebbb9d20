import { afterAll, describe, expect, it } from 'vitest';
import { relativeError } from '../relative-error.testkit.js';
import { Evaluator } from '@gogepo/fingerprint';
import { Generator } from '@gogepo/hypernet';
import { Adam, fromTheta, initBackend, PolicyLayout, Rng, tf, tidyData, toTheta } from '@gogepo/nn';
import { evaluatorLoss, flatten, generatorLoss, unflatten } from './losses.js';
import { nativeAddon } from '@gogepo/native';
import { NativeEngine } from './native-engine.js';
import { PolicyRunner } from '../policy-runner.js';

afterAll(async () => {
  await initBackend('wasm');
});


const commands = [0.1, 0.35, 0.8];
const returns = [5, 15, 25];
const weights = [0.25, 0.5, 0.25];
const scale = 100;

// three environments' sizes at the paper's network sizes: MountainCar's, Swimmer's and Hopper's (action sizes 1, 2 and 3; InvertedPendulum's 4 x 1 adds nothing)
describe.each([[2, 1], [8, 2], [11, 3]])('the native GoGePo update against the tfjs (wasm) oracle, obs %i act %i', (obs, act) => {
  it('computes the same theta, V(theta), losses and gradients (1e-5 relative) and the same Adam step (bit for bit)', async () => {
    await initBackend('wasm');
    const rng = Rng.seeded(obs * 10 + act);
    const layout = new PolicyLayout(obs, act, [256, 256]);
    const actionHigh = Array.from({ length: act }, (_, i) => 1 + 0.5 * i);
    const generator = new Generator(layout, rng);
    const evaluator = new Evaluator(layout, actionHigh, rng);
    const generatorAdam = new Adam(generator.variables(), 1e-4);
    const evaluatorAdam = new Adam(evaluator.variables(), 1e-3);
    try {
      const native = NativeEngine.fromNetworks(generator, evaluator, layout, actionHigh, { generatorLr: 1e-4, evaluatorLr: 1e-3, updateThreads: 2 });

      // G(c) and V(G(c))
      const oracleThetas = tf.tidy(() => generator.generateMany(commands).map((p) => toTheta(p, layout)));
      const nativeThetas = native.nets.generate(native.generator, Float32Array.from(commands));
      expect(relativeError(nativeThetas, Float32Array.from(oracleThetas.flatMap((t) => [...t])))).toBeLessThan(1e-5);
      const oracleValues = tf.tidy(() => evaluator.predict(commands.map((c) => generator.generate(c))).dataSync() as Float32Array);
      expect(relativeError(native.nets.predict(native.evaluator, nativeThetas), oracleValues)).toBeLessThan(1e-5);

      // V's loss and gradient on buffer policies; G's loss and gradient through V
      const evalItems = oracleThetas.map((theta, i) => ({ theta, return: returns[i], weight: weights[i] }));
      const e = tf.tidy(() => {
        const g = tf.variableGrads(() => evaluatorLoss(evaluator, layout, evalItems), evaluator.variables());
        return { loss: g.value.dataSync()[0], grads: flatten(evaluator.variables().map((v) => g.grads[v.name])) };
      });
      const eGrads = new Float32Array(native.nets.evaluatorSize);
      const eLoss = native.nets.evaluatorGradients(native.evaluator, nativeThetas, Float32Array.from(returns), Float32Array.from(weights), eGrads);
      expect(Math.abs(eLoss - e.loss) / e.loss).toBeLessThan(1e-5);
      expect(relativeError(eGrads, e.grads)).toBeLessThan(1e-5);

      const genItems = commands.map((c, i) => ({ return: c * scale, weight: weights[i] }));
      const g = tf.tidy(() => {
        const r = tf.variableGrads(() => generatorLoss(generator, evaluator, scale, genItems), generator.variables());
        return { loss: r.value.dataSync()[0], grads: flatten(generator.variables().map((v) => r.grads[v.name])) };
      });
      const gGrads = new Float32Array(native.nets.generatorSize);
      const gLoss = native.nets.generatorGradients(
        native.generator, native.evaluator, Float32Array.from(genItems, (u) => u.return / scale), Float32Array.from(genItems, (u) => u.return),
        Float32Array.from(weights), gGrads,
      );
      expect(Math.abs(gLoss - g.loss) / g.loss).toBeLessThan(1e-5);
      expect(relativeError(gGrads, g.grads)).toBeLessThan(1e-5);
      // every part of G receives gradient: the embeddings of each layer, both heads of each kind
      let offset = 0;
      for (const v of generator.variables()) {
        const part = gGrads.subarray(offset, offset + v.size);
        offset += v.size;
        expect(part.some((x) => x !== 0), v.name).toBe(true);
      }

      // Two Adam steps with the same gradients: tfjs's Adam and the native one agree bit for bit.
      for (let step = 0; step < 2; step++) {
        generatorAdam.applyGradients(unflatten(g.grads, generator.variables()));
        native.generatorAdam.step(native.generator, g.grads);
      }
      expect(native.generator).toEqual(flatten(generator.variables()));
      // and the moments agree too
      const moments = native.read().generatorAdam;
      expect(flatten(generatorAdam.state().moments)).toEqual(Float32Array.from([...moments.m, ...moments.v]));
      expect([generatorAdam.step, moments.t]).toEqual([2, 2]);
    } finally {
      generator.dispose();
      evaluator.dispose();
      generatorAdam.dispose();
      evaluatorAdam.dispose();
    }
  });
});

describe('the native GoGePo update', () => {
  it('generates and differentiates as the oracle with output scaling off (the ablation of paper fig. 4), and scaling matters', async () => {
    await initBackend('wasm');
    const layout = new PolicyLayout(5, 2, [32, 32]);
    const build = (outputScaling: boolean) => {
      const rng = Rng.seeded(8);
      const generator = new Generator(layout, rng, { headHidden: [16], outputScaling });
      const evaluator = new Evaluator(layout, [1, 1], rng, { probingStates: 6, hidden: [8] });
      return { generator, evaluator, native: NativeEngine.fromNetworks(generator, evaluator, layout, [1, 1], { generatorLr: 1e-3, evaluatorLr: 1e-3, updateThreads: 1 }) };
    };
    const off = build(false);
    const on = build(true);
    const oracle = tf.tidy(() => toTheta(off.generator.generate(0.3), layout));
    const thetaOff = off.native.nets.generate(off.native.generator, Float32Array.of(0.3));
    expect(relativeError(thetaOff, oracle)).toBeLessThan(1e-5);
    // the first layer's weights differ by exactly the scale 2 / sqrt(5)
    const thetaOn = on.native.nets.generate(on.native.generator, Float32Array.of(0.3));
    expect(thetaOn[0] / thetaOff[0]).toBeCloseTo(2 / Math.sqrt(5), 5);
    const items = [{ return: 4, weight: 1 }];
    const grads = tf.tidy(() => {
      const r = tf.variableGrads(() => generatorLoss(off.generator, off.evaluator, scale, items), off.generator.variables());
      return flatten(off.generator.variables().map((v) => r.grads[v.name]));
    });
    const nativeGrads = new Float32Array(off.native.nets.generatorSize);
    off.native.nets.generatorGradients(off.native.generator, off.native.evaluator, Float32Array.of(4 / scale), Float32Array.of(4), Float32Array.of(1), nativeGrads);
    expect(relativeError(nativeGrads, grads)).toBeLessThan(1e-5);
    for (const b of [off, on]) b.generator.dispose(), b.evaluator.dispose();
  });

  it("fingerprints a ReLU layout's policies as they act, on both paths", async () => {
    await initBackend('wasm');
    const rng = Rng.seeded(5);
    const layout = new PolicyLayout(3, 2, [32, 32], 'relu');
    const generator = new Generator(layout, rng, { headHidden: [16] });
    const evaluator = new Evaluator(layout, [1, 2], rng, { probingStates: 6, hidden: [8] });
    const native = NativeEngine.fromNetworks(generator, evaluator, layout, [1, 2], { generatorLr: 1e-3, evaluatorLr: 1e-3, updateThreads: 1 });
    const theta = rng.fillNormal(new Float32Array(layout.size), 0.3);
    // what the policy does on each probing state (the JS runner, float64)
    const probes = evaluator.probes.dataSync() as Float32Array;
    const runner = new PolicyRunner(layout, [1, 2], { native: false });
    const acted = new Float32Array(6 * 2);
    for (let p = 0; p < 6; p++) acted.set(runner.act(theta, probes.subarray(3 * p, 3 * p + 3), new Float64Array(2)), 2 * p);
    const tfFingerprint = tidyData(() => evaluator.probingActions(fromTheta(theta, layout)).dataSync() as Float32Array);
    const nativeFingerprint = new Float32Array(12);
    native.nets.predict(native.evaluator, theta, 1, nativeFingerprint);
    expect(relativeError(tfFingerprint, acted)).toBeLessThan(1e-5);
    expect(relativeError(nativeFingerprint, acted)).toBeLessThan(1e-5);
    // and the gradients through the ReLU layers agree with the oracle
    const items = [{ return: 4, weight: 1 }];
    const oracle = tf.tidy(() => {
      const r = tf.variableGrads(() => generatorLoss(generator, evaluator, scale, items), generator.variables());
      return flatten(generator.variables().map((v) => r.grads[v.name]));
    });
    const grads = new Float32Array(native.nets.generatorSize);
    native.nets.generatorGradients(native.generator, native.evaluator, Float32Array.of(4 / scale), Float32Array.of(4), Float32Array.of(1), grads);
    expect(relativeError(grads, oracle)).toBeLessThan(1e-5);
    generator.dispose();
    evaluator.dispose();
  });

  it('gives the oracle\'s gradients on every kernel this CPU runs (avx512, avx2, portable)', async () => {
    await initBackend('wasm');
    const rng = Rng.seeded(7);
    const layout = new PolicyLayout(5, 2, [32, 48]);
    const generator = new Generator(layout, rng, { headHidden: [24, 40] });
    const evaluator = new Evaluator(layout, [1, 2], rng, { probingStates: 9, hidden: [20] });
    const native = NativeEngine.fromNetworks(generator, evaluator, layout, [1, 2], { generatorLr: 1e-3, evaluatorLr: 1e-3, updateThreads: 2 });
    const items = [{ return: 30, weight: 0.75 }, { return: 70, weight: 0.25 }];
    const oracle = tf.tidy(() => {
      const r = tf.variableGrads(() => generatorLoss(generator, evaluator, scale, items), generator.variables());
      return flatten(generator.variables().map((v) => r.grads[v.name]));
    });
    const addon = nativeAddon()!;
    const best = addon.kernel();
    try {
      for (const kernel of addon.kernels()) {
        addon.setKernel(kernel);
        const grads = new Float32Array(native.nets.generatorSize);
        native.nets.generatorGradients(native.generator, native.evaluator, Float32Array.of(0.3, 0.7), Float32Array.of(30, 70), Float32Array.of(0.75, 0.25), grads, 2);
        expect(relativeError(grads, oracle), kernel).toBeLessThan(1e-5);
      }
    } finally {
      addon.setKernel(best);
      generator.dispose();
      evaluator.dispose();
    }
  });

  it('refuses arrays of the wrong size with a clear error', async () => {
    await initBackend('wasm');
    const rng = Rng.seeded(1);
    const layout = new PolicyLayout(2, 1, [32, 32]);
    const generator = new Generator(layout, rng, { headHidden: [16] });
    const evaluator = new Evaluator(layout, [1], rng, { probingStates: 5, hidden: [8] });
    const native = NativeEngine.fromNetworks(generator, evaluator, layout, [1], { generatorLr: 1e-3, evaluatorLr: 1e-3, updateThreads: 1 });
    expect(() => native.nets.generate(new Float32Array(3), Float32Array.of(0.5))).toThrow(/generator parameters has 3 numbers, expected \d+/);
    expect(() => native.nets.predict(native.evaluator, new Float32Array(layout.size + 1))).toThrow(/thetas has/);
    generator.dispose();
    evaluator.dispose();
  });
});
