import { beforeAll, describe, expect, it } from 'vitest';
import { fromTheta, initBackend, PolicyLayout, Rng, tf } from '@gogepo/nn';
import { Evaluator } from './evaluator.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A plain-JS forward pass of the policy theta (tanh after every layer, times the bound). */
function act(theta: Float32Array, layout: PolicyLayout, x: number[], bound: number[]): number[] {
  let h = x;
  layout.layers.forEach((l, k) => {
    const out = Array.from({ length: l.out }, (_, o) => {
      let s = theta[l.bOffset + o];
      for (let i = 0; i < l.in; i++) s += theta[l.wOffset + o * l.in + i] * h[i];
      return Math.tanh(s);
    });
    h = k === layout.layers.length - 1 ? out.map((a, i) => a * bound[i]) : out;
  });
  return h;
}

describe('Evaluator', () => {
  it.each([
    [11, 3, 222_105],
    [8, 2, 170_305],
    [4, 1, 118_305],
    [2, 1, 117_905],
  ])('obs %i act %i: %i parameters with the probing states (spec)', (obs, act, count) => {
    const e = new Evaluator(new PolicyLayout(obs, act), new Array(act).fill(1), Rng.seeded(0));
    expect(e.parameterCount()).toBe(count);
    e.dispose();
  });

  const layout = new PolicyLayout(3, 2, [6, 5]);
  const bound = [3, 0.5];

  it('initialises probing states uniform in [0, 1)', () => {
    const e = new Evaluator(layout, bound, Rng.seeded(1), { probingStates: 50, hidden: [8] });
    expect(e.probes.shape).toEqual([50, 3]);
    const p = e.probes.dataSync();
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p)).toBeLessThan(1);
    e.dispose();
  });

  it('fingerprints a policy by its actions on the probing states', () => {
    const e = new Evaluator(layout, bound, Rng.seeded(2), { probingStates: 7, hidden: [8] });
    const theta = Rng.seeded(5).fillNormal(new Float32Array(layout.size));
    const fingerprint = e.probingActions(fromTheta(theta, layout)).dataSync();
    expect(fingerprint.length).toBe(14);
    e.probes.arraySync().forEach((state, s) => {
      act(theta, layout, state, bound).forEach((a, j) => expect(fingerprint[s * 2 + j]).toBeCloseTo(a, 5));
    });
    e.dispose();
  });

  it('predicts one return per policy, trainable in U and the probing states', () => {
    const e = new Evaluator(layout, bound, Rng.seeded(3), { probingStates: 7, hidden: [8] });
    const rng = Rng.seeded(6);
    const policies = [0, 1, 2].map(() => fromTheta(rng.fillNormal(new Float32Array(layout.size)), layout));
    expect(e.predict(policies).shape).toEqual([3]);
    const { grads } = tf.variableGrads(() => tf.sum(e.predict(policies)), e.variables());
    for (const v of e.variables()) expect(tf.sum(tf.abs(grads[v.name])).dataSync()[0]).toBeGreaterThan(0);
    e.dispose();
  });
});
