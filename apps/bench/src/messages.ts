import type { RunConfig } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import type { Suite } from './suite.js';

/** A failed run's error (with its stack), in its run directory; removed once the run finishes. */
export const BENCH_ERROR_FILE = 'bench-error.txt';

/** What the bench asks a worker process to do: train (or resume) one run, then analyse it. */
export interface WorkerJob {
  dir: string;
  config: RunConfig;
  backend: BackendChoice;
  analysis: Pick<Suite, 'sweep' | 'policyMap'>;
  /** The modules the operator named (--require): the only ones the run directory may make the worker load. */
  modules: readonly string[];
}

/** What a worker reports back. */
export type WorkerMessage =
  | { type: 'started'; backend: string; steps: number; budget: number }
  | { type: 'progress'; steps: number; budget: number; lastEvaluation: number | null }
  | { type: 'phase'; phase: string }
  | { type: 'finished'; finalReturn: number }
  | { type: 'stopped'; steps: number }
  | { type: 'failed'; message: string };
