import type { Env } from '@gogepo/envs';
import type { GeneratorOptions } from '@gogepo/hypernet';
import type { Engine, PolicyLayout, Rng } from '@gogepo/nn';
import type { ObservationNormaliser } from './normaliser.js';
import type { NamedTensor } from './safetensors.js';

/** What an algorithm saves in a checkpoint: JSON-able numbers, and named float32 tensors. */
export interface AlgorithmState {
  json: Record<string, unknown>;
  tensors: Map<string, NamedTensor>;
}

/** What the driver hands an algorithm when it is built. */
export interface AlgorithmContext {
  layout: PolicyLayout;
  actionHigh: Float64Array;
  /** Where the algorithm runs its update and policy steps (the run chose it once, from its backend). */
  engine: Engine;
  /** The run's one random generator (shared with the driver). */
  rng: Rng;
  /** The run directory (for logs an algorithm keeps, e.g. GoGePo's buffer). */
  runDir: string;
  /** The time limit of the environment's episodes (step learners tell truncation from termination). */
  maxEpisodeSteps: number;
  /**
   * The run's observation statistics: every MLP policy of the run (training and
   * evaluation episodes) sees its observations through them. An algorithm that
   * normalises records into them and refreshes them by its own rule (GoGePo: step
   * by step; ARS: once per iteration); one that does not leaves them alone, and
   * they stay the identity. The driver saves them with each checkpoint.
   */
  normaliser: ObservationNormaliser;
}

/** What every algorithm has, whatever it learns from. */
interface AlgorithmBase {
  /** The deterministic policy the evaluation protocol runs. */
  evaluationPolicy(): Float32Array;
  /**
   * Runs the evaluation episodes itself, for policies that are not a plain
   * observation -> action MLP (UDRL's behaviour function takes a command too).
   * Without it the driver runs `evaluationPolicy()`.
   */
  evaluateEpisodes?(env: Env, seeds: number[]): number[];
  /** Numbers logged with each training episode (e.g. the command), read before it runs. */
  episodeInfo(): Record<string, number>;
  /** More numbers for the episode's log line, read after `tell` (GoGePo: its losses and V's prediction of the episode). */
  episodeDiagnostics?(): Record<string, number>;
  saveState(): Promise<AlgorithmState>;
  /**
   * What the run keeps of this stage of training for later analysis (GoGePo: its
   * generator), written to snapshots/ at evenly spaced points of the budget.
   */
  snapshot?(): Map<string, NamedTensor>;
  /** Restores a checkpoint; `readOnly` (eval / generate / sweep) leaves the run's files and replay data alone. */
  loadState(state: AlgorithmState, options?: { readOnly?: boolean }): Promise<void>;
  dispose(): void;
}

/** Learns from whole episodes of a proposed policy (ask / tell, as in evosax): GoGePo, ARS. */
export interface EpisodeAlgorithm extends AlgorithmBase {
  readonly kind: 'episode';
  /** The policy (flat theta) for the next training episode. */
  ask(): Float32Array;
  /**
   * Sees each raw observation of a training episode before the policy acts on it
   * (GoGePo records its statistics here, as its reference does).
   */
  onObservation?(observation: Float64Array): void;
  /**
   * Learn from the episode just run with `theta`. `observations` are the raw
   * observations its policy acted on, one row of the observation size each (ARS
   * records them into the statistics).
   */
  tell(theta: Float32Array, episodeReturn: number, observations: Float64Array): void;
}

/** One environment step, as a step learner sees it. */
export interface Transition {
  observation: Float64Array;
  action: Float64Array;
  reward: number;
  nextObservation: Float64Array;
  /** Ended inside the MDP; a time-limit truncation is not terminal. */
  terminated: boolean;
  /** Cut by the time limit (the episode is over, but not terminal). */
  truncated: boolean;
}

/** Acts and learns step by step: DDPG. */
export interface StepAlgorithm extends AlgorithmBase {
  readonly kind: 'step';
  /** The training action (exploration included) for an observation, written into `out`. */
  act(observation: Float64Array, out: Float64Array): Float64Array;
  /** Learn from one step (store it, and update on the algorithm's schedule). */
  observe(transition: Transition): void;
}

export type Algorithm = EpisodeAlgorithm | StepAlgorithm;

/**
 * An algorithm whose policies are written for a desired return (GoGePo's
 * generator): what `generate`, the command sweep and the policy map use.
 */
export interface CommandConditioned {
  /** The noise-free policy for a desired return (in return units), as a flat theta. */
  generate(command: number): Float32Array;
  /** The returns a command sweep covers by default ([r_min, r_max]). */
  readonly commandRange: { from: number; to: number };
  /** What the algorithm's evaluator sees of a policy (GoGePo: its actions on the probing states). */
  fingerprint(theta: Float32Array): Float32Array;
  /** Puts the generator back to a snapshot written during training (snapshots/). */
  loadGeneratorSnapshot(tensors: Map<string, NamedTensor>): void;
  /**
   * What a page needs to rebuild the generator as a tfjs `Generator`
   * (`@gogepo/hypernet`): its options, the command scale, and its flat
   * parameters now or in a snapshot's tensors (checked: a one-line error if they do not fit).
   */
  generatorView(snapshot?: Map<string, NamedTensor>): GeneratorView;
  /** The command of the noise-free evaluation policy (GoGePo: the best training return so far). */
  evaluationCommand(): number;
}

/** A generator as the viewer's page rebuilds it. */
export interface GeneratorView {
  /** `Generator`'s options (an algorithm's config may hold more fields; the generator reads its own). */
  options: GeneratorOptions;
  /** Commands are fed to G divided by this. */
  commandScale: number;
  /** G's parameters in `Generator.variables()` order, one flat array. */
  params: Float32Array;
}

export function isCommandConditioned(algorithm: Algorithm): algorithm is Algorithm & CommandConditioned {
  const a = algorithm as Partial<CommandConditioned>;
  return typeof a.generate === 'function' && typeof a.fingerprint === 'function' && typeof a.loadGeneratorSnapshot === 'function' && typeof a.generatorView === 'function' && typeof a.evaluationCommand === 'function' && a.commandRange !== undefined;
}
