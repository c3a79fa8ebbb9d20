import type { NamedTensor } from '@gogepo/core';
import { Adam, mlp, policyForward, tf, tidyData, toTheta, type DenseParams, type PolicyLayout } from '@gogepo/nn';

/** A batch of transitions as flat float32 rows (TransitionReplay.sample). */
export interface DdpgBatch {
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  nextObservations: Float32Array;
  terminals: Float32Array;
}

/** What an engine needs to know of the run. */
export interface DdpgEngineSpec {
  layout: PolicyLayout;
  actionHigh: Float64Array;
  criticHidden: readonly number[];
  actorLr: number;
  criticLr: number;
  gamma: number;
  polyak: number;
}

/**
 * Where DDPG's networks live and learn: tfjs (the oracle) or the native
 * addon's kernels. Both hold the same state — the actor mu, the critic Q,
 * their targets and both Adams — under the same tensor names (`actor/0/w`,
 * `critic/1/b`, `actorAdam/3`, ...), so a checkpoint of one resumes on the
 * other, and take the same learning step (ddpg-native.test.ts).
 */
export interface DdpgEngine {
  /** One learning step on a batch (the Bellman backup, the critic's and the actor's Adam steps, Polyak averaging); returns [critic loss, actor loss]. */
  update(batch: DdpgBatch): [number, number];
  /** The actor as a policy theta (PolicyLayout order). */
  actorTheta(): Float32Array;
  /** Q_targ(s', mu_targ(s')) for one next observation. */
  targetValue(nextObservation: ArrayLike<number>): number;
  /** The learning state as named tensors, and the Adam step counts (checkpoints, tests). */
  state(): { tensors: Map<string, NamedTensor>; actorAdamSteps: number; criticAdamSteps: number };
  /** Restores what `state` gave: `tensor(name, size)` returns the named tensor's data (of that size). */
  restore(tensor: (name: string, size: number) => Float32Array, actorAdamSteps: number, criticAdamSteps: number): void;
  dispose(): void;
}

/** The networks in checkpoint order, with each layer's variable names and shapes: w [in, out], then b [out]. */
export function ddpgNetworkShapes(spec: Pick<DdpgEngineSpec, 'layout' | 'criticHidden'>): { name: string; sizes: number[] }[] {
  const { observationSize: obs, actionSize: act, hidden } = spec.layout;
  const actor = [obs, ...hidden, act];
  const critic = [obs + act, ...spec.criticHidden, 1];
  return [
    { name: 'actor', sizes: actor },
    { name: 'critic', sizes: critic },
    { name: 'actorTarget', sizes: actor },
    { name: 'criticTarget', sizes: critic },
  ];
}

/** DDPG's networks and learning step in tfjs: the oracle of the native engine. */
export class TfjsDdpgEngine implements DdpgEngine {
  private readonly actor: DenseParams[];
  private readonly critic: DenseParams[];
  private readonly actorTarget: DenseParams[];
  private readonly criticTarget: DenseParams[];
  private readonly actorOptimizer: Adam;
  private readonly criticOptimizer: Adam;
  private readonly bound: tf.Tensor1D;

  /** Takes the freshly initialised actor and critic (PyTorch's init, drawn from the run's Rng). */
  constructor(
    private readonly spec: DdpgEngineSpec,
    initial: { actor: DenseParams[]; critic: DenseParams[] },
  ) {
    this.actor = initial.actor;
    this.critic = initial.critic;
    const copy = (layers: DenseParams[]) => layers.map((l) => ({ w: tf.variable(l.w.clone(), false), b: tf.variable(l.b.clone(), false) }));
    this.actorTarget = copy(this.actor);
    this.criticTarget = copy(this.critic);
    this.actorOptimizer = new Adam(this.actor.flatMap((l) => [l.w, l.b]), spec.actorLr);
    this.criticOptimizer = new Adam(this.critic.flatMap((l) => [l.w, l.b]), spec.criticLr);
    this.bound = tf.keep(tf.tensor1d(Float32Array.from(spec.actionHigh)));
  }

  /** mu(s): ReLU hidden layers, tanh output times the action bound. */
  private policy(layers: DenseParams[], observations: tf.Tensor2D): tf.Tensor2D {
    return policyForward(observations, layers, 'relu', this.bound);
  }

  /** Q(s, a): [batch]. */
  private q(layers: DenseParams[], observations: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    return mlp(tf.concat([observations, actions], 1) as tf.Tensor2D, layers).reshape([-1]);
  }

  update(batch: DdpgBatch): [number, number] {
    const { gamma, polyak, layout } = this.spec;
    const n = batch.rewards.length;
    const o = tf.tensor2d(batch.observations, [n, layout.observationSize]);
    const a = tf.tensor2d(batch.actions, [n, layout.actionSize]);
    const o2 = tf.tensor2d(batch.nextObservations, [n, layout.observationSize]);
    try {
      // Bellman target from the target networks: r + gamma (1 - d) Q'(s', mu'(s')).
      const backup = tf.tidy(() =>
        tf.add(tf.tensor1d(batch.rewards), tf.mul(tf.mul(tf.sub(1, tf.tensor1d(batch.terminals)), gamma), this.q(this.criticTarget, o2, this.policy(this.actorTarget, o2)))),
      );
      const criticLoss = this.criticOptimizer.minimize(() => tf.mean(tf.square(tf.sub(this.q(this.critic, o, a), backup))) as tf.Scalar);
      backup.dispose();
      // The actor ascends Q(s, mu(s)) of the updated critic; only its own variables are updated.
      const actorLoss = this.actorOptimizer.minimize(() => tf.neg(tf.mean(this.q(this.critic, o, this.policy(this.actor, o)))) as tf.Scalar);
      tf.tidy(() => {
        for (const [target, source] of [[this.actorTarget, this.actor], [this.criticTarget, this.critic]] as const) {
          target.forEach((t, i) => {
            t.w.assign(tf.add(tf.mul(t.w, polyak), tf.mul(source[i].w, 1 - polyak)));
            t.b.assign(tf.add(tf.mul(t.b, polyak), tf.mul(source[i].b, 1 - polyak)));
          });
        }
      });
      return [criticLoss, actorLoss];
    } finally {
      tf.dispose([o, a, o2]);
    }
  }

  /** The gradients of both losses at the current state, without a step (the native engine's oracle). */
  gradients(batch: DdpgBatch): { critic: Float32Array; actor: Float32Array; criticLoss: number } {
    const { gamma, layout } = this.spec;
    const n = batch.rewards.length;
    return tf.tidy(() => {
      const o = tf.tensor2d(batch.observations, [n, layout.observationSize]);
      const a = tf.tensor2d(batch.actions, [n, layout.actionSize]);
      const o2 = tf.tensor2d(batch.nextObservations, [n, layout.observationSize]);
      const backup = tf.add(tf.tensor1d(batch.rewards), tf.mul(tf.mul(tf.sub(1, tf.tensor1d(batch.terminals)), gamma), this.q(this.criticTarget, o2, this.policy(this.actorTarget, o2))));
      const critic = this.criticOptimizer.gradients(() => tf.mean(tf.square(tf.sub(this.q(this.critic, o, a), backup))) as tf.Scalar);
      const actor = this.actorOptimizer.gradients(() => tf.neg(tf.mean(this.q(this.critic, o, this.policy(this.actor, o)))) as tf.Scalar);
      const flat = (grads: tf.Tensor[]) => Float32Array.from(grads.flatMap((g) => Array.from(g.dataSync())));
      return { critic: flat(critic.grads), actor: flat(actor.grads), criticLoss: critic.value.dataSync()[0] };
    });
  }

  actorTheta(): Float32Array {
    return tidyData(() => toTheta({ weights: this.actor.map((l) => l.w), biases: this.actor.map((l) => l.b) }, this.spec.layout));
  }

  targetValue(nextObservation: ArrayLike<number>): number {
    return tf.tidy(() => {
      const o2 = tf.tensor2d(Float32Array.from(nextObservation), [1, this.spec.layout.observationSize]);
      return this.q(this.criticTarget, o2, this.policy(this.actorTarget, o2)).dataSync()[0];
    });
  }

  private variables(): [string, tf.Variable][] {
    const named: [string, tf.Variable][] = [];
    for (const [name, layers] of [['actor', this.actor], ['critic', this.critic], ['actorTarget', this.actorTarget], ['criticTarget', this.criticTarget]] as const) {
      layers.forEach((l, i) => named.push([`${name}/${i}/w`, l.w as tf.Variable], [`${name}/${i}/b`, l.b as tf.Variable]));
    }
    return named;
  }

  state(): { tensors: Map<string, NamedTensor>; actorAdamSteps: number; criticAdamSteps: number } {
    const tensors = new Map<string, NamedTensor>();
    for (const [name, v] of this.variables()) tensors.set(name, { shape: v.shape, data: v.dataSync() as Float32Array });
    const adam = { actorAdam: this.actorOptimizer.state(), criticAdam: this.criticOptimizer.state() };
    for (const [name, s] of Object.entries(adam)) s.moments.forEach((m, i) => tensors.set(`${name}/${i}`, { shape: m.shape, data: m.dataSync() as Float32Array }));
    return { tensors, actorAdamSteps: adam.actorAdam.t, criticAdamSteps: adam.criticAdam.t };
  }

  restore(tensor: (name: string, size: number) => Float32Array, actorAdamSteps: number, criticAdamSteps: number): void {
    for (const [name, v] of this.variables()) v.assign(tf.tensor(tensor(name, v.size), v.shape));
    const moments = (name: string, vars: tf.Variable[]) => [...vars, ...vars].map((v, i) => ({ shape: v.shape, data: tensor(`${name}/${i}`, v.size) }));
    this.actorOptimizer.restore(actorAdamSteps, moments('actorAdam', this.actorOptimizer.variables));
    this.criticOptimizer.restore(criticAdamSteps, moments('criticAdam', this.criticOptimizer.variables));
  }

  dispose(): void {
    tf.dispose([...this.variables().map(([, v]) => v), this.bound]);
    this.actorOptimizer.dispose();
    this.criticOptimizer.dispose();
  }
}
