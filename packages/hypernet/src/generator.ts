import { mlp, parameterCount, splitRows, tf, torchMlp, type DenseParams, type PolicyLayout, type Rng } from '@gogepo/nn';
import type { PolicyTensors } from '@gogepo/nn';
import { tileLayout, type LayerKind, type LayerTiling } from './tiling.js';

export interface GeneratorOptions {
  /** Slice size f: tiles are f x f in hidden layers. Paper: 16. */
  sliceSize?: number;
  /** Size d of each tile's learned embedding. Paper: 8. */
  embeddingSize?: number;
  /** Hidden sizes of every weight and bias head. Paper: [256, 256]. */
  headHidden?: number[];
  /** Multiply each generated layer by 2 / sqrt(fan_in). Paper: on (fig. 4 switches it off). */
  outputScaling?: boolean;
}

/** One shared network per layer kind: a weight head and a bias head over [z ; c]. */
interface KindNetwork {
  weightHead: DenseParams[];
  biasHead: DenseParams[];
}

/**
 * The generator G_rho (paper sec. 4.1): command c -> policy weights.
 *
 * Each policy layer is cut into tiles with their own learned embedding z. Three
 * shared networks (input, hidden, output layer kinds) map [z ; c] to the tile's
 * weight slice and to a bias slice; a layer's bias is the bias slices averaged
 * over the tiles along the input dimension. Every generated weight and bias of
 * a layer is scaled by 2 / sqrt(fan_in) (unless outputScaling is off: the
 * ablation of paper fig. 4).
 */
export class Generator {
  readonly tilings: LayerTiling[];
  readonly embeddings: tf.Variable<tf.Rank.R2>[];
  readonly networks: Partial<Record<LayerKind, KindNetwork>>;
  readonly sliceSize: number;
  readonly embeddingSize: number;
  readonly headHidden: readonly number[];
  readonly outputScaling: boolean;

  constructor(
    readonly layout: PolicyLayout,
    rng: Rng,
    options: GeneratorOptions = {},
  ) {
    this.sliceSize = options.sliceSize ?? 16;
    this.embeddingSize = options.embeddingSize ?? 8;
    this.outputScaling = options.outputScaling ?? true;
    const headHidden = (this.headHidden = [...(options.headHidden ?? [256, 256])]);
    if (layout.hidden.length === 0) throw new Error('generator: the policy needs at least one hidden layer');
    this.tilings = tileLayout(layout, this.sliceSize, this.outputScaling);
    const d = this.embeddingSize;
    this.embeddings = this.tilings.map((t) =>
      tf.variable(tf.tensor2d(rng.fillNormal(new Float32Array(t.tiles * d)), [t.tiles, d])),
    );
    this.networks = {};
    for (const t of this.tilings) {
      if (this.networks[t.kind]) continue;
      this.networks[t.kind] = {
        weightHead: torchMlp(rng, [d + 1, ...headHidden, t.rows * t.cols]),
        biasHead: torchMlp(rng, [d + 1, ...headHidden, t.rows]),
      };
    }
  }

  /** Every learnable tensor, in a fixed order (checkpoints and optimisers rely on it). */
  variables(): tf.Variable[] {
    const vars: tf.Variable[] = [...this.embeddings];
    for (const kind of ['input', 'hidden', 'output'] as const) {
      const net = this.networks[kind];
      if (!net) continue;
      for (const layer of [...net.weightHead, ...net.biasHead]) vars.push(layer.w, layer.b);
    }
    return vars;
  }

  /**
   * Puts flat parameters (in `variables()` order, as a run's generator view
   * gives them) into this generator; a length that does not fit is an error.
   */
  setParams(flat: Float32Array): void {
    const variables = this.variables();
    const count = variables.reduce((n, v) => n + v.size, 0);
    if (flat.length !== count) throw new Error(`generator: ${flat.length} parameters given, it has ${count}`);
    let offset = 0;
    tf.tidy(() => {
      for (const v of variables) {
        v.assign(tf.tensor(flat.subarray(offset, offset + v.size), v.shape));
        offset += v.size;
      }
    });
  }

  parameterCount(): number {
    const heads = Object.values(this.networks).reduce((n, net) => n + parameterCount(net.weightHead) + parameterCount(net.biasHead), 0);
    return heads + this.embeddings.reduce((n, e) => n + e.size, 0);
  }

  /** G(c) for one already-normalised command c: differentiable with respect to the generator's variables. */
  generate(command: number): PolicyTensors {
    return this.generateMany([command])[0];
  }

  /**
   * G(c) for each already-normalised command, differentiable. The commands share
   * one pass through each head (rows = commands x tiles), which on the wasm
   * backend is much faster than one pass per command: a few large matMuls
   * instead of many small ones.
   */
  generateMany(commands: readonly number[]): PolicyTensors[] {
    const n = commands.length;
    if (n === 0) return [];
    const policies: PolicyTensors[] = commands.map(() => ({ weights: [], biases: [] }));
    this.tilings.forEach((t, k) => {
      const net = this.networks[t.kind]!;
      const column = new Float32Array(n * t.tiles);
      commands.forEach((c, i) => column.fill(c, i * t.tiles, (i + 1) * t.tiles));
      const embeddings = n === 1 ? this.embeddings[k] : tf.tile(this.embeddings[k], [n, 1]);
      const input = tf.concat([embeddings, tf.tensor2d(column, [n * t.tiles, 1])], 1) as tf.Tensor2D;
      const scale = t.scale;
      // Each slice is read as [cols (inputs), rows (outputs)] so W assembles as [in, out]:
      // [n, outBlocks, inBlocks, cols, rows] -> [n, inBlocks, cols, outBlocks, rows] -> [n, in, out].
      const slices = mlp(input, net.weightHead).reshape([n, t.outBlocks, t.inBlocks, t.cols, t.rows]);
      const weights = tf.mul(slices.transpose([0, 2, 3, 1, 4]).reshape([n, t.in, t.out]), scale);
      const biasSlices = mlp(input, net.biasHead).reshape([n, t.outBlocks, t.inBlocks, t.rows]);
      const biases = tf.mul(tf.mean(biasSlices, 2).reshape([n * t.out]), scale);
      const ws = splitRows(weights, n);
      const bs = splitRows(biases, n);
      policies.forEach((p, i) => {
        p.weights.push(ws[i].reshape([t.in, t.out]) as tf.Tensor2D);
        p.biases.push(bs[i] as tf.Tensor1D);
      });
    });
    return policies;
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
