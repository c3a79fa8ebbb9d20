import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOf, fromTheta, initBackend, PolicyLayout, Rng, tidyData } from '@gogepo/nn';
import { GoGePo } from './gogepo.js';
import { gogepoConfig } from './config.js';
import { ObservationNormaliser } from '../normaliser.js';

/** Algorithm 1's own rules, each checked so that changing the rule fails a test. */

const layout = new PolicyLayout(3, 1, [32, 32]);

async function small(overrides: Record<string, unknown> = {}, normaliser = new ObservationNormaliser(layout.observationSize)): Promise<GoGePo> {
  const engine = engineOf(await initBackend());
  const config = gogepoConfig.parse({
    policyHidden: [32, 32], headHidden: [16], evaluatorHidden: [16], probingStates: 8, rMin: 0, rMax: 100, ...overrides,
  });
  const ctx = { layout, actionHigh: Float64Array.of(1), engine, rng: Rng.seeded(11), runDir: mkdtempSync(join(tmpdir(), 'gogepo-rules-')), maxEpisodeSteps: 100, normaliser };
  return new GoGePo(config, ctx);
}

/** D with 30 policies, and the batch the next update step will draw (drawn from a copy of the generator state). */
async function filledWithNextBatch(): Promise<{ g: GoGePo; batch: { theta: Float32Array; return: number }[] }> {
  const g = await small({ evaluatorSteps: 0, generatorSteps: 0 });
  for (let i = 0; i < 30; i++) g.tell(g.ask(), 3 * i);
  const rng = (g as unknown as { ctx: { rng: Rng } }).ctx.rng;
  const before = rng.state();
  const batch = g.buffer.sample(rng, 16);
  rng.restore(before);
  return { g, batch };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const value = (g: GoGePo, theta: Float32Array) => g.engine.predict(theta);

describe('GoGePo (Algorithm 1)', () => {
  it('commands the first episode with firstCommand, then best return so far + drive', async () => {
    const g = await small({ evaluatorSteps: 0, generatorSteps: 0, drive: 7, firstCommand: 3 });
    expect(g.command()).toBe(3);
    for (const r of [5, 12, 8]) {
      g.ask();
      expect(g.episodeInfo().command).toBe(g.command()); // the command logged is the one that made the policy
      g.tell(g.ask(), r);
    }
    expect(g.command()).toBe(12 + 7);
    g.dispose();
    const byDefault = await small({ evaluatorSteps: 0, generatorSteps: 0 });
    byDefault.tell(byDefault.ask(), 40);
    expect(byDefault.command()).toBe(40 + 20); // the paper's drive
    byDefault.dispose();
  });

  it('explores with N(0, noiseStd^2) added to every generated parameter, and evaluates G(best return) without noise', async () => {
    const g = await small({ evaluatorSteps: 0, generatorSteps: 0 });
    g.tell(g.ask(), 30);
    const clean = g.generate(g.command());
    const noisy = g.ask();
    const noise = noisy.map((x, i) => x - clean[i]);
    const mean = noise.reduce((s, x) => s + x, 0) / noise.length;
    const std = Math.sqrt(noise.reduce((s, x) => s + (x - mean) ** 2, 0) / (noise.length - 1));
    expect(Math.abs(mean)).toBeLessThan((4 * 0.1) / Math.sqrt(noise.length));
    expect(std).toBeGreaterThan(0.1 * 0.95);
    expect(std).toBeLessThan(0.1 * 1.05);
    // the evaluation policy is G at the best return itself: no drive, no noise
    expect(g.evaluationPolicy()).toEqual(g.generate(30));
    expect(g.evaluationPolicy()).not.toEqual(g.generate(30 + 20));
    g.dispose();
  });

  it('weights a policy drawn k times by k / batch: the loss is the mean squared error over all 16 draws', async () => {
    const { g, batch } = await filledWithNextBatch();
    expect(new Set(batch.map((b) => b.theta)).size).toBeLessThan(16); // recency weighting repeats the newest
    const expected = batch.reduce((sum, b) => sum + (value(g, b.theta) - b.return) ** 2, 0) / 16;
    expect(relative(g.evaluatorStep(), expected)).toBeLessThan(1e-4);
    g.dispose();
  });

  it("weights the generator's repeated returns the same way", async () => {
    const { g, batch } = await filledWithNextBatch();
    expect(new Set(batch.map((b) => b.return)).size).toBeLessThan(16);
    const expected = batch.reduce((sum, b) => sum + (value(g, g.generate(b.return)) - b.return) ** 2, 0) / 16;
    expect(relative(g.generatorStep(), expected)).toBeLessThan(1e-4);
    g.dispose();
  });
});

describe('observation statistics (the reference\'s rule)', () => {
  it('records every observation; normalises from the second episode on, with the statistics of every step so far', async () => {
    const statistics = new ObservationNormaliser(layout.observationSize);
    const g = await small({ evaluatorSteps: 0, generatorSteps: 0 }, statistics);
    const identity = { mean: [0, 0, 0], std: [1, 1, 1] };
    const applied = () => ({ mean: Array.from(statistics.applied().mean), std: Array.from(statistics.applied().std) });
    g.onObservation(Float64Array.of(1, 2, 3));
    g.onObservation(Float64Array.of(3, 2, 1));
    expect(applied()).toEqual(identity); // the first episode runs unnormalised
    g.tell(g.ask(), 5);
    expect(statistics.count).toBe(2);
    expect(applied().mean).toEqual([2, 2, 2]); // applied at its end
    g.onObservation(Float64Array.of(5, 2, 2));
    expect(statistics.count).toBe(3);
    expect(applied().mean).toEqual([3, 2, 2]); // then refreshed at every step
  });
});
