import { describe, expect, it } from 'vitest';
import { ObservationNormaliser, resolveRunConfig, type NamedTensor } from '@gogepo/core';
import { nativeUnavailable } from '@gogepo/native';
import { initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { TfjsDdpgEngine } from './ddpg-engine.js';
import { NativeDdpgEngine } from './ddpg-native.js';
import { DDPG, ddpgConfig } from './index.js';
import { expectExactResume } from './resume.testkit.js';

/**
 * The native DDPG engine against the tfjs oracle: the same initial state, the
 * same losses, gradients (Adam's first moments after one step are 0.1 g) and
 * parameters within float32 rounding, for Hopper's shapes; the same seed gives
 * the same run bit for bit, resume is exact, and checkpoints move between engines.
 */
const native = nativeUnavailable() === undefined;

function agents(seed = 3) {
  const config = ddpgConfig.parse({ policyHidden: [64, 64], criticHidden: [64, 64], batchSize: 32 });
  const make = (engine: 'native' | 'tfjs') => {
    const layout = new PolicyLayout(11, 3, config.policyHidden, 'relu');
    const agent = new DDPG(config, { layout, actionHigh: Float64Array.of(1, 1, 1), engine, rng: Rng.seeded(seed), runDir: '', maxEpisodeSteps: 1000, normaliser: new ObservationNormaliser(11) });
    // a replay of Hopper-like transitions, the same for both
    const rng = Rng.seeded(99);
    for (let i = 0; i < 500; i++) {
      const v = (n: number, s = 1) => Float64Array.from({ length: n }, () => s * rng.normal());
      agent.replay.push({ observation: v(11), action: Float64Array.from({ length: 3 }, () => rng.uniformIn(-1, 1)), reward: rng.normal() * 3, nextObservation: v(11), terminated: i % 37 === 0, truncated: false });
    }
    return agent;
  };
  return { tfjs: make('tfjs'), native: make('native') };
}

/** max |a - b| over max |b|: the relative error of a whole tensor. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

function expectClose(a: Map<string, NamedTensor>, b: Map<string, NamedTensor>, tolerance: number, what: string): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [name, t] of b) {
    expect(a.get(name)!.shape, `${what} ${name}`).toEqual(t.shape);
    expect(relativeError(a.get(name)!.data, t.data), `${what} ${name}`).toBeLessThan(tolerance);
  }
}

describe.skipIf(!native)('DDPG on the native kernels, against the tfjs oracle', () => {
  it('starts from the same weights, and one learning step gives the same losses, gradients and parameters within float32 rounding', async () => {
    await initBackend('wasm');
    const { tfjs, native } = agents();
    const start = [tfjs.engine.state().tensors, native.engine.state().tensors];
    for (const [name, t] of start[0]) expect(start[1].get(name)!.data, name).toEqual(t.data); // bit for bit: one init

    const batch = tfjs.replay.sample(Rng.seeded(5), 32);
    const oracle = (tfjs.engine as TfjsDdpgEngine).gradients(batch);
    const grads = { critic: new Float32Array(oracle.critic.length), actor: new Float32Array(oracle.actor.length) };
    const [criticLoss, actorLoss] = (native.engine as NativeDdpgEngine).update(batch, grads);
    const [tfCriticLoss, tfActorLoss] = tfjs.engine.update(batch);
    expect(Math.abs(criticLoss - tfCriticLoss) / Math.abs(tfCriticLoss)).toBeLessThan(1e-5);
    expect(Math.abs(criticLoss - oracle.criticLoss) / Math.abs(oracle.criticLoss)).toBeLessThan(1e-5);
    expect(Math.abs(actorLoss - tfActorLoss) / Math.abs(tfActorLoss)).toBeLessThan(1e-5);
    expect(relativeError(grads.critic, oracle.critic)).toBeLessThan(1e-5);
    // the state after the step: parameters, targets and both Adams' moments (m = 0.1 g: the actor's gradient with the updated critic)
    expectClose(native.engine.state().tensors, tfjs.engine.state().tensors, 1e-4, 'after one step');
    tfjs.dispose();
    native.dispose();
  });

  it('stays with the oracle over 30 steps', async () => {
    await initBackend('wasm');
    const { tfjs, native } = agents(4);
    for (let i = 0; i < 30; i++) {
      const batch = tfjs.replay.sample(Rng.seeded(100 + i), 32);
      tfjs.engine.update(batch);
      native.engine.update(batch);
    }
    expectClose(native.engine.state().tensors, tfjs.engine.state().tensors, 2e-3, 'after 30 steps');
    expect(relativeError(native.engine.actorTheta(), tfjs.engine.actorTheta())).toBeLessThan(2e-3);
    for (const next of [[0.1, -0.3, 0.2, 0, 0, 0.5, 1, -1, 0.3, 0.2, 0.1]]) {
      expect(Math.abs(native.target(1, next, false) - tfjs.target(1, next, false))).toBeLessThan(1e-2);
    }
    tfjs.dispose();
    native.dispose();
  });

  it('gives the same run bit for bit for the same seed, and a tfjs checkpoint resumes on it exactly', async () => {
    await initBackend('wasm');
    const [a, b] = [agents(7).native, agents(7).native];
    for (let i = 0; i < 20; i++) {
      a.update();
      b.update();
    }
    const [sa, sb] = [await a.saveState(), await b.saveState()];
    for (const [name, t] of sa.tensors) expect(sb.tensors.get(name)!.data, name).toEqual(t.data);
    // a checkpoint of the tfjs engine restored on the native one (and back) holds the same numbers
    const { tfjs, native } = agents(8);
    for (let i = 0; i < 5; i++) tfjs.update();
    const saved = await tfjs.saveState();
    await native.loadState(saved);
    const moved = await native.saveState();
    for (const [name, t] of saved.tensors) expect(moved.tensors.get(name)!.data, name).toEqual(t.data);
    expect(moved.json).toEqual(saved.json);
    for (const x of [a, b, tfjs, native]) x.dispose();
  });

  it('resumes a run exactly on the native backend', async () => {
    const backend = await initBackend('native');
    const small = { policyHidden: [32, 32], criticHidden: [32, 32], startSteps: 300, updateAfter: 200, batchSize: 16 };
    await expectExactResume(resolveRunConfig({ algo: 'ddpg', env: 'InvertedPendulum-v2', seed: 2 }, { steps: 1500, evalInterval: 500, evalEpisodes: 2, ddpg: small }), backend, 40);
  });
});
