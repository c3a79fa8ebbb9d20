import type { Env } from '@gogepo/envs';
import type { StepAlgorithm } from './algorithm.js';
import type { ObservationNormaliser } from './normaliser.js';
import type { PolicyRunner } from './policy-runner.js';

export interface EpisodeResult {
  return: number;
  length: number;
  terminated: boolean;
  /** Raw observations seen (rows of observationSize), when asked for. */
  observations?: Float64Array;
}

/**
 * One episode of the policy theta on normalised observations; the return is the
 * undiscounted sum of rewards. With `collectObservations` the raw observations
 * are kept (to update the normaliser after the episode); `onObservation` sees
 * each raw observation before it is normalised (to update it step by step).
 */
export function runEpisode(
  env: Env,
  runner: PolicyRunner,
  theta: Float32Array,
  normaliser: ObservationNormaliser,
  seed: number,
  collectObservations = false,
  onObservation?: (obs: Float64Array) => void,
): EpisodeResult {
  const obsSize = env.observationSpace.shape[0];
  const input = new Float64Array(obsSize);
  const action = new Float64Array(env.actionSpace.shape[0]);
  const observations = collectObservations ? new Float64Array(obsSize * (env.maxEpisodeSteps + 1)) : undefined;
  let obs = env.reset({ seed });
  let total = 0;
  let length = 0;
  for (;;) {
    observations?.set(obs, length * obsSize);
    onObservation?.(obs);
    runner.act(theta, normaliser.normalise(obs, input), action);
    const step = env.step(action);
    total += step.reward;
    length += 1;
    obs = step.observation;
    if (step.terminated || step.truncated) {
      return { return: total, length, terminated: step.terminated, observations: observations?.subarray(0, length * obsSize) };
    }
  }
}

/** One training episode of a step learner: it picks each action (raw observations) and learns from each step. */
export function runStepwiseEpisode(env: Env, algorithm: StepAlgorithm, seed: number): { return: number; length: number } {
  const action = new Float64Array(env.actionSpace.shape[0]);
  let observation = env.reset({ seed });
  let total = 0;
  let length = 0;
  for (;;) {
    algorithm.act(observation, action);
    const step = env.step(action);
    algorithm.observe({ observation, action, reward: step.reward, nextObservation: step.observation, terminated: step.terminated, truncated: step.truncated });
    total += step.reward;
    length += 1;
    observation = step.observation;
    if (step.terminated || step.truncated) return { return: total, length };
  }
}
