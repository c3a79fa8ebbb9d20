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
}

/** GET /api/snapshot/:id: a generator's flat parameters (base64 float32, in variables() order) and its observation statistics. */
export interface SnapshotData {
  params: string;
  mean: number[];
  std: number[];
}
