import type { Env } from '@gogepo/envs';
import { deriveSeed } from '@gogepo/random';
import type { Algorithm } from './algorithm.js';
import type { ObservationNormaliser } from './normaliser.js';
import type { PolicyRunner } from './policy-runner.js';
import { runEpisode, type MlpPolicy } from './rollout.js';
import { mean, sum } from './statistics.js';

/** Seed of test episode j of evaluation i in a run seeded `runSeed` (a hash of the three: fixed, so evaluations are reproducible). */
export function evaluationSeed(runSeed: number, evaluation: number, episode: number): number {
  return deriveSeed(runSeed, 'evaluation', evaluation, episode);
}

/** Runs `seeds.length` deterministic test episodes; the normaliser is used, not updated. */
export function evaluatePolicy(env: Env, policy: MlpPolicy, seeds: number[]): number[] {
  return seeds.map((seed) => runEpisode(env, policy, seed).return);
}

/** The paper's "final return": the mean of the last 20 evaluation means. */
export function finalReturn(means: number[]): number {
  const last20 = means.slice(-20);
  return sum(last20) / Math.max(last20.length, 1);
}

export interface EvaluationSetup {
  /** The evaluation environment (not the training one: its episodes must not disturb training's). */
  env: Env;
  runner: PolicyRunner;
  normaliser: ObservationNormaliser;
  algorithm: Algorithm;
  runSeed: number;
  /** Test episodes per evaluation. */
  episodes: number;
}

/**
 * The evaluation protocol: evaluation i runs `episodes` test episodes of the
 * algorithm's deterministic policy, on its own environment instance, with seeds
 * hashed from (run seed, i, j): every algorithm and every evaluation of a run is
 * tested on the same fixed episodes, none of them a training episode.
 */
export class EvaluationProtocol {
  constructor(private readonly setup: EvaluationSetup) {}

  /** The returns of evaluation `index`, and their mean. */
  evaluate(index: number): { mean: number; returns: number[] } {
    const seeds = Array.from({ length: this.setup.episodes }, (_, j) => evaluationSeed(this.setup.runSeed, index, j));
    const returns = this.returns(seeds);
    return { mean: mean(returns), returns };
  }

  /** Test episodes of the algorithm's deterministic policy on the given seeds (also `gogepo eval`). */
  returns(seeds: number[]): number[] {
    const { env, runner, normaliser, algorithm } = this.setup;
    if (algorithm.evaluateEpisodes) return algorithm.evaluateEpisodes(env, seeds);
    return evaluatePolicy(env, { runner, theta: algorithm.evaluationPolicy(), normaliser }, seeds);
  }
}
