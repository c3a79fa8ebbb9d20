import { z } from 'zod';
import type { AlgorithmContext, AlgorithmState, EpisodeAlgorithm } from '@gogepo/core';
import { boundedInt, checkState, hiddenSizes, populationStd } from '@gogepo/core';
import type { PolicyLayout, Rng } from '@gogepo/nn';

/**
 * ARS's hyperparameters (Mania et al. 2018, V2-t). An environment's registration
 * gives its tuned values (the GoGePo paper's, for the built-ins); one without
 * them gets the paper's Swimmer-v3 and Hopper-v3 values, the defaults here.
 */
export const arsConfig = z
  .object({
    policyHidden: hiddenSizes.default([256, 256]),
    /** alpha: the step size. */
    stepSize: z.number().positive().default(0.01),
    /** N: directions sampled per iteration (each evaluated at +noise and -noise). */
    directions: boundedInt(1, 1_000_000).default(8),
    /** b: the top directions (by max(r+, r-)) used in the update. */
    eliteDirections: boundedInt(1, 1_000_000).default(4),
    /** nu: the exploration noise (std of the parameter perturbation). */
    noise: z.number().positive().default(0.05),
    /**
     * The policy's starting weights: "torch", PyTorch's default Linear init (the
     * GoGePo paper's deep ARS); "zero", every weight and bias 0 (Mania et al.'s
     * linear ARS starts there). A choice to compare the two, not a paper value.
     */
    init: z.enum(['torch', 'zero']).default('torch'),
  })
  .strict()
  .refine((c) => c.eliteDirections <= c.directions, { message: 'eliteDirections must be at most directions', path: ['eliteDirections'] });
export type ArsConfig = z.output<typeof arsConfig>;

/** ARS's section of a checkpoint (its tensors: theta, delta/k). */
export const arsStateSchema = z
  .object({ next: z.number().int().nonnegative(), iterations: z.number().int().nonnegative(), returns: z.array(z.number().nullable()) })
  .strict();

/** PyTorch's default Linear init for every layer of the policy (the paper's ARS trains 2 x 256 tanh MLPs, not linear policies). */
export function torchInitTheta(layout: PolicyLayout, rng: Rng): Float32Array {
  const theta = new Float32Array(layout.size);
  for (const l of layout.layers) {
    const bound = 1 / Math.sqrt(l.in);
    rng.fillUniform(theta.subarray(l.wOffset, l.bOffset + l.out), -bound, bound);
  }
  return theta;
}

/**
 * Augmented Random Search, V2-t. Per iteration:
 *   draw N directions delta_k ~ N(0, I); run theta + nu delta_k and theta - nu delta_k
 *   (observation statistics frozen during the iteration, refreshed after it);
 *   keep the b directions with the largest max(r+, r-); sigma_R = std of their 2b returns;
 *   theta += alpha / (b sigma_R) * sum_k (r+_k - r-_k) delta_k.
 * The driver asks for one episode at a time: episode 2k is +delta_k, 2k+1 is -delta_k.
 */
export class ARS implements EpisodeAlgorithm {
  readonly kind = 'episode' as const;
  theta: Float32Array;
  private deltas: Float32Array[] = [];
  private returns: Float64Array;
  /** Index of the next episode within the iteration (0 .. 2N-1). */
  private next = 0;
  private iterations = 0;

  constructor(
    readonly config: ArsConfig,
    private readonly ctx: AlgorithmContext,
  ) {
    this.theta = config.init === 'zero' ? new Float32Array(ctx.layout.size) : torchInitTheta(ctx.layout, ctx.rng);
    this.returns = new Float64Array(2 * config.directions);
  }

  ask(): Float32Array {
    if (this.next === 0) {
      this.deltas = Array.from({ length: this.config.directions }, () => this.ctx.rng.fillNormal(new Float32Array(this.theta.length)));
    }
    const delta = this.deltas[this.next >> 1];
    const scale = (this.next % 2 === 0 ? 1 : -1) * this.config.noise;
    const candidate = new Float32Array(this.theta.length);
    for (let i = 0; i < candidate.length; i++) candidate[i] = this.theta[i] + scale * delta[i];
    return candidate;
  }

  /** Records the episode's observations; the policies of an iteration all see the statistics as of its start (V2). */
  tell(_theta: Float32Array, episodeReturn: number, observations: Float64Array): void {
    const statistics = this.ctx.normaliser;
    statistics.record(observations, observations.length / statistics.size);
    this.returns[this.next] = episodeReturn;
    this.next += 1;
    if (this.next < this.returns.length) return;
    this.update();
    this.next = 0;
    this.iterations += 1;
    statistics.refresh();
  }

  /** The ARS step on the finished iteration's returns. */
  update(): void {
    const { directions, eliteDirections, stepSize } = this.config;
    const order = Array.from({ length: directions }, (_, k) => k).sort(
      (a, b) => Math.max(this.returns[2 * b], this.returns[2 * b + 1]) - Math.max(this.returns[2 * a], this.returns[2 * a + 1]),
    );
    const elite = order.slice(0, eliteDirections);
    const kept = elite.flatMap((k) => [this.returns[2 * k], this.returns[2 * k + 1]]);
    const sigma = populationStd(kept);
    // All kept returns equal (e.g. both pendulum rollouts fell at the same step): no information, no step.
    if (sigma === 0) return;
    for (const k of elite) {
      const coefficient = (stepSize / (eliteDirections * sigma)) * (this.returns[2 * k] - this.returns[2 * k + 1]);
      const delta = this.deltas[k];
      for (let i = 0; i < this.theta.length; i++) this.theta[i] += coefficient * delta[i];
    }
  }

  evaluationPolicy(): Float32Array {
    return Float32Array.from(this.theta);
  }

  episodeInfo(): Record<string, number> {
    return { iteration: this.iterations, direction: this.next >> 1, sign: this.next % 2 === 0 ? 1 : -1 };
  }

  async saveState(): Promise<AlgorithmState> {
    const tensors = new Map([['theta', { shape: [this.theta.length], data: this.theta }]]);
    this.deltas.forEach((d, k) => tensors.set(`delta/${k}`, { shape: [d.length], data: d }));
    return { json: { next: this.next, iterations: this.iterations, returns: Array.from(this.returns) }, tensors };
  }

  async loadState(state: AlgorithmState): Promise<void> {
    const checked = checkState('ars', state, arsStateSchema);
    const size = this.theta.length;
    this.next = checked.json.next;
    this.iterations = checked.json.iterations;
    this.returns = Float64Array.from(checked.json.returns);
    this.theta = Float32Array.from(checked.tensor('theta', size).data);
    this.deltas = checked.series('delta').map((d, k) => Float32Array.from(checked.tensor(`delta/${k}`, size).data));
  }

  dispose(): void {}
}
