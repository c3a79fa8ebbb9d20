import * as tf from '@tensorflow/tfjs';

/**
 * Adam as PyTorch implements it (the reference's optimiser): bias corrections
 * computed in double precision from the step count, so the whole state is
 * (t, m, v) and a restored optimiser continues bit for bit. (tfjs's own Adam
 * rebuilds its bias-correction accumulators differently on restore.)
 */
export class Adam {
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    readonly variables: tf.Variable[],
    readonly lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** Minimises `loss` over the variables: one step. Returns the loss before the step. */
  minimize(loss: () => tf.Scalar): number {
    return tf.tidy(() => {
      const { value, grads } = this.gradients(loss);
      this.applyGradients(grads);
      return value.dataSync()[0];
    });
  }

  /** The loss and its gradient with respect to each variable, in `variables` order. */
  gradients(loss: () => tf.Scalar): { value: tf.Scalar; grads: tf.Tensor[] } {
    const { value, grads } = tf.variableGrads(loss, this.variables);
    return { value, grads: this.variables.map((x) => grads[x.name]) };
  }

  /** One Adam step with the given gradients (in `variables` order). */
  applyGradients(grads: tf.Tensor[]): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`adam: got ${grads.length} gradients, expected ${this.variables.length}`);
    }
    tf.tidy(() => {
      this.t += 1;
      const bc1 = 1 - this.beta1 ** this.t;
      const bc2Sqrt = Math.sqrt(1 - this.beta2 ** this.t);
      this.variables.forEach((x, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), this.eps);
        x.assign(tf.sub(x, tf.mul(tf.div(m, denom), this.lr / bc1)));
      });
    });
  }

  get step(): number {
    return this.t;
  }

  /** (t, m..., v...) for a checkpoint. */
  state(): { t: number; moments: tf.Tensor[] } {
    return { t: this.t, moments: [...this.m, ...this.v] };
  }

  restore(t: number, moments: { shape: number[]; data: Float32Array }[]): void {
    if (moments.length !== 2 * this.variables.length) {
      throw new Error(`adam: the checkpoint has ${moments.length} moment tensors, expected ${2 * this.variables.length}`);
    }
    this.t = t;
    [...this.m, ...this.v].forEach((x, i) => x.assign(tf.tensor(moments[i].data, moments[i].shape)));
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
