import type { Env, StepResult } from '@gogepo/envs';
import type { StepAlgorithm } from './algorithm.js';
import type { ObservationNormaliser } from './normaliser.js';
import type { PolicyRunner } from './policy-runner.js';

export interface EpisodeResult {
  return: number;
  length: number;
  terminated: boolean;
  /** Raw observations the policy acted on (rows of the observation size), when asked for. */
  observations?: Float64Array;
}

/** An MLP policy as it acts in an environment: its weights, how it runs, and the statistics its observations are normalised with. */
export interface MlpPolicy {
  runner: PolicyRunner;
  theta: Float32Array;
  normaliser: ObservationNormaliser;
}

export interface EpisodeOptions {
  /** Keep the raw observations (in the result). */
  keepObservations?: boolean;
  /** Sees each raw observation before it is normalised. */
  onObservation?: (observation: Float64Array) => void;
  /** Sees each step's result, after the step (the viewer records the states it plays back). */
  onStep?: (step: StepResult) => void;
}

/** One episode of a policy on normalised observations; the return is the undiscounted sum of rewards. */
export function runEpisode(env: Env, policy: MlpPolicy, seed: number, options: EpisodeOptions = {}): EpisodeResult {
  const { runner, theta, normaliser } = policy;
  const obsSize = env.observationSpace.shape[0];
  const input = new Float64Array(obsSize);
  const action = new Float64Array(env.actionSpace.shape[0]);
  const observations = options.keepObservations ? new Float64Array(obsSize * (env.maxEpisodeSteps + 1)) : undefined;
  let obs = env.reset({ seed });
  let total = 0;
  let length = 0;
  for (;;) {
    observations?.set(obs, length * obsSize);
    options.onObservation?.(obs);
    runner.act(theta, normaliser.normalise(obs, input), action);
    const step = env.step(action);
    options.onStep?.(step);
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
