import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { make } from '@gogepo/envs';
import { initBackend, Rng } from '@gogepo/nn';
import { evaluationSeed } from '../evaluation.js';
import { Run } from '../run.js';
import type { EvaluationRecord } from '../run-directory.js';
import { resolveRunConfig } from '../index.js'; // registers GoGePo

let backend = '';
beforeAll(async () => {
  backend = await initBackend('wasm');
});

/** Return of uniformly random actions on the same episodes the evaluations use. */
async function randomPolicyReturn(seed: number, episodes: number): Promise<number> {
  const env = await make('MountainCarContinuous-v0');
  const rng = Rng.seeded(seed);
  let total = 0;
  try {
    for (let j = 0; j < episodes; j++) {
      env.reset({ seed: evaluationSeed(seed, 0, j) });
      for (;;) {
        const r = env.step([rng.uniformIn(-1, 1)]);
        total += r.reward;
        if (r.terminated || r.truncated) break;
      }
    }
  } finally {
    env.close();
  }
  return total / episodes;
}

describe('GoGePo learns', () => {
  // Small networks so that this runs in seconds on CI. At these widths the paper's
  // generator learning rate (2e-6, tuned for 256-wide heads) barely moves G, so the
  // test uses 1e-4 and 5 generator steps per episode; the bench runs the paper's settings.
  it('MountainCarContinuous: the generated (noise-free) policy reaches the goal and beats a random policy', async () => {
    const config = resolveRunConfig(
      { algo: 'gogepo', env: 'MountainCarContinuous-v0', seed: 0 },
      {
        steps: 40_000,
        evalInterval: 4_000,
        evalEpisodes: 3,
        gogepo: { policyHidden: [64, 64], headHidden: [64], evaluatorHidden: [64], probingStates: 50, generatorLr: 1e-4, generatorSteps: 5 },
      },
    );
    const run = await Run.start(mkdtempSync(join(tmpdir(), 'gogepo-learn-')), config, backend);
    const evaluations: EvaluationRecord[] = [];
    await run.train({ onEvaluation: (e) => evaluations.push(e) });
    run.close();
    const means = evaluations.map((e) => e.mean);
    const random = await randomPolicyReturn(0, 3);
    expect(random).toBeLessThan(0);
    expect(Math.max(...means)).toBeGreaterThan(80); // the car reaches the flag (+100) with little energy spent
    const lastThree = means.slice(-3).reduce((s, x) => s + x, 0) / 3;
    expect(lastThree).toBeGreaterThan(random + 50);
  });
});
