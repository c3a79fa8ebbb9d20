import type { GeneratorOptions } from '@gogepo/hypernet';

/** What the viewer's server (src/commands/view.ts) tells the page: GET /api/info. */
export interface ViewerInfo {
  /** The run directory or policy file being viewed. */
  source: string;
  env: string;
  layout: { observationSize: number; actionSize: number; hidden: number[]; hiddenActivation: 'tanh' | 'relu' };
  actionHigh: number[];
  /** Base seed of the episodes (as `gogepo eval` and `gogepo sweep`: episode i gets a hash of it and i). */
  seed: number;
  /** A run's generator; absent for a policy file. */
  generator?: {
    options: GeneratorOptions;
    /** Commands are fed to G as return / commandScale. */
    commandScale: number;
    range: { from: number; to: number };
    /** The noise-free best policy's command. */
    evaluationCommand: number;
    /** Snapshots to choose from, oldest first; the last is the final generator. */
    snapshots: { id: string; label: string; steps: number }[];
    /** The run's command sweep (sweep.json), if it has one. */
    sweep?: { command: number; mean: number }[];
  };
  /** A policy file's own weights and statistics. */
  policy?: { theta: number[]; mean: number[]; std: number[]; command?: number };
  /**
   * Present when the page cannot make the environment itself (one a user's
   * module registers): the server steps each episode in Node and the page
   * plays it back from GET /api/episode.
   */
  remote?: {
    /** Simulated seconds per environment step (0.02 when the environment has none). */
    dt: number;
    /** A MuJoCo environment's own model, which the page draws at each recorded qpos. */
    model?: { xml: string; nq: number };
  };
}

/** GET /api/snapshot/:id: a generator's flat parameters (base64 float32, in variables() order) and its observation statistics. */
export interface SnapshotData {
  params: string;
  mean: number[];
  std: number[];
}

/**
 * GET /api/episode?index=I[&snapshot=ID&ask=R]: one episode of the policy (a
 * run's generator at `ask`, from a snapshot; else the run's or file's
 * policy) on the viewer's episode seed I, stepped by the server.
 */
export interface EpisodeData {
  /** thetaHash of the policy that acted. */
  thetaHash: string;
  /** Each step's reward. */
  rewards: number[];
  /** The raw observations, the start's and then each step's (steps + 1 rows), base64 float32. */
  observations: string;
  /** A MuJoCo environment's qpos at the same states (steps + 1 rows), base64 float64. */
  qpos?: string;
}
