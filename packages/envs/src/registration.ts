import type { Env } from './types.js';

/** The paper's final return of one algorithm (mean ± std over its runs). */
export interface PaperResult {
  mean: number;
  std: number;
}

/**
 * How gogepo trains and evaluates on an environment: the facts a run's config
 * starts from. Every one is optional (defaults: DEFAULT_TRAINING); an
 * algorithm that needs one the registration lacks says so when a run is made.
 */
export interface EnvTraining {
  /** Environment steps of a full run (default 1,000,000). */
  steps?: number;
  /** Evaluate every this many environment steps (default 10,000). */
  evalInterval?: number;
  /**
   * The range of returns, both or neither: GoGePo feeds commands to its
   * generator as return / (rMax - rMin) and sweeps commands over it (without
   * it, a GoGePo run must set gogepo.rMin and gogepo.rMax).
   */
  rMin?: number;
  rMax?: number;
  /**
   * Options of the training episodes of algorithms that, as in the paper, learn
   * from a shaped reward (GoGePo and ARS on Hopper: no survival bonus).
   * Evaluation always uses the environment's defaults.
   */
  trainOptions?: Record<string, unknown>;
  /** Tuned values of an algorithm's config section, by algorithm name (e.g. ARS's step size), before the user's overrides. */
  tuned?: Record<string, Record<string, unknown>>;
}

/** What the paper reports for an environment (the bench report's reference numbers). */
export interface EnvPaperNumbers {
  /** Table 1: final return by algorithm name. */
  table1?: Record<string, PaperResult>;
  /** Mean return of uniformly random actions (the paper gives none: measured here). */
  randomReturn?: number;
}

/**
 * An environment as `register` takes it, Gymnasium style: an id, a factory
 * and its time limit, plus what gogepo needs to train on it. Everything the
 * environment itself knows (spaces, bounds, frame skip) is read from the
 * environment it creates.
 */
export interface EnvRegistration {
  id: string;
  /** Builds a fresh environment; options are the environment's own (validated by it). */
  create(options: Record<string, unknown>): Env | Promise<Env>;
  /** Episodes are truncated after this many steps (the created environment must agree). */
  maxEpisodeSteps: number;
  /** Option names `make` accepts, for `gogepo envs`. */
  options?: readonly string[];
  /** 'mujoco' or 'typescript' for the built-ins; any word for yours. */
  engine?: string;
  /** The MuJoCo model file in this package's `models/` folder (built-ins). */
  modelFile?: string;
  /** How gogepo trains on it (optional; see EnvTraining). */
  training?: EnvTraining;
  paper?: EnvPaperNumbers;
}

/** The budget and evaluation interval of an environment whose registration gives none. */
export const DEFAULT_TRAINING = { steps: 1_000_000, evalInterval: 10_000 } as const;

/** An environment's training facts with the defaults filled in (the one place they are). */
export function trainingFacts(registration: EnvRegistration): EnvTraining & { steps: number; evalInterval: number } {
  return { ...DEFAULT_TRAINING, ...registration.training };
}
