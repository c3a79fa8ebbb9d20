import { z } from 'zod';
import { Evaluator } from '@gogepo/fingerprint';
import { Generator } from '@gogepo/hypernet';
import { Adam, fromTheta, tf, tidyData, toTheta } from '@gogepo/nn';
import type { AlgorithmContext, AlgorithmState, CommandConditioned, EpisodeAlgorithm } from './algorithm.js';
import type { AlgorithmDefinition } from './algorithms.js';
import { checkState } from './algorithm-state.js';
import { ConfigError } from './errors.js';
import { bufferLogLength, forEachBufferRecord } from './buffer-log.js';
import { ReplayBuffer } from './replay.js';
import type { EvaluatorItem, GeneratorItem } from './gogepo-losses.js';
import type { NamedTensor } from './safetensors.js';
import { TfjsUpdate } from './tfjs-update.js';
import { NativeUpdate, type TfState } from './native-update.js';
import { AppendLog, fileSize } from './files.js';
import { runPaths } from './run-paths.js';
import { boundedInt, hiddenSizes, type MemoryItem } from './sizes.js';


/** GoGePo's hyperparameters; defaults are the paper's / reference implementation's (spec/gogepo-method.md). */
export const gogepoConfig = z
  .object({
    policyHidden: hiddenSizes.default([256, 256]),
    sliceSize: boundedInt(1, 256).default(16),
    embeddingSize: boundedInt(1, 4096).default(8),
    headHidden: hiddenSizes.default([256, 256]),
    probingStates: boundedInt(1, 100_000).default(200),
    evaluatorHidden: hiddenSizes.default([256, 256]),
    bufferCapacity: boundedInt(1, 100_000_000).default(10_000),
    batchSize: boundedInt(1, 1_000_000).default(16),
    evaluatorSteps: boundedInt(0, 1_000_000).default(4),
    generatorSteps: boundedInt(0, 1_000_000).default(19),
    evaluatorLr: z.number().positive().default(5e-3),
    generatorLr: z.number().positive().default(2e-6),
    /** Command = best training return so far + drive. */
    drive: z.number().default(20),
    /** The command of the very first episode, in return units. */
    firstCommand: z.number().default(1),
    /** Std of the Gaussian noise added to every generated parameter in training episodes. */
    noiseStd: z.number().nonnegative().default(0.1),
    /** Replay sampling weights (1/k)^recencyExponent for the k-th newest entry; 0 = uniform (the ablation of paper fig. 4). */
    recencyExponent: z.number().nonnegative().default(1.1),
    /** Scale each generated layer by 2 / sqrt(fan_in); off is the ablation of paper fig. 4. */
    outputScaling: z.boolean().default(true),
    /** Commands are fed to G as return / (rMax - rMin). */
    rMin: z.number(),
    rMax: z.number(),
    /**
     * Threads that share each update step: the batch is cut into this many parts
     * whose gradients are summed (the same loss; the summation order, and so the
     * last bits, depend on the number of threads). 1 = no helper threads.
     */
    updateThreads: z.number().int().min(1).max(64).default(1),
  })
  .strict()
  .refine((c) => c.rMax > c.rMin, { message: 'rMax must be greater than rMin', path: ['rMax'] });
export type GoGePoConfig = z.output<typeof gogepoConfig>;

const count = z.number().int().nonnegative();
/** GoGePo's section of a checkpoint (its tensors: generator/i, evaluator/i, generatorAdam/i, evaluatorAdam/i). */
export const gogepoStateSchema = z
  .object({
    episodes: count,
    bestReturn: z.number().nullable(), // null before the first episode (-Infinity in JSON)
    bufferLogBytes: count,
    generatorAdamSteps: count,
    evaluatorAdamSteps: count,
  })
  .strict();

/**
 * GoGePo (paper Algorithm 1). Per episode:
 *   c = best return so far + drive (the first episode: c = firstCommand)
 *   theta = G(c / (rMax - rMin)) + noiseStd * N(0, I); run it; push (theta, r) into D
 *   evaluatorSteps x: minimise mean (V(theta_i) - r_i)^2 over a recency-weighted batch of D
 *   generatorSteps x: minimise mean (V(G(r_i / (rMax - rMin))) - r_i)^2, V frozen
 */
export class GoGePo implements EpisodeAlgorithm, CommandConditioned {
  readonly kind = 'episode' as const;
  readonly buffer: ReplayBuffer;
  private readonly generatorNet: Generator;
  private readonly evaluatorNet: Evaluator;
  private readonly generatorOptimizer: Adam;
  private readonly evaluatorOptimizer: Adam;
  /** The buffer log (buffer.f32), opened on first write: eval, generate and sweep only read a run. */
  private bufferLog: AppendLog | undefined;
  private readonly scale: number;
  /** Where the update steps run: the native kernels, or tfjs (with helper threads for updateThreads > 1). */
  private readonly update: NativeUpdate | TfjsUpdate;
  private episodes = 0;
  private bestReturn = -Infinity;
  private lastCommand = NaN;
  private lastPrediction = NaN;
  private lastLosses = { evaluatorLoss: NaN, generatorLoss: NaN };
  /** On the native backend: the whole update in native kernels, on its own copy of the state. */
  private readonly native: NativeUpdate | undefined;
  /** The native copy has moved on since the tfjs networks were last written. */
  private tfStale = false;

  constructor(
    readonly config: GoGePoConfig,
    private readonly ctx: AlgorithmContext,
  ) {
    const { layout, rng } = ctx;
    this.generatorNet = new Generator(layout, rng, {
      sliceSize: config.sliceSize,
      embeddingSize: config.embeddingSize,
      headHidden: config.headHidden,
      outputScaling: config.outputScaling,
    });
    this.evaluatorNet = new Evaluator(layout, ctx.actionHigh, rng, {
      probingStates: config.probingStates,
      hidden: config.evaluatorHidden,
    });
    this.buffer = new ReplayBuffer(config.bufferCapacity, layout.size, config.recencyExponent);
    // PyTorch's Adam with its defaults (the reference's optimiser): betas 0.9 / 0.999, eps 1e-8.
    this.generatorOptimizer = new Adam(this.generatorNet.variables(), config.generatorLr);
    this.evaluatorOptimizer = new Adam(this.evaluatorNet.variables(), config.evaluatorLr);
    this.scale = config.rMax - config.rMin;
    if (ctx.engine === 'native') {
      this.native = new NativeUpdate(this.tfState(), layout, ctx.actionHigh, config.updateThreads);
    }
    this.update =
      this.native ??
      new TfjsUpdate(this.generatorNet, this.evaluatorNet, this.generatorOptimizer, this.evaluatorOptimizer, layout, ctx.actionHigh, config);
  }

  private get log(): AppendLog {
    this.bufferLog ??= new AppendLog(runPaths(this.ctx.runDir).buffer);
    return this.bufferLog;
  }

  /** G as tfjs networks (up to date with the native copy on that backend). */
  get generator(): Generator {
    this.syncTf();
    return this.generatorNet;
  }

  /** V as tfjs networks (up to date with the native copy on that backend). */
  get evaluator(): Evaluator {
    this.syncTf();
    return this.evaluatorNet;
  }

  private tfState(): TfState {
    return { generator: this.generatorNet, evaluator: this.evaluatorNet, generatorAdam: this.generatorOptimizer, evaluatorAdam: this.evaluatorOptimizer };
  }

  /** Writes the native copy's state into the tfjs networks if it has moved on. */
  private syncTf(): void {
    if (!this.tfStale) return;
    this.native!.push(this.tfState());
    this.tfStale = false;
  }

  /** Commands are swept over [rMin, rMax] by default. */
  get commandRange(): { from: number; to: number } {
    return { from: this.config.rMin, to: this.config.rMax };
  }

  /** The command for the next training episode, in return units. */
  command(): number {
    return this.episodes === 0 ? this.config.firstCommand : this.bestReturn + this.config.drive;
  }

  /** G(command) without noise, as a flat theta. */
  generate(command: number): Float32Array {
    if (this.native) return this.native.generate(command / this.scale);
    return tidyData(() => toTheta(this.generatorNet.generate(command / this.scale), this.ctx.layout));
  }

  ask(): Float32Array {
    this.lastCommand = this.command();
    const theta = this.generate(this.lastCommand);
    for (let i = 0; i < theta.length; i++) theta[i] += this.config.noiseStd * this.ctx.rng.normal();
    this.lastPrediction = this.predict(theta);
    return theta;
  }

  /** V(theta): the evaluator's prediction of a policy's return. */
  predict(theta: Float32Array): number {
    if (this.native) return this.native.nets.predict(this.native.evaluator, theta)[0];
    return tidyData(() => this.evaluatorNet.predict([fromTheta(theta, this.ctx.layout)]).dataSync()[0]);
  }

  /**
   * The reference's statistics rule: every observation is recorded before the
   * policy sees it, and normalisation starts after the first episode.
   */
  onObservation(observation: Float64Array): void {
    this.ctx.normaliser.record(observation, 1);
    if (this.episodes > 0) this.ctx.normaliser.refresh();
  }

  tell(theta: Float32Array, episodeReturn: number): void {
    const r = Math.fround(episodeReturn); // the buffer log stores float32; keep memory and log identical
    this.buffer.push(theta, r);
    this.appendToLog(theta, r);
    let evaluatorLoss = 0;
    let generatorLoss = 0;
    for (let i = 0; i < this.config.evaluatorSteps; i++) evaluatorLoss += this.evaluatorStep();
    for (let i = 0; i < this.config.generatorSteps; i++) generatorLoss += this.generatorStep();
    this.lastLosses = { evaluatorLoss: evaluatorLoss / Math.max(1, this.config.evaluatorSteps), generatorLoss: generatorLoss / Math.max(1, this.config.generatorSteps) };
    this.bestReturn = Math.max(this.bestReturn, episodeReturn);
    this.episodes += 1;
    this.ctx.normaliser.refresh();
  }

  evaluationPolicy(): Float32Array {
    return this.generate(this.evaluationCommand());
  }

  evaluationCommand(): number {
    return this.episodes === 0 ? this.config.firstCommand : this.bestReturn;
  }

  episodeInfo(): Record<string, number> {
    return { command: this.lastCommand };
  }

  /**
   * Health of training, per episode: the mean loss of this episode's V and G
   * steps (each measured before its step; in squared return units) and V's
   * prediction of the episode's policy before it ran (compare with its return).
   */
  episodeDiagnostics(): Record<string, number> {
    return { predictedReturn: this.lastPrediction, ...this.lastLosses };
  }

  /** One Adam step of V on a recency-weighted batch of (theta, r) from D. */
  evaluatorStep(): number {
    // Draws are with replacement: a policy drawn k times is fingerprinted once and
    // weighted k / batch in the loss, which is the same mean squared error.
    const unique = countBy(this.buffer.sample(this.ctx.rng, this.config.batchSize), (b) => b.theta);
    const items: EvaluatorItem[] = unique.map((u) => ({ theta: u.item.theta, return: u.item.return, weight: u.weight }));
    this.tfStale = this.native !== undefined;
    return this.update.evaluatorStep(items);
  }

  /** One Adam step of G on a recency-weighted batch of returns from D, through the frozen V. */
  generatorStep(): number {
    // Equal returns give equal commands and so equal policies: generate each once, weighted by its count.
    const unique = countBy(this.buffer.sample(this.ctx.rng, this.config.batchSize).map((b) => b.return), (r) => r);
    const items: GeneratorItem[] = unique.map((u) => ({ return: u.item, weight: u.weight }));
    this.tfStale = this.native !== undefined;
    return this.update.generatorStep(items, this.scale);
  }

  private appendToLog(theta: Float32Array, r: number): void {
    const record = new Float32Array(theta.length + 1);
    record.set(theta);
    record[theta.length] = r;
    this.log.append(new Uint8Array(record.buffer));
  }

  async saveState(): Promise<AlgorithmState> {
    this.syncTf();
    const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
    const put = (prefix: string, vars: tf.Tensor[]) =>
      vars.forEach((v, i) => tensors.set(`${prefix}/${i}`, { shape: v.shape, data: v.dataSync() as Float32Array }));
    put('generator', this.generatorNet.variables());
    put('evaluator', this.evaluatorNet.variables());
    const adam = { generatorAdam: this.generatorOptimizer.state(), evaluatorAdam: this.evaluatorOptimizer.state() };
    put('generatorAdam', adam.generatorAdam.moments);
    put('evaluatorAdam', adam.evaluatorAdam.moments);
    this.log.sync();
    return {
      json: {
        episodes: this.episodes,
        bestReturn: this.bestReturn,
        bufferLogBytes: this.log.size(),
        generatorAdamSteps: adam.generatorAdam.t,
        evaluatorAdamSteps: adam.evaluatorAdam.t,
      },
      tensors,
    };
  }

  async loadState(state: AlgorithmState, options: { readOnly?: boolean } = {}): Promise<void> {
    const checked = checkState('gogepo', state, gogepoStateSchema);
    const { json } = checked;
    const generatorVars = this.generatorNet.variables();
    const evaluatorVars = this.evaluatorNet.variables();
    assignAll(checked.series('generator', generatorVars.length), generatorVars);
    assignAll(checked.series('evaluator', evaluatorVars.length), evaluatorVars);
    this.generatorOptimizer.restore(json.generatorAdamSteps, checked.series('generatorAdam', 2 * generatorVars.length));
    this.evaluatorOptimizer.restore(json.evaluatorAdamSteps, checked.series('evaluatorAdam', 2 * evaluatorVars.length));
    this.episodes = json.episodes;
    this.bestReturn = json.bestReturn ?? -Infinity;
    this.tfStale = false;
    this.native?.pull(this.tfState());
    if (!options.readOnly) this.restoreBuffer(json.bufferLogBytes);
  }

  /** The generator at this point of training (the run writes it to snapshots/). */
  snapshot(): Map<string, NamedTensor> {
    const tensors = new Map<string, NamedTensor>();
    this.generator.variables().forEach((v, i) => tensors.set(`generator/${i}`, { shape: v.shape, data: v.dataSync() as Float32Array }));
    return tensors;
  }

  /** Replaces the generator's weights with a snapshot's (to generate policies as at that stage of training). */
  loadGeneratorSnapshot(tensors: Map<string, NamedTensor>): void {
    this.syncTf();
    assignFrom(tensors, 'generator', this.generatorNet.variables());
    this.native?.pull(this.tfState());
  }

  /** Cuts the buffer log back to the checkpoint and refills D with its newest records. */
  private restoreBuffer(bytes: number): void {
    const path = runPaths(this.ctx.runDir).buffer;
    if (fileSize(path) < bytes) throw new ConfigError(`${path} holds ${fileSize(path)} bytes, fewer than the ${bytes} its checkpoint saw: the replay buffer cannot be restored`);
    AppendLog.truncate(path, bytes);
    const records = bufferLogLength(path, this.ctx.layout.size, bytes);
    const first = Math.max(0, records - this.buffer.capacity);
    const indices = Array.from({ length: records - first }, (_, i) => first + i);
    forEachBufferRecord(path, this.ctx.layout.size, indices, (theta, r) => this.buffer.push(theta, r));
  }

  /** The evaluator's fingerprint of a policy: its actions on the probing states, flattened. */
  fingerprint(theta: Float32Array): Float32Array {
    return tidyData(() => this.evaluator.probingActions(fromTheta(theta, this.ctx.layout)).dataSync() as Float32Array);
  }

  dispose(): void {
    if (this.update instanceof TfjsUpdate) this.update.dispose();
    this.bufferLog?.close();
    this.generatorNet.dispose();
    this.evaluatorNet.dispose();
    this.generatorOptimizer.dispose();
    this.evaluatorOptimizer.dispose();
  }
}

/** GoGePo as the driver builds it (registered by this package's index, as the baselines register theirs). */
export const gogepoDefinition: AlgorithmDefinition<GoGePoConfig> = {
  name: 'gogepo',
  schema: gogepoConfig as unknown as AlgorithmDefinition<GoGePoConfig>['schema'],
  envDefaults: (env) => ({ rMin: env.training.rMin, rMax: env.training.rMax }),
  policyHidden: (config) => config.policyHidden,
  commandConditioned: true,
  threadsOption: 'updateThreads',
  memory: (c, { layout }) => gogepoMemory(c, layout),
  create: (config, ctx) => new GoGePo(config, ctx),
};

/** Parameters of a fully connected net with these layer sizes. */
const mlpParameters = (sizes: readonly number[]) => sizes.slice(1).reduce((sum, out, i) => sum + (sizes[i] + 1) * out, 0);

/**
 * GoGePo's large allocations, in bytes (float32): the replay buffer of whole
 * policies, G and V with their gradients and two Adam moments each, the
 * probing states, and one batch of generated policies with its backward pass.
 */
function gogepoMemory(c: GoGePoConfig, layout: { size: number; observationSize: number; actionSize: number }): MemoryItem[] {
  const f = 4;
  const tile = c.sliceSize * c.sliceSize;
  const generator = 3 * (mlpParameters([c.embeddingSize + 1, ...c.headHidden, tile]) + mlpParameters([c.embeddingSize + 1, ...c.headHidden, c.sliceSize]));
  const evaluator = mlpParameters([c.probingStates * layout.actionSize, ...c.evaluatorHidden, 1]) + c.probingStates * layout.observationSize;
  return [
    { what: `the replay buffer (bufferCapacity ${c.bufferCapacity} x ${layout.size} policy parameters)`, bytes: c.bufferCapacity * layout.size * f },
    { what: `the generator's parameters, gradients and Adam moments (sliceSize ${c.sliceSize}, headHidden ${c.headHidden.join('x')})`, bytes: 4 * generator * f },
    { what: `the evaluator's parameters, gradients and Adam moments (probingStates ${c.probingStates}, evaluatorHidden ${c.evaluatorHidden.join('x')})`, bytes: 4 * evaluator * f },
    { what: `a batch of generated policies (batchSize ${c.batchSize} x ${layout.size} parameters)`, bytes: 4 * c.batchSize * layout.size * f },
  ];
}

/** The tensors saved under `prefix/0`, `prefix/1`, ... */
function take(tensors: Map<string, NamedTensor>, prefix: string): NamedTensor[] {
  const out = [];
  for (let i = 0; tensors.has(`${prefix}/${i}`); i++) out.push(tensors.get(`${prefix}/${i}`)!);
  return out;
}

function assignFrom(tensors: Map<string, NamedTensor>, prefix: string, vars: tf.Variable[]): void {
  const saved = take(tensors, prefix);
  if (saved.length !== vars.length) throw new Error(`checkpoint: ${prefix} has ${saved.length} tensors, expected ${vars.length}`);
  assignAll(saved, vars);
}

/** Sets each variable to its saved tensor, which must have its size. */
function assignAll(saved: NamedTensor[], vars: tf.Variable[]): void {
  vars.forEach((v, i) => {
    if (saved[i].data.length !== v.size) throw new Error(`checkpoint: tensor ${i} holds ${saved[i].data.length} numbers, expected ${v.size} (${v.shape.join(' x ')})`);
    const t = tf.tensor(saved[i].data, v.shape);
    v.assign(t);
    t.dispose();
  });
}

/** Distinct items of a batch (by key, first-seen order) with their share of the batch. */
export function countBy<T, K>(batch: T[], key: (item: T) => K): { item: T; weight: number }[] {
  const seen = new Map<K, { item: T; weight: number }>();
  for (const item of batch) {
    const k = key(item);
    const entry = seen.get(k);
    if (entry) entry.weight += 1 / batch.length;
    else seen.set(k, { item, weight: 1 / batch.length });
  }
  return [...seen.values()];
}
