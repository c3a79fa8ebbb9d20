import type { RunData } from './collect.js';
import { groupRuns } from './collect.js';
import {
  performanceProfileCi, pooledIqm, pooledMean, probabilityOfImprovementCi, stratifiedBootstrap, type Interval,
} from './aggregate.js';
import { normalisation } from './paper.js';

/** The report's statistics section (Agarwal et al. 2021), over the final returns of finished runs. */
export interface Statistics {
  /** Per environment and algorithm, on raw final returns. */
  perEnv: { env: string; label: string; runs: number; mean: Interval; iqm: Interval }[];
  /** Per algorithm across environments, on normalised scores (paper.ts `normalisation`). */
  overall: { label: string; envs: string[]; runs: number; mean: Interval; iqm: Interval }[];
  /** P(X > Y) on the environments both have finished runs on. */
  improvement: { x: string; y: string; envs: string[]; p: Interval }[];
  /** Performance profiles on normalised scores: fraction of runs above tau. */
  profile: { label: string; tau: number; value: number; lo: number; hi: number }[];
  /** The thresholds of the profiles. */
  taus: number[];
}

/** Normalised final returns by algorithm, then environment (only environments with a normalisation). */
function normalisedScores(runs: RunData[]): Map<string, Map<string, number[]>> {
  const byLabel = new Map<string, Map<string, number[]>>();
  for (const [env, labels] of groupRuns(runs)) {
    const ref = normalisation(env);
    if (!ref) continue;
    for (const [label, group] of labels) {
      const scores = group.filter((r) => r.summary).map((r) => (r.summary!.finalReturn - ref.random) / (ref.best - ref.random));
      if (scores.length === 0) continue;
      const envs = byLabel.get(label) ?? new Map<string, number[]>();
      envs.set(env, scores);
      byLabel.set(label, envs);
    }
  }
  return byLabel;
}

export function statistics(runs: RunData[], taus = Array.from({ length: 31 }, (_, i) => -0.25 + (1.5 * i) / 30)): Statistics {
  const perEnv: Statistics['perEnv'] = [];
  for (const [env, labels] of groupRuns(runs)) {
    for (const [label, group] of labels) {
      const scores = group.filter((r) => r.summary).map((r) => r.summary!.finalReturn);
      if (scores.length === 0) continue;
      perEnv.push({ env, label, runs: scores.length, mean: stratifiedBootstrap([scores], pooledMean, 1), iqm: stratifiedBootstrap([scores], pooledIqm, 2) });
    }
  }
  const normalised = normalisedScores(runs);
  const overall: Statistics['overall'] = [];
  const profile: Statistics['profile'] = [];
  for (const [label, envs] of normalised) {
    const tasks = [...envs.values()];
    overall.push({
      label, envs: [...envs.keys()], runs: tasks.flat().length,
      mean: stratifiedBootstrap(tasks, pooledMean, 3), iqm: stratifiedBootstrap(tasks, pooledIqm, 4),
    });
    performanceProfileCi(tasks, taus, 5).forEach((b, i) => profile.push({ label, tau: taus[i], ...b }));
  }
  const labels = [...normalised.keys()];
  const improvement: Statistics['improvement'] = [];
  labels.forEach((x, i) =>
    labels.slice(i + 1).forEach((y) => {
      const envs = [...normalised.get(x)!.keys()].filter((e) => normalised.get(y)!.has(e));
      if (envs.length === 0) return;
      const p = probabilityOfImprovementCi(envs.map((e) => normalised.get(x)!.get(e)!), envs.map((e) => normalised.get(y)!.get(e)!), 6);
      improvement.push({ x, y, envs, p });
    }),
  );
  return { perEnv, overall, improvement, profile, taus };
}
