import type { NamedTensor } from '@gogepo/core';
import { NativeDdpgNets, type NativeDdpgState } from '@gogepo/native';
import { tf, type DenseParams } from '@gogepo/nn';
import { ddpgNetworkShapes, type DdpgBatch, type DdpgEngine, type DdpgEngineSpec } from './ddpg-engine.js';

// PyTorch's Adam defaults, as @gogepo/nn's Adam (the tfjs engine's).
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/**
 * DDPG's state on flat float32 arrays — each network's layers one after
 * another, W [in, out] then b, as the tfjs variables flatten — and its whole
 * learning step in one call of the native addon (csrc/ddpg.cc). The state is
 * held only here; tfjs is not used after the initial weights are read.
 */
export class NativeDdpgEngine implements DdpgEngine {
  private readonly nets: NativeDdpgNets;
  private readonly arrays: NativeDdpgState;
  private actorSteps = 0;
  private criticSteps = 0;

  /** Takes the freshly initialised tfjs actor and critic (PyTorch's init, drawn from the run's Rng), copies them and disposes them. */
  constructor(
    private readonly spec: DdpgEngineSpec,
    initial: { actor: DenseParams[]; critic: DenseParams[] },
    private readonly threads = 1,
  ) {
    const { layout } = spec;
    this.nets = new NativeDdpgNets({
      observationSize: layout.observationSize, actionSize: layout.actionSize, actorHidden: layout.hidden, criticHidden: spec.criticHidden, actionHigh: spec.actionHigh,
    });
    const flat = (layers: DenseParams[]) => Float32Array.from(layers.flatMap((l) => [...l.w.dataSync(), ...l.b.dataSync()]));
    const actor = flat(initial.actor);
    const critic = flat(initial.critic);
    tf.dispose(initial.actor.flatMap((l) => [l.w, l.b]).concat(initial.critic.flatMap((l) => [l.w, l.b])));
    if (actor.length !== this.nets.actorSize || critic.length !== this.nets.criticSize) {
      throw new Error(`native DDPG: the addon's networks have ${this.nets.actorSize}/${this.nets.criticSize} parameters, the initial ones ${actor.length}/${critic.length}`);
    }
    this.arrays = {
      actor, critic, actorTarget: actor.slice(), criticTarget: critic.slice(),
      actorM: new Float32Array(actor.length), actorV: new Float32Array(actor.length), criticM: new Float32Array(critic.length), criticV: new Float32Array(critic.length),
    };
  }

  update(batch: DdpgBatch, grads?: { critic: Float32Array; actor: Float32Array }): [number, number] {
    this.actorSteps += 1;
    this.criticSteps += 1;
    // Adam's bias corrections in double precision from the step count, as @gogepo/nn's Adam computes them
    const corrections = (lr: number, t: number) => [lr / (1 - BETA1 ** t), Math.sqrt(1 - BETA2 ** t)];
    const [criticStepSize, criticBc2Sqrt] = corrections(this.spec.criticLr, this.criticSteps);
    const [actorStepSize, actorBc2Sqrt] = corrections(this.spec.actorLr, this.actorSteps);
    return this.nets.update(
      batch, this.arrays,
      { gamma: this.spec.gamma, polyak: this.spec.polyak, beta1: BETA1, beta2: BETA2, eps: EPS, criticStepSize, criticBc2Sqrt, actorStepSize, actorBc2Sqrt },
      grads, this.threads,
    );
  }

  actorTheta(): Float32Array {
    const { layout } = this.spec;
    const theta = new Float32Array(layout.size);
    let at = 0;
    for (const layer of layout.layers) {
      // W [in, out] here; (out x in) in a theta
      for (let i = 0; i < layer.in; i++) {
        for (let o = 0; o < layer.out; o++) theta[layer.wOffset + o * layer.in + i] = this.arrays.actor[at + i * layer.out + o];
      }
      at += layer.in * layer.out;
      theta.set(this.arrays.actor.subarray(at, at + layer.out), layer.bOffset);
      at += layer.out;
    }
    return theta;
  }

  targetValue(nextObservation: ArrayLike<number>): number {
    const o2 = Float32Array.from(nextObservation);
    return this.nets.q(this.arrays.criticTarget, o2, this.nets.act(this.arrays.actorTarget, o2, this.threads), this.threads)[0];
  }

  /** Each network's flat array cut into its layers' w and b (views), with the checkpoint's names and shapes, in ddpgNetworkShapes' order. */
  private named(arrays: Record<'actor' | 'critic' | 'actorTarget' | 'criticTarget', Float32Array>): [string, NamedTensor][] {
    const out: [string, NamedTensor][] = [];
    for (const { name, sizes } of ddpgNetworkShapes(this.spec)) {
      const flat = arrays[name as keyof typeof arrays];
      let at = 0;
      for (let l = 0; l + 1 < sizes.length; l++) {
        const [inSize, outSize] = [sizes[l], sizes[l + 1]];
        out.push([`${name}/${l}/w`, { shape: [inSize, outSize], data: flat.subarray(at, (at += inSize * outSize)) }]);
        out.push([`${name}/${l}/b`, { shape: [outSize], data: flat.subarray(at, (at += outSize)) }]);
      }
    }
    return out;
  }

  /** Adam's moments as @gogepo/nn's Adam orders them: m of each variable, then v of each. */
  private moments(name: string, m: Float32Array, v: Float32Array, variables: [string, NamedTensor][]): [string, NamedTensor][] {
    const cut = (flat: Float32Array) => {
      let at = 0;
      return variables.map(([, t]) => ({ shape: t.shape, data: flat.subarray(at, (at += t.data.length)) }));
    };
    return [...cut(m), ...cut(v)].map((t, i) => [`${name}/${i}`, t]);
  }

  private views(): [string, NamedTensor][] {
    const a = this.arrays;
    const networks = this.named(a);
    const of = (prefix: string) => networks.filter(([n]) => n.startsWith(`${prefix}/`));
    return [...networks, ...this.moments('actorAdam', a.actorM, a.actorV, of('actor')), ...this.moments('criticAdam', a.criticM, a.criticV, of('critic'))];
  }

  state(): { tensors: Map<string, NamedTensor>; actorAdamSteps: number; criticAdamSteps: number } {
    const tensors = new Map(this.views().map(([name, t]) => [name, { shape: t.shape, data: t.data.slice() }]));
    return { tensors, actorAdamSteps: this.actorSteps, criticAdamSteps: this.criticSteps };
  }

  restore(tensor: (name: string, size: number) => Float32Array, actorAdamSteps: number, criticAdamSteps: number): void {
    for (const [name, view] of this.views()) view.data.set(tensor(name, view.data.length));
    this.actorSteps = actorAdamSteps;
    this.criticSteps = criticAdamSteps;
  }

  dispose(): void {}
}
