import { z } from 'zod';
import type { Env } from '@gogepo/envs';
import type { AlgorithmContext, AlgorithmState, StepAlgorithm, Transition } from '@gogepo/core';
import { boundedInt, checkState, hiddenSizes, mean, PolicyRunner, populationStd, sum } from '@gogepo/core';
import { Adam, PolicyLayout, policyForward, tf, tidyData, toTheta, torchMlp, type DenseParams } from '@gogepo/nn';

/**
 * UDRL's hyperparameters. The GoGePo paper fixes the learning rate, the
 * activation and "last few" per environment (appendix A.1); the rest are
 * common settings of Srivastava et al.'s episodic experiments, chosen here.
 */
export const udrlConfig = z
  .object({
    policyHidden: hiddenSizes.default([256, 256]),
    // without an environment's tuned values: the paper's Swimmer-v3 values (ReLU, 1e-3, 10)
    activation: z.enum(['relu', 'tanh']).default('relu'),
    lr: z.number().positive().default(1e-3),
    /** Exploratory commands come from the best `lastFew` episodes of the replay. */
    lastFew: boundedInt(1, 10_000_000).default(10),
    /** Episodes kept in the replay (the best ones by return). */
    replayEpisodes: boundedInt(1, 10_000_000).default(600),
    /** Random-action episodes before the first update. */
    warmupEpisodes: boundedInt(1, 1e12).default(10),
    /** Episodes per iteration (each iteration starts with `updatesPerIteration` updates). */
    episodesPerIteration: boundedInt(1, 1_000_000).default(10),
    updatesPerIteration: boundedInt(1, 1_000_000).default(100),
    batchSize: boundedInt(1, 1_000_000).default(256),
    /** Scale of the desired return and desired horizon fed to the behaviour function. */
    returnScale: z.number().positive().default(0.02),
    horizonScale: z.number().positive().default(0.01),
    /** Std of the Gaussian exploration noise in training episodes, as a fraction of the action bound. */
    actionNoise: z.number().nonnegative().default(0.1),
  })
  .strict()
  .refine((c) => c.lastFew <= c.replayEpisodes, { message: 'lastFew must be at most replayEpisodes', path: ['lastFew'] });
export type UdrlConfig = z.output<typeof udrlConfig>;

const count = z.number().int().nonnegative();
/** UDRL's section of a checkpoint (its tensors: the behaviour function, Adam's moments, replay/i/*). */
export const udrlStateSchema = z
  .object({
    episodes: count, updates: count, adamSteps: count,
    command: z.object({ desiredReturn: z.number(), desiredHorizon: z.number() }).strict(),
    totals: z.array(z.number()),
  })
  .strict();

interface Episode {
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  total: number;
}

export interface Command {
  desiredReturn: number;
  desiredHorizon: number;
}

/**
 * Upside-Down RL (Srivastava et al. 2019) for continuous actions with episodic
 * resets. A behaviour function B(observation, desired return, desired horizon)
 * -> action (scaled command inputs, tanh output times the action bound) is
 * trained by supervised learning (mean squared error on actions) on segments
 * of the best episodes seen; exploratory commands come from the best `lastFew`
 * episodes: horizon = their mean length, return ~ U[mean, mean + std]. During an
 * episode the command follows the rewards: return -= r, horizon -= 1 (at least 1).
 * Evaluation runs B without noise on the command mean + std, mean length.
 */
export class UDRL implements StepAlgorithm {
  readonly kind = 'step' as const;
  readonly behaviour: DenseParams[];
  private readonly optimizer: Adam;
  private readonly runner: PolicyRunner;
  private readonly layout: PolicyLayout;
  private readonly bound: tf.Tensor1D;
  private theta: Float32Array;
  /** The best episodes so far, highest return first. */
  replay: Episode[] = [];
  private current: { observations: number[]; actions: number[]; rewards: number[] } = { observations: [], actions: [], rewards: [] };
  private command: Command = { desiredReturn: 0, desiredHorizon: 1 };
  private episodes = 0;
  private updates = 0;
  private readonly input: Float64Array;

  constructor(
    readonly config: UdrlConfig,
    private readonly ctx: AlgorithmContext,
  ) {
    const { observationSize: obs, actionSize: act } = ctx.layout;
    this.layout = new PolicyLayout(obs + 2, act, config.policyHidden, config.activation);
    this.behaviour = torchMlp(ctx.rng, [obs + 2, ...config.policyHidden, act]);
    this.optimizer = new Adam(this.behaviour.flatMap((l) => [l.w, l.b]), config.lr);
    this.runner = new PolicyRunner(this.layout, ctx.actionHigh, { native: ctx.engine === 'native' });
    this.bound = tf.keep(tf.tensor1d(Float32Array.from(ctx.actionHigh)));
    this.theta = this.readBehaviour();
    this.input = new Float64Array(obs + 2);
  }

  /** B's action for an observation under a command, written into `out`. */
  behave(observation: ArrayLike<number>, command: Command, out: Float64Array): Float64Array {
    this.input.set(observation);
    this.input[observation.length] = command.desiredReturn * this.config.returnScale;
    this.input[observation.length + 1] = command.desiredHorizon * this.config.horizonScale;
    return this.runner.act(this.theta, this.input, out);
  }

  act(observation: Float64Array, out: Float64Array): Float64Array {
    const { rng, actionHigh } = this.ctx;
    if (this.episodes < this.config.warmupEpisodes) {
      for (let i = 0; i < out.length; i++) out[i] = rng.uniformIn(-actionHigh[i], actionHigh[i]);
      return out;
    }
    this.behave(observation, this.command, out);
    for (let i = 0; i < out.length; i++) {
      const a = out[i] + this.config.actionNoise * actionHigh[i] * rng.normal();
      out[i] = Math.max(-actionHigh[i], Math.min(actionHigh[i], a));
    }
    return out;
  }

  observe(t: Transition): void {
    this.current.observations.push(...t.observation);
    this.current.actions.push(...t.action);
    this.current.rewards.push(t.reward);
    this.command = { desiredReturn: this.command.desiredReturn - t.reward, desiredHorizon: Math.max(this.command.desiredHorizon - 1, 1) };
    if (t.terminated || t.truncated) this.endEpisode();
  }

  private endEpisode(): void {
    const rewards = Float32Array.from(this.current.rewards);
    this.insert({
      observations: Float32Array.from(this.current.observations),
      actions: Float32Array.from(this.current.actions),
      rewards,
      total: sum(this.current.rewards),
    });
    this.current = { observations: [], actions: [], rewards: [] };
    this.episodes += 1;
    const { warmupEpisodes, episodesPerIteration, updatesPerIteration } = this.config;
    if (this.episodes >= warmupEpisodes && (this.episodes - warmupEpisodes) % episodesPerIteration === 0) {
      for (let i = 0; i < updatesPerIteration; i++) this.update();
      this.theta = this.readBehaviour();
    }
    this.command = this.exploratoryCommand();
  }

  /** Keeps the replay sorted by return (highest first) and at most `replayEpisodes` long. */
  private insert(episode: Episode): void {
    let i = this.replay.findIndex((e) => e.total < episode.total);
    if (i < 0) i = this.replay.length;
    this.replay.splice(i, 0, episode);
    if (this.replay.length > this.config.replayEpisodes) this.replay.pop();
  }

  /** From the best `lastFew` episodes: horizon = mean length, return ~ U[mean, mean + std]. */
  exploratoryCommand(sample = true): Command {
    const best = this.replay.slice(0, this.config.lastFew);
    if (best.length === 0) return { desiredReturn: 0, desiredHorizon: 1 };
    const returns = best.map((e) => e.total);
    const m = mean(returns);
    const std = populationStd(returns);
    const horizon = mean(best.map((e) => e.rewards.length));
    return { desiredReturn: sample ? this.ctx.rng.uniformIn(m, m + std) : m + std, desiredHorizon: horizon };
  }

  /** One supervised step: segments (s_t, return from t, steps left) -> a_t from random replay episodes. */
  update(): number {
    const { batchSize, returnScale, horizonScale } = this.config;
    const { observationSize: obs, actionSize: act } = this.ctx.layout;
    const inputs = new Float32Array(batchSize * (obs + 2));
    const targets = new Float32Array(batchSize * act);
    for (let j = 0; j < batchSize; j++) {
      const e = this.replay[this.ctx.rng.int(this.replay.length)];
      const length = e.rewards.length;
      const t = this.ctx.rng.int(length);
      let toGo = 0;
      for (let k = t; k < length; k++) toGo += e.rewards[k];
      inputs.set(e.observations.subarray(t * obs, (t + 1) * obs), j * (obs + 2));
      inputs[j * (obs + 2) + obs] = toGo * returnScale;
      inputs[j * (obs + 2) + obs + 1] = (length - t) * horizonScale;
      targets.set(e.actions.subarray(t * act, (t + 1) * act), j * act);
    }
    const x = tf.tensor2d(inputs, [batchSize, obs + 2]);
    const y = tf.tensor2d(targets, [batchSize, act]);
    try {
      this.updates += 1;
      return this.optimizer.minimize(() => tf.mean(tf.square(tf.sub(this.forward(x), y))) as tf.Scalar);
    } finally {
      tf.dispose([x, y]);
    }
  }

  private forward(x: tf.Tensor2D): tf.Tensor2D {
    return policyForward(x, this.behaviour, this.config.activation, this.bound);
  }

  evaluateEpisodes(env: Env, seeds: number[]): number[] {
    const action = new Float64Array(env.actionSpace.shape[0]);
    return seeds.map((seed) => {
      let command = this.exploratoryCommand(false);
      let observation = env.reset({ seed });
      let total = 0;
      for (;;) {
        const step = env.step(this.behave(observation, command, action));
        total += step.reward;
        command = { desiredReturn: command.desiredReturn - step.reward, desiredHorizon: Math.max(command.desiredHorizon - 1, 1) };
        observation = step.observation;
        if (step.terminated || step.truncated) return total;
      }
    });
  }

  private readBehaviour(): Float32Array {
    return tidyData(() => toTheta({ weights: this.behaviour.map((l) => l.w), biases: this.behaviour.map((l) => l.b) }, this.layout));
  }

  /** B's weights (its inputs are the observation, then the scaled desired return and horizon). */
  evaluationPolicy(): Float32Array {
    return Float32Array.from(this.theta);
  }

  episodeInfo(): Record<string, number> {
    return { updates: this.updates, desiredReturn: this.command.desiredReturn, desiredHorizon: this.command.desiredHorizon };
  }

  async saveState(): Promise<AlgorithmState> {
    const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
    this.behaviour.forEach((l, i) => {
      tensors.set(`behaviour/${i}/w`, { shape: l.w.shape, data: l.w.dataSync() as Float32Array });
      tensors.set(`behaviour/${i}/b`, { shape: l.b.shape, data: l.b.dataSync() as Float32Array });
    });
    const adam = this.optimizer.state();
    adam.moments.forEach((m, i) => tensors.set(`adam/${i}`, { shape: m.shape, data: m.dataSync() as Float32Array }));
    this.replay.forEach((e, i) => {
      tensors.set(`replay/${i}/observations`, { shape: [e.observations.length], data: e.observations });
      tensors.set(`replay/${i}/actions`, { shape: [e.actions.length], data: e.actions });
      tensors.set(`replay/${i}/rewards`, { shape: [e.rewards.length], data: e.rewards });
    });
    return {
      json: { episodes: this.episodes, updates: this.updates, adamSteps: adam.t, command: this.command, totals: this.replay.map((e) => e.total) },
      tensors,
    };
  }

  async loadState(state: AlgorithmState): Promise<void> {
    const checked = checkState('udrl', state, udrlStateSchema);
    const { json } = checked;
    const get = (name: string) => checked.tensor(name);
    this.behaviour.forEach((l, i) => {
      l.w.assign(tf.tensor(checked.tensor(`behaviour/${i}/w`, l.w.size).data, l.w.shape));
      l.b.assign(tf.tensor(checked.tensor(`behaviour/${i}/b`, l.b.size).data, l.b.shape));
    });
    this.optimizer.restore(json.adamSteps, checked.series('adam', 4 * this.behaviour.length));
    this.replay = json.totals.map((total, i) => ({
      observations: Float32Array.from(get(`replay/${i}/observations`).data),
      actions: Float32Array.from(get(`replay/${i}/actions`).data),
      rewards: Float32Array.from(get(`replay/${i}/rewards`).data),
      total,
    }));
    this.episodes = json.episodes;
    this.updates = json.updates;
    this.command = json.command;
    this.theta = this.readBehaviour();
  }

  dispose(): void {
    tf.dispose([...this.behaviour.flatMap((l) => [l.w, l.b]), this.bound]);
    this.optimizer.dispose();
  }
}
