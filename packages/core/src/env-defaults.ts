/** Per-environment settings from the paper (spec/gogepo-method.md, spec/environments.md). */
export interface EnvDefaults {
  /** Environment steps of a full run. */
  steps: number;
  /** Evaluate every this many environment steps. */
  evalInterval: number;
  /** Command normalisation range for GoGePo. */
  rMin: number;
  rMax: number;
  /** Options of the training environment (evaluation always uses the defaults). */
  trainEnvOptions: Record<string, unknown>;
}

export const envDefaults: Record<string, EnvDefaults> = {
  'Swimmer-v3': { steps: 3_000_000, evalInterval: 10_000, rMin: -100, rMax: 365, trainEnvOptions: {} },
  // The paper trains GoGePo and ARS on Hopper without the +1 survival bonus; evaluation includes it.
  'Hopper-v3': { steps: 3_000_000, evalInterval: 10_000, rMin: -100, rMax: 3000, trainEnvOptions: { survivalBonus: false } },
  'InvertedPendulum-v2': { steps: 100_000, evalInterval: 1_000, rMin: 0, rMax: 1000, trainEnvOptions: {} },
  'MountainCarContinuous-v0': { steps: 100_000, evalInterval: 1_000, rMin: -100, rMax: 100, trainEnvOptions: {} },
};
