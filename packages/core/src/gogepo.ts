import { z } from 'zod';
import type { AlgorithmContext, AlgorithmState, CommandConditioned, EpisodeAlgorithm } from './algorithm.js';
import type { AlgorithmDefinition } from './algorithms.js';
import { checkState } from './algorithm-state.js';
import { ConfigError } from './errors.js';
import { bufferLogLength, forEachBufferRecord } from './buffer-log.js';
import { ReplayBuffer } from './replay.js';
import { gogepoConfig, gogepoMemory, type GoGePoConfig } from './gogepo-config.js';
import { cutTensors, joinTensors, type GoGePoEngine } from './gogepo-engine.js';
import type { EvaluatorItem, GeneratorItem } from './gogepo-losses.js';
import type { NamedTensor } from './safetensors.js';
import { TfjsUpdate } from './tfjs-update.js';
import { NativeUpdate } from './native-update.js';
import { AppendLog, fileSize } from './files.js';
import { runPaths } from './run-paths.js';

export { gogepoConfig, type GoGePoConfig };

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
 * G, V and their optimisers live in the engine (gogepo-engine.ts), chosen by the run.
 */
export class GoGePo implements EpisodeAlgorithm, CommandConditioned {
  readonly kind = 'episode' as const;
  readonly buffer: ReplayBuffer;
  /** Where G and V live and learn: the native kernels or tfjs. */
  readonly engine: GoGePoEngine;
  /** The buffer log (buffer.f32), opened on first write: eval, generate and sweep only read a run. */
  private bufferLog: AppendLog | undefined;
  private readonly scale: number;
  private episodes = 0;
  private bestReturn = -Infinity;
  private lastCommand = NaN;
  private lastPrediction = NaN;
  private lastLosses = { evaluatorLoss: NaN, generatorLoss: NaN };

  constructor(
    readonly config: GoGePoConfig,
    private readonly ctx: AlgorithmContext,
  ) {
    const { layout, actionHigh, rng } = ctx;
    this.engine = ctx.engine === 'native' ? NativeUpdate.create(layout, actionHigh, rng, config) : TfjsUpdate.create(layout, actionHigh, rng, config);
    this.buffer = new ReplayBuffer(config.bufferCapacity, layout.size, config.recencyExponent);
    this.scale = config.rMax - config.rMin;
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
    return this.engine.generate(command / this.scale);
  }

  ask(): Float32Array {
    this.lastCommand = this.command();
    const theta = this.generate(this.lastCommand);
    for (let i = 0; i < theta.length; i++) theta[i] += this.config.noiseStd * this.ctx.rng.normal();
    this.lastPrediction = this.engine.predict(theta);
    return theta;
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

  /** One Adam step of V on a recency-weighted batch of (theta, r) from D. */
  evaluatorStep(): number {
    // Draws are with replacement: a policy drawn k times is fingerprinted once and
    // weighted k / batch in the loss, which is the same mean squared error.
    const unique = countBy(this.buffer.sample(this.ctx.rng, this.config.batchSize), (b) => b.theta);
    const items: EvaluatorItem[] = unique.map((u) => ({ theta: u.item.theta, return: u.item.return, weight: u.weight }));
    return this.engine.evaluatorStep(items);
  }

  /** One Adam step of G on a recency-weighted batch of returns from D, through the frozen V. */
  generatorStep(): number {
    // Equal returns give equal commands and so equal policies: generate each once, weighted by its count.
    const unique = countBy(this.buffer.sample(this.ctx.rng, this.config.batchSize).map((b) => b.return), (r) => r);
    const items: GeneratorItem[] = unique.map((u) => ({ return: u.item, weight: u.weight }));
    return this.engine.generatorStep(items, this.scale);
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

  /** The evaluator's fingerprint of a policy: its actions on the probing states, flattened. */
  fingerprint(theta: Float32Array): Float32Array {
    return this.engine.fingerprint(theta);
  }

  private get log(): AppendLog {
    this.bufferLog ??= new AppendLog(runPaths(this.ctx.runDir).buffer);
    return this.bufferLog;
  }

  private appendToLog(theta: Float32Array, r: number): void {
    const record = new Float32Array(theta.length + 1);
    record.set(theta);
    record[theta.length] = r;
    this.log.append(new Uint8Array(record.buffer));
  }

  async saveState(): Promise<AlgorithmState> {
    const p = this.engine.read();
    const { shapes } = this.engine;
    const tensors = new Map<string, NamedTensor>();
    cutTensors(p.generator, shapes.generator, 'generator', tensors);
    cutTensors(p.evaluator, shapes.evaluator, 'evaluator', tensors);
    cutTensors(p.generatorAdam.m, shapes.generator, 'generatorAdam', tensors);
    cutTensors(p.generatorAdam.v, shapes.generator, 'generatorAdam', tensors, shapes.generator.length);
    cutTensors(p.evaluatorAdam.m, shapes.evaluator, 'evaluatorAdam', tensors);
    cutTensors(p.evaluatorAdam.v, shapes.evaluator, 'evaluatorAdam', tensors, shapes.evaluator.length);
    this.log.sync();
    return {
      json: {
        episodes: this.episodes,
        bestReturn: this.bestReturn,
        bufferLogBytes: this.log.size(),
        generatorAdamSteps: p.generatorAdam.t,
        evaluatorAdamSteps: p.evaluatorAdam.t,
      },
      tensors,
    };
  }

  async loadState(state: AlgorithmState, options: { readOnly?: boolean } = {}): Promise<void> {
    const checked = checkState('gogepo', state, gogepoStateSchema);
    const { json } = checked;
    const { generator, evaluator } = this.engine.shapes;
    const g = generator.length;
    const e = evaluator.length;
    const generatorAdam = checked.series('generatorAdam', 2 * g);
    const evaluatorAdam = checked.series('evaluatorAdam', 2 * e);
    this.engine.write({
      generator: joinTensors(checked.series('generator', g), generator, 'generator'),
      evaluator: joinTensors(checked.series('evaluator', e), evaluator, 'evaluator'),
      generatorAdam: { t: json.generatorAdamSteps, m: joinTensors(generatorAdam.slice(0, g), generator, 'generatorAdam'), v: joinTensors(generatorAdam.slice(g), generator, 'generatorAdam') },
      evaluatorAdam: { t: json.evaluatorAdamSteps, m: joinTensors(evaluatorAdam.slice(0, e), evaluator, 'evaluatorAdam'), v: joinTensors(evaluatorAdam.slice(e), evaluator, 'evaluatorAdam') },
    });
    this.episodes = json.episodes;
    this.bestReturn = json.bestReturn ?? -Infinity;
    if (!options.readOnly) this.restoreBuffer(json.bufferLogBytes);
  }

  /** The generator at this point of training (the run writes it to snapshots/). */
  snapshot(): Map<string, NamedTensor> {
    const tensors = new Map<string, NamedTensor>();
    cutTensors(this.engine.read().generator, this.engine.shapes.generator, 'generator', tensors);
    return tensors;
  }

  /** Replaces the generator's weights with a snapshot's (to generate policies as at that stage of training). */
  loadGeneratorSnapshot(tensors: Map<string, NamedTensor>): void {
    const shapes = this.engine.shapes.generator;
    const saved = take(tensors, 'generator');
    if (saved.length !== shapes.length) throw new Error(`checkpoint: generator has ${saved.length} tensors, expected ${shapes.length}`);
    this.engine.writeGenerator(joinTensors(saved, shapes, 'generator'));
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

  dispose(): void {
    this.engine.dispose();
    this.bufferLog?.close();
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

/** The tensors saved under `prefix/0`, `prefix/1`, ... */
function take(tensors: Map<string, NamedTensor>, prefix: string): NamedTensor[] {
  const out = [];
  for (let i = 0; tensors.has(`${prefix}/${i}`); i++) out.push(tensors.get(`${prefix}/${i}`)!);
  return out;
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
