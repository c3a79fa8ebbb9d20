import { z } from 'zod';
import type { AlgorithmContext, AlgorithmState, StepAlgorithm, Transition } from '@gogepo/core';
import { boundedInt, checkState, hiddenSizes, PolicyRunner } from '@gogepo/core';
import { torchMlp } from '@gogepo/nn';
import { TfjsDdpgEngine, type DdpgEngine, type DdpgEngineSpec } from './ddpg-engine.js';
import { NativeDdpgEngine } from './ddpg-native.js';
import { TransitionReplay } from './transition-replay.js';

/** DDPG's hyperparameters: spinning-up's defaults, as the GoGePo paper used (appendix A.1). */
export const ddpgConfig = z
  .object({
    policyHidden: hiddenSizes.default([256, 256]),
    criticHidden: hiddenSizes.default([256, 256]),
    batchSize: boundedInt(1, 1_000_000).default(128),
    actorLr: z.number().positive().default(1e-3),
    criticLr: z.number().positive().default(1e-3),
    replaySize: boundedInt(1, 1_000_000_000).default(100_000),
    gamma: z.number().min(0).max(1).default(0.99),
    polyak: z.number().min(0).max(1).default(0.995),
    /** Std of the Gaussian noise added to the actor's action in training (absolute, as spinning-up). */
    actionNoise: z.number().nonnegative().default(0.1),
    /** Uniformly random actions for this many first steps. */
    startSteps: boundedInt(0, 1e12).default(10_000),
    /** No update before this many steps. */
    updateAfter: boundedInt(0, 1e12).default(1_000),
    /** Every this many steps, this many updates. */
    updateEvery: boundedInt(1, 1e12).default(50),
    /** Threads of each learning step's matrix products on the native engine (the same bits for any count; tfjs ignores it). */
    updateThreads: boundedInt(1, 64).default(1),
  })
  .strict();
export type DdpgConfig = z.output<typeof ddpgConfig>;

const count = z.number().int().nonnegative();
/** DDPG's section of a checkpoint (its tensors: the four networks, both Adams' moments, the replay arrays). */
export const ddpgStateSchema = z
  .object({ steps: count, updates: count, replay: z.object({ size: count, next: count }).strict(), actorAdamSteps: count, criticAdamSteps: count })
  .strict();

/**
 * DDPG (Lillicrap et al. 2016) as spinning-up implements it: a ReLU actor
 * (tanh output times the action bound) and a ReLU critic Q(s, a), target
 * networks updated by polyak averaging, Gaussian action noise, uniform random
 * actions first, `updateEvery` updates every `updateEvery` steps, and a
 * time-limit truncation that is not terminal. Observations are not normalised.
 * The networks and their learning step live in an engine (ddpg-engine.ts):
 * the native addon's kernels where the backend has them, else tfjs.
 */
export class DDPG implements StepAlgorithm {
  readonly kind = 'step' as const;
  readonly engine: DdpgEngine;
  readonly replay: TransitionReplay;
  private readonly runner: PolicyRunner;
  private actorTheta: Float32Array;
  /** Environment steps seen in training. */
  steps = 0;
  private updates = 0;

  constructor(
    readonly config: DdpgConfig,
    private readonly ctx: AlgorithmContext,
  ) {
    const { observationSize: obs, actionSize: act } = ctx.layout;
    // PyTorch's init, drawn from the run's Rng in the same order whatever the engine: the actor, then the critic
    const initial = { actor: torchMlp(ctx.rng, [obs, ...config.policyHidden, act]), critic: torchMlp(ctx.rng, [obs + act, ...config.criticHidden, 1]) };
    const spec: DdpgEngineSpec = {
      layout: ctx.layout, actionHigh: ctx.actionHigh, criticHidden: config.criticHidden, actorLr: config.actorLr, criticLr: config.criticLr, gamma: config.gamma, polyak: config.polyak,
    };
    this.engine = ctx.engine === 'native' ? new NativeDdpgEngine(spec, initial, config.updateThreads) : new TfjsDdpgEngine(spec, initial);
    this.replay = new TransitionReplay(config.replaySize, obs, act);
    this.runner = new PolicyRunner(ctx.layout, ctx.actionHigh, { native: ctx.engine === 'native' });
    this.actorTheta = this.engine.actorTheta();
  }

  act(observation: Float64Array, out: Float64Array): Float64Array {
    const { rng, actionHigh } = this.ctx;
    if (this.steps < this.config.startSteps) {
      for (let i = 0; i < out.length; i++) out[i] = rng.uniformIn(-actionHigh[i], actionHigh[i]);
      return out;
    }
    this.runner.act(this.actorTheta, observation, out);
    for (let i = 0; i < out.length; i++) {
      const a = out[i] + this.config.actionNoise * rng.normal();
      out[i] = Math.max(-actionHigh[i], Math.min(actionHigh[i], a));
    }
    return out;
  }

  observe(transition: Transition): void {
    this.replay.push(transition);
    this.steps += 1;
    const { updateAfter, updateEvery } = this.config;
    if (this.steps >= updateAfter && this.steps % updateEvery === 0) {
      for (let j = 0; j < updateEvery; j++) this.update();
      this.actorTheta = this.engine.actorTheta();
    }
  }

  /** One DDPG update on a uniformly sampled batch; returns [critic loss, actor loss]. */
  update(): [number, number] {
    const losses = this.engine.update(this.replay.sample(this.ctx.rng, this.config.batchSize));
    this.updates += 1;
    return losses;
  }

  /** The critic's Bellman target for a transition, from the target networks (for tests). */
  target(reward: number, nextObservation: ArrayLike<number>, terminated: boolean): number {
    return reward + this.config.gamma * (terminated ? 0 : 1) * this.engine.targetValue(nextObservation);
  }

  evaluationPolicy(): Float32Array {
    return Float32Array.from(this.actorTheta);
  }

  episodeInfo(): Record<string, number> {
    return { updates: this.updates };
  }

  async saveState(): Promise<AlgorithmState> {
    const { tensors, actorAdamSteps, criticAdamSteps } = this.engine.state();
    const replay = this.replay.state();
    for (const [name, data] of Object.entries(replay.arrays)) tensors.set(`replay/${name}`, { shape: [data.length], data });
    return { json: { steps: this.steps, updates: this.updates, replay: replay.json, actorAdamSteps, criticAdamSteps }, tensors };
  }

  async loadState(state: AlgorithmState): Promise<void> {
    const checked = checkState('ddpg', state, ddpgStateSchema);
    const { json } = checked;
    this.engine.restore((name, size) => checked.tensor(name, size).data, json.actorAdamSteps, json.criticAdamSteps);
    const arrays = Object.fromEntries(['observations', 'actions', 'rewards', 'nextObservations', 'terminals'].map((k) => [k, checked.tensor(`replay/${k}`).data]));
    this.replay.restore(json.replay, arrays);
    this.steps = json.steps;
    this.updates = json.updates;
    this.actorTheta = this.engine.actorTheta();
  }

  dispose(): void {
    this.engine.dispose();
  }
}
