import { envIds, envSpec, type PaperResult } from '@gogepo/envs';

/** The registration of a registered environment (a run's environment may come from a module not loaded here). */
const registered = (env: string) => (envIds().includes(env) ? envSpec(env) : undefined);

/** Paper table 1 (final return, mean ± std over 20 runs) for an algorithm on an environment, from its registration. */
export function paperResult(env: string, algo: string): PaperResult | undefined {
  return registered(env)?.paper?.table1?.[algo];
}

/**
 * Score normalisation across environments: (R - random) / (best - random), with
 * best = the highest mean return in the paper's table 1 (any algorithm) and
 * random = the mean return of a uniformly random policy, which the paper does
 * not give: measured here over 100 episodes with
 * `gogepo rollout --env ENV --episodes 100 --seed 0` (each registration's `paper.randomReturn`).
 */
export function normalisation(env: string): { random: number; best: number } | undefined {
  const paper = registered(env)?.paper;
  if (!paper?.table1 || paper.randomReturn === undefined) return undefined;
  return { random: paper.randomReturn, best: Math.max(...Object.values(paper.table1).map((r) => r.mean)) };
}

export const normalisationText =
  "normalised score = (R - random) / (best - random): best is the highest mean in the paper's table 1 for the environment, random the mean return of uniformly random actions over 100 episodes (measured here; the paper gives none)";
