import type { Rng } from '@gogepo/nn';
import type { Transition } from '@gogepo/core';

/**
 * A replay buffer of transitions in preallocated float32 arrays (a ring: the
 * oldest transition is overwritten once full), sampled uniformly with replacement.
 */
export class TransitionReplay {
  readonly observations: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly nextObservations: Float32Array;
  readonly terminals: Float32Array;
  size = 0;
  private next = 0;

  constructor(
    readonly capacity: number,
    readonly observationSize: number,
    readonly actionSize: number,
  ) {
    this.observations = new Float32Array(capacity * observationSize);
    this.actions = new Float32Array(capacity * actionSize);
    this.rewards = new Float32Array(capacity);
    this.nextObservations = new Float32Array(capacity * observationSize);
    this.terminals = new Float32Array(capacity);
  }

  push(t: Transition): void {
    const i = this.next;
    this.observations.set(t.observation, i * this.observationSize);
    this.actions.set(t.action, i * this.actionSize);
    this.rewards[i] = t.reward;
    this.nextObservations.set(t.nextObservation, i * this.observationSize);
    this.terminals[i] = t.terminated ? 1 : 0;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** A batch of `n` transitions drawn uniformly with replacement, as flat arrays. */
  sample(rng: Rng, n: number) {
    const batch = {
      observations: new Float32Array(n * this.observationSize),
      actions: new Float32Array(n * this.actionSize),
      rewards: new Float32Array(n),
      nextObservations: new Float32Array(n * this.observationSize),
      terminals: new Float32Array(n),
    };
    const [o, a] = [this.observationSize, this.actionSize];
    for (let j = 0; j < n; j++) {
      const i = rng.int(this.size);
      batch.observations.set(this.observations.subarray(i * o, (i + 1) * o), j * o);
      batch.actions.set(this.actions.subarray(i * a, (i + 1) * a), j * a);
      batch.rewards[j] = this.rewards[i];
      batch.nextObservations.set(this.nextObservations.subarray(i * o, (i + 1) * o), j * o);
      batch.terminals[j] = this.terminals[i];
    }
    return batch;
  }

  state(): { json: { size: number; next: number }; arrays: Record<string, Float32Array> } {
    return {
      json: { size: this.size, next: this.next },
      arrays: { observations: this.observations, actions: this.actions, rewards: this.rewards, nextObservations: this.nextObservations, terminals: this.terminals },
    };
  }

  restore(json: { size: number; next: number }, arrays: Record<string, Float32Array>): void {
    this.size = json.size;
    this.next = json.next;
    this.observations.set(arrays.observations);
    this.actions.set(arrays.actions);
    this.rewards.set(arrays.rewards);
    this.nextObservations.set(arrays.nextObservations);
    this.terminals.set(arrays.terminals);
  }
}
