/** Paper table 1 (final return, mean ± std over 20 runs), by environment and algorithm. */
export const paperTable1: Record<string, Record<string, { mean: number; std: number }>> = {
  'Swimmer-v3': { gogepo: { mean: 334, std: 16 }, ars: { mean: 342, std: 21 }, ddpg: { mean: 129, std: 25 }, udrl: { mean: 78, std: 17 } },
  'MountainCarContinuous-v0': { gogepo: { mean: 93, std: 1 }, ars: { mean: 55, std: 33 }, ddpg: { mean: -1, std: 0.01 }, udrl: { mean: -3, std: 0.3 } },
  'Hopper-v3': { gogepo: { mean: 2589, std: 300 }, ars: { mean: 2340, std: 199 }, ddpg: { mean: 1634, std: 1036 }, udrl: { mean: 1010, std: 78 } },
  'InvertedPendulum-v2': { gogepo: { mean: 980, std: 40 }, ars: { mean: 936, std: 42 }, ddpg: { mean: 960, std: 175 }, udrl: { mean: 219, std: 299 } },
};
