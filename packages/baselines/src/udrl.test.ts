import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EvaluationRecord, ObservationNormaliser, resolveRunConfig, Run } from '@gogepo/core';
import { initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { UDRL, udrlConfig } from './index.js';
import { expectExactResume } from './resume.testkit.js';

let backend = '';
beforeAll(async () => {
  backend = await initBackend('wasm');
});

function udrl(overrides: Record<string, unknown> = {}) {
  const config = udrlConfig.parse({ policyHidden: [8], activation: 'relu', lr: 1e-3, lastFew: 2, replayEpisodes: 3, warmupEpisodes: 1, episodesPerIteration: 1, updatesPerIteration: 2, batchSize: 4, ...overrides });
  return new UDRL(config, { layout: new PolicyLayout(2, 1, [8]), actionHigh: Float64Array.of(1), engine: 'tfjs', rng: Rng.seeded(0), runDir: '', maxEpisodeSteps: 100, normaliser: new ObservationNormaliser(2) });
}

/** Feeds one episode of `rewards` to the agent. */
function episode(agent: UDRL, rewards: number[]) {
  rewards.forEach((reward, t) =>
    agent.observe({ observation: Float64Array.of(t, 1), action: Float64Array.of(0.5), reward, nextObservation: Float64Array.of(t + 1, 1), terminated: t === rewards.length - 1, truncated: false }),
  );
}

describe('UDRL', () => {
  it('keeps the best episodes by return, at most replayEpisodes', () => {
    const agent = udrl();
    for (const rewards of [[1], [5, 5], [0, 0, 0], [3, 4], [2]]) episode(agent, rewards);
    expect(agent.replay.map((e) => e.total)).toEqual([10, 7, 2]);
    agent.dispose();
  });

  it('samples exploratory commands from the best lastFew episodes: horizon = mean length, return in [mean, mean + std]', () => {
    const agent = udrl();
    episode(agent, [5, 5]); // return 10, length 2
    episode(agent, [2, 2, 2, 0]); // return 6, length 4
    episode(agent, [1]); // not among the best 2
    for (let i = 0; i < 50; i++) {
      const c = agent.exploratoryCommand();
      expect(c.desiredHorizon).toBe(3);
      expect(c.desiredReturn).toBeGreaterThanOrEqual(8);
      expect(c.desiredReturn).toBeLessThanOrEqual(10);
    }
    expect(agent.exploratoryCommand(false)).toEqual({ desiredReturn: 10, desiredHorizon: 3 }); // evaluation: mean + std
    agent.dispose();
  });

  it('updates the command along the episode: return -= r, horizon -= 1 (at least 1)', () => {
    const agent = udrl({ warmupEpisodes: 5 });
    episode(agent, [4, 4]);
    const start = agent.episodeInfo();
    agent.observe({ observation: Float64Array.of(0, 1), action: Float64Array.of(0), reward: 1.5, nextObservation: Float64Array.of(1, 1), terminated: false, truncated: false });
    const after = agent.episodeInfo();
    expect(after.desiredReturn).toBeCloseTo(start.desiredReturn - 1.5, 12);
    expect(after.desiredHorizon).toBe(Math.max(start.desiredHorizon - 1, 1));
    agent.dispose();
  });

  it('takes the paper settings per environment', () => {
    expect(resolveRunConfig({ algo: 'udrl', env: 'InvertedPendulum-v2', seed: 0 }).udrl).toMatchObject({ lr: 1e-3, activation: 'tanh', lastFew: 1 });
    expect(resolveRunConfig({ algo: 'udrl', env: 'Hopper-v3', seed: 0 }).udrl).toMatchObject({ lr: 1e-5, activation: 'relu', lastFew: 10, actionNoise: 0.1 });
    // the paper's values, and ours where it gives none: Swimmer-v3 explores with noise 0.5 (a sweep chose it; evidence/udrl-swimmer-sweep)
    expect(resolveRunConfig({ algo: 'udrl', env: 'Swimmer-v3', seed: 0 }).udrl).toMatchObject({ lr: 1e-3, activation: 'relu', lastFew: 10, actionNoise: 0.5 });
  });
});

describe('UDRL runs', () => {
  const config = (steps: number, seed = 0) =>
    resolveRunConfig({ algo: 'udrl', env: 'InvertedPendulum-v2', seed }, { steps, evalInterval: 1000, evalEpisodes: 3, udrl: { policyHidden: [64, 64] } });

  it('improves on InvertedPendulum-v2 within 8,000 steps', async () => {
    const run = await Run.start(mkdtempSync(join(tmpdir(), 'gogepo-udrl-')), config(8000), backend);
    const evaluations: EvaluationRecord[] = [];
    await run.train({ onEvaluation: (e) => evaluations.push(e) });
    run.close();
    const means = evaluations.map((e) => e.mean);
    expect(Math.max(...means.slice(-3))).toBeGreaterThan(2 * means[0]);
  });

  it('resumes exactly', async () => {
    await expectExactResume(config(2500, 4), backend, 25);
  });
});
