import { requireNative, type NativeAddon, type NativeDdpgHandle } from './addon.js';

export interface NativeDdpgShape {
  observationSize: number;
  actionSize: number;
  actorHidden: readonly number[];
  criticHidden: readonly number[];
  actionHigh: ArrayLike<number>;
}

/** A batch of transitions, row by row: s [n, obs], a [n, act], r [n], s' [n, obs], d [n] (1: terminal). */
export interface NativeDdpgBatch {
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  nextObservations: Float32Array;
  terminals: Float32Array;
}

/** DDPG's learning state on flat float32 arrays (updated in place), laid out as the tfjs networks' variables flatten. */
export interface NativeDdpgState {
  actor: Float32Array;
  critic: Float32Array;
  actorTarget: Float32Array;
  criticTarget: Float32Array;
  actorM: Float32Array;
  actorV: Float32Array;
  criticM: Float32Array;
  criticV: Float32Array;
}

/** The constants of one step; Adam's bias corrections for this step, in double precision (see NativeAdam). */
export interface NativeDdpgStep {
  gamma: number;
  polyak: number;
  beta1: number;
  beta2: number;
  eps: number;
  criticStepSize: number;
  criticBc2Sqrt: number;
  actorStepSize: number;
  actorBc2Sqrt: number;
}

/**
 * DDPG's networks on the native kernels (csrc/ddpg.cc): the whole learning
 * step — target backup, critic and actor forward and backward, both Adams,
 * the Polyak averaging — in one call on the caller's flat arrays. Holds only
 * shapes and work buffers.
 */
export class NativeDdpgNets {
  readonly actorSize: number;
  readonly criticSize: number;
  private readonly addon: NativeAddon;
  private readonly handle: NativeDdpgHandle;

  constructor(readonly shape: NativeDdpgShape) {
    this.addon = requireNative();
    const spec = [shape.observationSize, shape.actionSize, shape.actorHidden.length, ...shape.actorHidden, shape.criticHidden.length, ...shape.criticHidden];
    this.handle = this.addon.createDdpg(Int32Array.from(spec), Float64Array.from(shape.actionHigh));
    [this.actorSize, this.criticSize] = this.addon.ddpgSizes(this.handle);
  }

  /** One learning step; returns [critic loss, actor loss]. With `grads`, the step's gradients are copied into them (tests). */
  update(batch: NativeDdpgBatch, state: NativeDdpgState, step: NativeDdpgStep, grads?: { critic: Float32Array; actor: Float32Array }, threads = 1): [number, number] {
    const k = Float64Array.of(step.gamma, step.polyak, step.beta1, step.beta2, step.eps, step.criticStepSize, step.criticBc2Sqrt, step.actorStepSize, step.actorBc2Sqrt);
    return this.addon.ddpgUpdate(
      this.handle, batch.observations, batch.actions, batch.rewards, batch.nextObservations, batch.terminals,
      state.actor, state.critic, state.actorTarget, state.criticTarget, state.actorM, state.actorV, state.criticM, state.criticV,
      k, grads?.critic ?? null, grads?.actor ?? null, threads,
    );
  }

  /** tanh(mu(s)) * bound for each row of `observations`. */
  act(actor: Float32Array, observations: Float32Array, threads = 1): Float32Array {
    const actions = new Float32Array((observations.length / this.shape.observationSize) * this.shape.actionSize);
    this.addon.ddpgAct(this.handle, actor, observations, actions, threads);
    return actions;
  }

  /** Q(s, a) for each row. */
  q(critic: Float32Array, observations: Float32Array, actions: Float32Array, threads = 1): Float32Array {
    const values = new Float32Array(observations.length / this.shape.observationSize);
    this.addon.ddpgQ(this.handle, critic, observations, actions, values, threads);
    return values;
  }
}
