import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { make } from '@gogepo/envs';
import { type EvaluationRecord, ObservationNormaliser, PolicyRunner, resolveRunConfig, Run, runStepwiseEpisode } from '@gogepo/core';
import { initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { DDPG, ddpgConfig } from './index.js';
import { expectExactResume } from './resume.testkit.js';

let backend = '';
beforeAll(async () => {
  backend = await initBackend('wasm');
});

function ddpg(overrides: Record<string, unknown> = {}, obs = 3, act = 1) {
  const config = ddpgConfig.parse({ policyHidden: [8, 8], criticHidden: [8, 8], batchSize: 4, startSteps: 10, updateAfter: 5, updateEvery: 5, ...overrides });
  const layout = new PolicyLayout(obs, act, config.policyHidden, 'relu');
  return { agent: new DDPG(config, { layout, actionHigh: Float64Array.of(2), engine: 'tfjs', rng: Rng.seeded(0), runDir: '', maxEpisodeSteps: 100, normaliser: new ObservationNormaliser(layout.observationSize) }), layout };
}

/** A ReLU MLP forward pass in plain JS from [in, out] weight arrays. */
function forward(layers: { w: number[][]; b: number[] }[], x: number[]): number[] {
  let h = x;
  layers.forEach((l, k) => {
    const out = l.b.map((b, o) => h.reduce((s, xi, i) => s + xi * l.w[i][o], b));
    h = k < layers.length - 1 ? out.map((v) => Math.max(0, v)) : out;
  });
  return h;
}

const transition = (i: number, terminated = false) => ({
  observation: Float64Array.of(i, -i, 0.5), action: Float64Array.of(0.1 * i), reward: i, nextObservation: Float64Array.of(i + 1, 0, 0), terminated, truncated: false,
});

describe('DDPG', () => {
  it('targets r + gamma (1 - d) Q_targ(s\', mu_targ(s\'))', () => {
    const { agent, layout } = ddpg();
    const next = [0.3, -0.2, 0.7];
    // at the start the targets equal the online networks
    const mu = new PolicyRunner(layout, [2], { native: false }).act(agent.evaluationPolicy(), next, new Float64Array(1));
    const tensors = agent.engine.state().tensors;
    const critic = [0, 1, 2].map((l) => {
      const w = tensors.get(`critic/${l}/w`)!;
      const [rows, cols] = w.shape;
      return { w: Array.from({ length: rows }, (_, i) => Array.from(w.data.subarray(i * cols, (i + 1) * cols))), b: Array.from(tensors.get(`critic/${l}/b`)!.data) };
    });
    const q = forward(critic, [...next, mu[0]])[0];
    expect(agent.target(1.5, next, false)).toBeCloseTo(1.5 + 0.99 * q, 4);
    expect(agent.target(1.5, next, true)).toBe(1.5);
    agent.dispose();
  });

  it('moves the target networks by polyak averaging after each update: targ = 0.995 targ + 0.005 online', () => {
    const { agent } = ddpg();
    for (let i = 0; i < 4; i++) agent.replay.push(transition(i));
    const pick = (...names: string[]) => {
      const tensors = agent.engine.state().tensors;
      return names.map((n) => tensors.get(n)!.data);
    };
    const before = pick('criticTarget/1/w', 'actorTarget/0/b');
    agent.update();
    const online = pick('critic/1/w', 'actor/0/b');
    const after = pick('criticTarget/1/w', 'actorTarget/0/b');
    expect(online[0]).not.toEqual(before[0]); // the critic moved
    after.forEach((t, k) => t.forEach((v, i) => expect(v).toBeCloseTo(0.995 * before[k][i] + 0.005 * online[k][i], 6)));
    agent.dispose();
  });

  it('acts uniformly at random for the first startSteps steps, then actor + clipped noise', () => {
    const { agent } = ddpg({ startSteps: 3, updateAfter: 1000 });
    const out = new Float64Array(1);
    const early = [0, 1, 2].map((i) => {
      const a = agent.act(Float64Array.of(0, 0, 0), out)[0];
      agent.observe(transition(i));
      return a;
    });
    early.forEach((a) => expect(Math.abs(a)).toBeLessThanOrEqual(2));
    expect(new Set(early).size).toBe(3);
    const deterministic = agent.evaluationPolicy();
    const later = agent.act(Float64Array.of(0, 0, 0), out)[0];
    expect(deterministic.length).toBeGreaterThan(0);
    expect(Math.abs(later)).toBeLessThanOrEqual(2);
    agent.dispose();
  });

  it('updates updateEvery times every updateEvery steps once past updateAfter', () => {
    const { agent } = ddpg({ updateAfter: 10, updateEvery: 5 });
    const updates = () => agent.episodeInfo().updates;
    for (let i = 0; i < 9; i++) agent.observe(transition(i));
    expect(updates()).toBe(0);
    agent.observe(transition(9)); // step 10
    expect(updates()).toBe(5);
    for (let i = 10; i < 14; i++) agent.observe(transition(i));
    expect(updates()).toBe(5);
    agent.observe(transition(14)); // step 15
    expect(updates()).toBe(10);
    agent.dispose();
  });

  it('does not treat a time-limit truncation as terminal', async () => {
    const env = await make('MountainCarContinuous-v0');
    const config = ddpgConfig.parse({ policyHidden: [8], criticHidden: [8], startSteps: 100_000, updateAfter: 100_000 });
    const agent = new DDPG(config, { layout: new PolicyLayout(2, 1, [8], 'relu'), actionHigh: Float64Array.of(1), engine: 'tfjs', rng: Rng.seeded(1), runDir: '', maxEpisodeSteps: 999, normaliser: new ObservationNormaliser(2) });
    const episode = runStepwiseEpisode(env, agent, 3);
    env.close();
    if (episode.length === 999) expect(agent.replay.terminals.reduce((s, d) => s + d, 0)).toBe(0);
    else expect(agent.replay.terminals[episode.length - 1]).toBe(1); // reached the goal: terminal
    expect(agent.replay.size).toBe(episode.length);
    agent.dispose();
  });
});

describe('DDPG runs', () => {
  const small = { policyHidden: [32, 32], criticHidden: [32, 32], startSteps: 1000, updateAfter: 500 };

  it('keeps Hopper\'s survival bonus and the spinning-up defaults', () => {
    const c = resolveRunConfig({ algo: 'ddpg', env: 'Hopper-v3', seed: 0 });
    expect(c.trainEnvOptions).toEqual({});
    expect(c.ddpg).toMatchObject({ batchSize: 128, actorLr: 1e-3, criticLr: 1e-3, replaySize: 100_000, gamma: 0.99, polyak: 0.995, actionNoise: 0.1, startSteps: 10_000, updateAfter: 1000, updateEvery: 50 });
  });

  it('learns to balance InvertedPendulum-v2 far longer than a random policy in 6,000 steps', async () => {
    const config = resolveRunConfig({ algo: 'ddpg', env: 'InvertedPendulum-v2', seed: 0 }, { steps: 6000, evalInterval: 1000, evalEpisodes: 3, ddpg: small });
    const run = await Run.start(mkdtempSync(join(tmpdir(), 'gogepo-ddpg-')), config, backend);
    const evaluations: EvaluationRecord[] = [];
    await run.train({ onEvaluation: (e) => evaluations.push(e) });
    run.close();
    // a uniformly random policy on InvertedPendulum lasts about 5-10 steps
    expect(Math.max(...evaluations.map((e) => e.mean))).toBeGreaterThan(30);
  });

  it('resumes exactly', async () => {
    await expectExactResume(resolveRunConfig({ algo: 'ddpg', env: 'InvertedPendulum-v2', seed: 2 }, { steps: 1500, evalInterval: 500, evalEpisodes: 2, ddpg: { ...small, startSteps: 300, updateAfter: 200, batchSize: 16 } }), backend, 40);
  });
});

describe('DDPG and the survival-bonus rule', () => {
  it("trains on Hopper's own reward (bonus kept), while ARS follows the registration (no bonus)", () => {
    expect(resolveRunConfig({ algo: 'ddpg', env: 'Hopper-v3', seed: 0 }).trainEnvOptions).toEqual({});
    expect(resolveRunConfig({ algo: 'ars', env: 'Hopper-v3', seed: 0 }).trainEnvOptions).toEqual({ survivalBonus: false });
    // Gymnasium's v5 set: ARS drops the survival bonus with healthyReward 0 (what the environment pays as reward_survive), DDPG and UDRL keep it
    for (const env of ['Hopper-v5', 'Walker2d-v5', 'Ant-v5']) {
      expect(resolveRunConfig({ algo: 'ars', env, seed: 0 }).trainEnvOptions, env).toEqual({ healthyReward: 0 });
      expect(resolveRunConfig({ algo: 'ddpg', env, seed: 0 }).trainEnvOptions, env).toEqual({});
      expect(resolveRunConfig({ algo: 'udrl', env, seed: 0 }).trainEnvOptions, env).toEqual({});
    }
  });
});
