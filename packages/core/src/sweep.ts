import { episodeSeeds } from '@gogepo/random';
import { evaluatePolicy } from './evaluation.js';
import type { Run } from './run.js';
import { mean, populationStd } from './statistics.js';

export interface SweepRow {
  asked: number;
  achieved: number;
  std: number;
  returns: number[];
}

export interface SweepOptions {
  /** First command (default: the run's rMin). */
  from?: number;
  /** Last command (default: the run's rMax). */
  to?: number;
  /** Number of commands, evenly spaced (the paper: 21). */
  n: number;
  /** Test episodes per command. */
  episodes: number;
  /** Base seed of the test episodes (episode i: `deriveSeed(seed, 'episode', i)`; the same episodes for every command). */
  seed: number;
}


/** Evenly spaced commands from `from` to `to` (one command: `from`). */
export function sweepCommands(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? from : from + ((to - from) * i) / (n - 1)));
}

/**
 * The command sweep of paper fig. 6: the run's generator writes a policy for
 * each asked return, and each runs `episodes` noise-free test episodes.
 */
export function commandSweep(run: Run, options: SweepOptions, onRow?: (row: SweepRow) => void): SweepRow[] {
  const algorithm = run.conditioned;
  const seeds = episodeSeeds(options.seed, options.episodes);
  return sweepCommands(options.from ?? algorithm.commandRange.from, options.to ?? algorithm.commandRange.to, options.n).map((asked) => {
    const theta = algorithm.generate(asked);
    const returns = evaluatePolicy(run.evaluationEnv, { runner: run.policyRunner, theta, normaliser: run.observationNormaliser }, seeds);
    const achieved = mean(returns);
    const row = { asked, achieved, std: populationStd(returns), returns };
    onRow?.(row);
    return row;
  });
}

/** Writes sweep rows as CSV (asked,achieved,std). */
export function sweepCsv(rows: SweepRow[]): string {
  return ['asked,achieved,std', ...rows.map((r) => `${r.asked},${r.achieved},${r.std}`)].join('\n') + '\n';
}
