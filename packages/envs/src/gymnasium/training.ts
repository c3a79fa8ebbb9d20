import type { EnvTraining } from '../registration.js';

/**
 * gogepo's training facts for a v5 environment. The paper has no v5 numbers:
 * a run is 1M steps (what CleanRL and the SB3 zoo report at), evaluated every
 * 10k; the return range GoGePo needs is set from the returns published at 1M
 * steps and from random actions (README "Gymnasium's v5 environments"); no
 * tuned values, so ARS and UDRL use their general defaults. Where the
 * environment pays a survival bonus, GoGePo and ARS train without it, as the
 * paper does on Hopper: `healthyReward: 0` removes exactly the
 * `reward_survive` term Gymnasium pays (none on the step that ends unhealthy),
 * where subtracting 1 from every reward would remove one too many.
 */
export function gymnasiumTraining(facts: { rMin: number; rMax: number; survivalBonus?: boolean }): EnvTraining {
  return {
    steps: 1_000_000,
    evalInterval: 10_000,
    rMin: facts.rMin,
    rMax: facts.rMax,
    ...(facts.survivalBonus ? { trainOptions: { healthyReward: 0 } } : {}),
  };
}
