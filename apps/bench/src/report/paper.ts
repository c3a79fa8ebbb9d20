/** Paper table 1 (final return, mean ± std over 20 runs), by environment and algorithm. */
export const paperTable1: Record<string, Record<string, { mean: number; std: number }>> = {
  'Swimmer-v3': { gogepo: { mean: 334, std: 16 }, ars: { mean: 342, std: 21 }, ddpg: { mean: 129, std: 25 }, udrl: { mean: 78, std: 17 } },
  'MountainCarContinuous-v0': { gogepo: { mean: 93, std: 1 }, ars: { mean: 55, std: 33 }, ddpg: { mean: -1, std: 0.01 }, udrl: { mean: -3, std: 0.3 } },
  'Hopper-v3': { gogepo: { mean: 2589, std: 300 }, ars: { mean: 2340, std: 199 }, ddpg: { mean: 1634, std: 1036 }, udrl: { mean: 1010, std: 78 } },
  'InvertedPendulum-v2': { gogepo: { mean: 980, std: 40 }, ars: { mean: 936, std: 42 }, ddpg: { mean: 960, std: 175 }, udrl: { mean: 219, std: 299 } },
};

/**
 * Score normalisation across environments: (R - random) / (best - random), with
 * best = the highest mean return in the paper's table 1 (any algorithm) and
 * random = the mean return of a uniformly random policy, which the paper does
 * not give: measured here over 100 episodes with
 * `gogepo rollout --env ENV --episodes 100 --seed 0`.
 */
export const normalisation: Record<string, { random: number; best: number }> = {
  'Swimmer-v3': { random: 0.27, best: 342 },
  'MountainCarContinuous-v0': { random: -33.32, best: 93 },
  'Hopper-v3': { random: 18.13, best: 2589 },
  'InvertedPendulum-v2': { random: 6.17, best: 980 },
};

export const normalisationText =
  "normalised score = (R - random) / (best - random): best is the highest mean in the paper's table 1 for the environment, random the mean return of uniformly random actions over 100 episodes (measured here; the paper gives none)";
