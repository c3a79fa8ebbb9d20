import { z } from 'zod';
import type { AlgorithmContext, AlgorithmState, StepAlgorithm, Transition } from '@gogepo/core';
import { boundedInt, checkState, hiddenSizes, PolicyRunner } from '@gogepo/core';
import { Adam, mlp, policyForward, tf, tidyData, toTheta, torchMlp, type DenseParams } from '@gogepo/nn';
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
 */
export class DDPG implements StepAlgorithm {
  readonly kind = 'step' as const;
  readonly actor: DenseParams[];
  readonly critic: DenseParams[];
  readonly actorTarget: DenseParams[];
  readonly criticTarget: DenseParams[];
  private readonly actorOptimizer: Adam;
  private readonly criticOptimizer: Adam;
  readonly replay: TransitionReplay;
  private readonly runner: PolicyRunner;
  private readonly bound: tf.Tensor1D;
  private actorTheta: Float32Array;
  /** Environment steps seen in training. */
  steps = 0;
  private updates = 0;

  constructor(
    readonly config: DdpgConfig,
    private readonly ctx: AlgorithmContext,
  ) {
    const { observationSize: obs, actionSize: act } = ctx.layout;
    this.actor = torchMlp(ctx.rng, [obs, ...config.policyHidden, act]);
    this.critic = torchMlp(ctx.rng, [obs + act, ...config.criticHidden, 1]);
    const copy = (layers: DenseParams[]) => layers.map((l) => ({ w: tf.variable(l.w.clone(), false), b: tf.variable(l.b.clone(), false) }));
    this.actorTarget = copy(this.actor);
    this.criticTarget = copy(this.critic);
    this.actorOptimizer = new Adam(this.actor.flatMap((l) => [l.w, l.b]), config.actorLr);
    this.criticOptimizer = new Adam(this.critic.flatMap((l) => [l.w, l.b]), config.criticLr);
    this.replay = new TransitionReplay(config.replaySize, obs, act);
    this.runner = new PolicyRunner(ctx.layout, ctx.actionHigh);
    this.bound = tf.keep(tf.tensor1d(Float32Array.from(ctx.actionHigh)));
    this.actorTheta = this.readActor();
  }

  /** mu(s): ReLU hidden layers, tanh output times the action bound. */
  private policy(layers: DenseParams[], observations: tf.Tensor2D): tf.Tensor2D {
    return policyForward(observations, layers, 'relu', this.bound);
  }

  /** Q(s, a): [batch]. */
  private q(layers: DenseParams[], observations: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    return mlp(tf.concat([observations, actions], 1) as tf.Tensor2D, layers).reshape([-1]);
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
      this.actorTheta = this.readActor();
    }
  }

  /** One DDPG update on a uniformly sampled batch; returns [critic loss, actor loss]. */
  update(): [number, number] {
    const { batchSize, gamma, polyak } = this.config;
    const { observationSize: obs, actionSize: act } = this.ctx.layout;
    const b = this.replay.sample(this.ctx.rng, batchSize);
    const o = tf.tensor2d(b.observations, [batchSize, obs]);
    const a = tf.tensor2d(b.actions, [batchSize, act]);
    const o2 = tf.tensor2d(b.nextObservations, [batchSize, obs]);
    try {
      // Bellman target from the target networks: r + gamma (1 - d) Q'(s', mu'(s')).
      const backup = tf.tidy(() =>
        tf.add(tf.tensor1d(b.rewards), tf.mul(tf.mul(tf.sub(1, tf.tensor1d(b.terminals)), gamma), this.q(this.criticTarget, o2, this.policy(this.actorTarget, o2)))),
      );
      const criticLoss = this.criticOptimizer.minimize(() => tf.mean(tf.square(tf.sub(this.q(this.critic, o, a), backup))) as tf.Scalar);
      backup.dispose();
      // The actor ascends Q(s, mu(s)); only its own variables are updated.
      const actorLoss = this.actorOptimizer.minimize(() => tf.neg(tf.mean(this.q(this.critic, o, this.policy(this.actor, o)))) as tf.Scalar);
      tf.tidy(() => {
        for (const [target, source] of [[this.actorTarget, this.actor], [this.criticTarget, this.critic]] as const) {
          target.forEach((t, i) => {
            t.w.assign(tf.add(tf.mul(t.w, polyak), tf.mul(source[i].w, 1 - polyak)));
            t.b.assign(tf.add(tf.mul(t.b, polyak), tf.mul(source[i].b, 1 - polyak)));
          });
        }
      });
      this.updates += 1;
      return [criticLoss, actorLoss];
    } finally {
      tf.dispose([o, a, o2]);
    }
  }

  /** The critic's Bellman target for a transition, from the target networks (for tests). */
  target(reward: number, nextObservation: ArrayLike<number>, terminated: boolean): number {
    return tf.tidy(() => {
      const o2 = tf.tensor2d(Float32Array.from(nextObservation), [1, this.ctx.layout.observationSize]);
      const q = this.q(this.criticTarget, o2, this.policy(this.actorTarget, o2)).dataSync()[0];
      return reward + this.config.gamma * (terminated ? 0 : 1) * q;
    });
  }

  private readActor(): Float32Array {
    return tidyData(() => toTheta({ weights: this.actor.map((l) => l.w), biases: this.actor.map((l) => l.b) }, this.ctx.layout));
  }

  evaluationPolicy(): Float32Array {
    return Float32Array.from(this.actorTheta);
  }

  episodeInfo(): Record<string, number> {
    return { updates: this.updates };
  }

  private variables(): [string, tf.Variable][] {
    const named: [string, tf.Variable][] = [];
    for (const [name, layers] of [['actor', this.actor], ['critic', this.critic], ['actorTarget', this.actorTarget], ['criticTarget', this.criticTarget]] as const) {
      layers.forEach((l, i) => named.push([`${name}/${i}/w`, l.w], [`${name}/${i}/b`, l.b]));
    }
    return named;
  }

  async saveState(): Promise<AlgorithmState> {
    const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [name, v] of this.variables()) tensors.set(name, { shape: v.shape, data: v.dataSync() as Float32Array });
    const adam = { actorAdam: this.actorOptimizer.state(), criticAdam: this.criticOptimizer.state() };
    for (const [name, s] of Object.entries(adam)) s.moments.forEach((m, i) => tensors.set(`${name}/${i}`, { shape: m.shape, data: m.dataSync() as Float32Array }));
    const replay = this.replay.state();
    for (const [name, data] of Object.entries(replay.arrays)) tensors.set(`replay/${name}`, { shape: [data.length], data });
    return {
      json: { steps: this.steps, updates: this.updates, replay: replay.json, actorAdamSteps: adam.actorAdam.t, criticAdamSteps: adam.criticAdam.t },
      tensors,
    };
  }

  async loadState(state: AlgorithmState): Promise<void> {
    const checked = checkState('ddpg', state, ddpgStateSchema);
    const { json } = checked;
    const get = (name: string) => checked.tensor(name);
    for (const [name, v] of this.variables()) v.assign(tf.tensor(checked.tensor(name, v.size).data, v.shape));
    const moments = (name: string, n: number) => checked.series(name, 2 * n);
    this.actorOptimizer.restore(json.actorAdamSteps, moments('actorAdam', this.actor.length * 2));
    this.criticOptimizer.restore(json.criticAdamSteps, moments('criticAdam', this.critic.length * 2));
    const arrays = Object.fromEntries(['observations', 'actions', 'rewards', 'nextObservations', 'terminals'].map((k) => [k, get(`replay/${k}`).data]));
    this.replay.restore(json.replay, arrays);
    this.steps = json.steps;
    this.updates = json.updates;
    this.actorTheta = this.readActor();
  }

  dispose(): void {
    tf.dispose([...this.variables().map(([, v]) => v), this.bound]);
    this.actorOptimizer.dispose();
    this.criticOptimizer.dispose();
  }
}
