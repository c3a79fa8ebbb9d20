import type { Env } from '@gogepo/envs';
import { deriveSeed } from '@gogepo/random';
import type { ObservationNormaliser } from './normaliser.js';
import type { PolicyRunner } from './policy-runner.js';
import { runEpisode } from './rollout.js';

/** Seed of test episode j of evaluation i in a run seeded `runSeed` (a hash of the three: fixed, so evaluations are reproducible). */
export function evaluationSeed(runSeed: number, evaluation: number, episode: number): number {
  return deriveSeed(runSeed, 'evaluation', evaluation, episode);
}

/** Runs `seeds.length` deterministic test episodes; the normaliser is used, not updated. */
export function evaluatePolicy(
  env: Env,
  runner: PolicyRunner,
  theta: Float32Array,
  normaliser: ObservationNormaliser,
  seeds: number[],
): number[] {
  return seeds.map((seed) => runEpisode(env, runner, theta, normaliser, seed).return);
}
