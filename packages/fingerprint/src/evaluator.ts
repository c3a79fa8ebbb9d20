import { mlp, parameterCount, policyForward, tf, torchMlp, type DenseParams, type PolicyLayout, type PolicyTensors, type Rng } from '@gogepo/nn';

const LARGEST_BELOW_ONE = 1 - 2 ** -24;

export interface EvaluatorOptions {
  /** Number of learned probing states. Paper: 200. */
  probingStates?: number;
  /** Hidden sizes of the MLP U. Paper: [256, 256]. */
  hidden?: number[];
}

/**
 * The evaluator V_w (paper sec. 4.2, policy fingerprinting): runs a policy on
 * learned probing states and maps the concatenated probing actions to the
 * return the policy is expected to achieve. w = U's parameters and the probing
 * states. V sees behaviour only, so it is blind to weight symmetries, and the
 * generator's gradient reaches it through the probing actions.
 */
export class Evaluator {
  /** [probingStates, observationSize], initialised uniform [0, 1): points in normalised-observation space. */
  readonly probes: tf.Variable<tf.Rank.R2>;
  readonly u: DenseParams[];
  private readonly actionBound: tf.Tensor1D;

  constructor(
    readonly layout: PolicyLayout,
    actionHigh: ArrayLike<number>,
    rng: Rng,
    options: EvaluatorOptions = {},
  ) {
    const n = options.probingStates ?? 200;
    const probes = rng.fillUniform(new Float32Array(n * layout.observationSize), 0, 1);
    // Draws just below 1 round up to 1 in float32; keep the interval half-open.
    for (let i = 0; i < probes.length; i++) if (probes[i] >= 1) probes[i] = LARGEST_BELOW_ONE;
    this.probes = tf.variable(tf.tensor2d(probes, [n, layout.observationSize]));
    this.u = torchMlp(rng, [n * layout.actionSize, ...(options.hidden ?? [256, 256]), 1]);
    this.actionBound = tf.keep(tf.tensor1d(Float32Array.from(actionHigh)));
  }

  variables(): tf.Variable[] {
    return [this.probes, ...this.u.flatMap((l) => [l.w, l.b])];
  }

  parameterCount(): number {
    return this.probes.size + parameterCount(this.u);
  }

  /** The policy's actions on the probing states, flattened: [1, probingStates * actionSize]. */
  probingActions(policy: PolicyTensors): tf.Tensor2D {
    // the policy as it acts (PolicyRunner): the layout's hidden activation, tanh x bound on the output
    const layers = policy.weights.map((w, k) => ({ w, b: policy.biases[k] }));
    return policyForward(this.probes, layers, this.layout.hiddenActivation, this.actionBound).reshape([1, -1]);
  }

  /** V(theta) for each policy: [policies]. */
  predict(policies: PolicyTensors[]): tf.Tensor1D {
    const fingerprints = tf.concat(policies.map((p) => this.probingActions(p)), 0) as tf.Tensor2D;
    return mlp(fingerprints, this.u).reshape([-1]);
  }

  dispose(): void {
    tf.dispose([...this.variables(), this.actionBound]);
  }
}
