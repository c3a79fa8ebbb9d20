import type { AlgorithmContext, AlgorithmState, CommandConditioned, EpisodeAlgorithm, GeneratorView } from '../algorithm.js';
import type { NamedTensor } from '../safetensors.js';
import { BufferLog, bufferLogPath } from './buffer-log.js';
import { generatorFromTensors, generatorTensors, loadGoGePoState, saveGoGePoState } from './checkpoint.js';
import type { GoGePoConfig } from './config.js';
import type { GoGePoEngine } from './engine.js';
import { NativeEngine } from './native-engine.js';
import { distinctWithShares, ReplayBuffer } from './replay.js';
import { TfjsEngine } from './tfjs-engine.js';

/**
 * GoGePo, paper Algorithm 1 (the method and where we differ: docs/method.md). Per episode:
 *   c = best return so far + drive (the first episode: c = firstCommand)
 *   theta = G(c / (rMax - rMin)) + noiseStd * N(0, I); run it; push (theta, r) into D
 *   evaluatorSteps x: minimise mean (V(theta_i) - r_i)^2 over a recency-weighted batch of D
 *   generatorSteps x: minimise mean (V(G(r_i / (rMax - rMin))) - r_i)^2, V frozen
 * G, V and their optimisers live in the engine (engine.ts), chosen by the run.
 */
export class GoGePo implements EpisodeAlgorithm, CommandConditioned {
  readonly kind = 'episode' as const;
  /** D: every (theta, return) tried, the newest `bufferCapacity` of them. */
  readonly buffer: ReplayBuffer;
  /** Where G and V live and learn: the native kernels or tfjs. */
  readonly engine: GoGePoEngine;
  /** D on disk (buffer.f32), so a resumed run refills it exactly. */
  private readonly log: BufferLog;
  /** Commands are fed to G divided by this (r_max - r_min). */
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
    this.engine = ctx.engine === 'native' ? NativeEngine.create(layout, actionHigh, rng, config) : TfjsEngine.create(layout, actionHigh, rng, config);
    this.buffer = new ReplayBuffer(config.bufferCapacity, layout.size, config.recencyExponent);
    this.log = new BufferLog(bufferLogPath(ctx.runDir));
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

  /** The next training episode's policy: G(c) plus Gaussian noise on every parameter. */
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

  /** Pushes the episode into D, then trains V, then G. */
  tell(theta: Float32Array, episodeReturn: number): void {
    const r = Math.fround(episodeReturn); // the buffer log stores float32; keep memory and log identical
    this.buffer.push(theta, r);
    this.log.append(theta, r);
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
    const batch = distinctWithShares(this.buffer.sample(this.ctx.rng, this.config.batchSize), (b) => b.theta);
    return this.engine.evaluatorStep(batch.map((u) => ({ theta: u.item.theta, return: u.item.return, weight: u.weight })));
  }

  /** One Adam step of G on a recency-weighted batch of returns from D, through the frozen V. */
  generatorStep(): number {
    // Equal returns give equal commands and so equal policies: generate each once, weighted by its count.
    const batch = distinctWithShares(this.buffer.sample(this.ctx.rng, this.config.batchSize).map((b) => b.return), (r) => r);
    return this.engine.generatorStep(batch.map((u) => ({ return: u.item, weight: u.weight })), this.scale);
  }

  /** The evaluation protocol's policy: G at the best training return so far, without noise. */
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

  async saveState(): Promise<AlgorithmState> {
    const counters = { episodes: this.episodes, bestReturn: this.bestReturn, bufferLogBytes: this.log.syncedSize() };
    return saveGoGePoState(this.engine.read(), this.engine.shapes, counters);
  }

  /** Restores a checkpoint; unless `readOnly`, cuts the buffer log back to it and refills D with its newest records. */
  async loadState(state: AlgorithmState, options: { readOnly?: boolean } = {}): Promise<void> {
    const { params, counters } = loadGoGePoState(state, this.engine.shapes);
    this.engine.write(params);
    this.episodes = counters.episodes;
    this.bestReturn = counters.bestReturn;
    if (!options.readOnly) this.log.restore(counters.bufferLogBytes, this.ctx.layout.size, this.buffer.capacity, (theta, r) => this.buffer.push(theta, r));
  }

  /** The generator at this point of training (the run writes it to snapshots/). */
  snapshot(): Map<string, NamedTensor> {
    return generatorTensors(this.engine.read().generator, this.engine.shapes);
  }

  /** Replaces the generator's weights with a snapshot's (to generate policies as at that stage of training). */
  loadGeneratorSnapshot(tensors: Map<string, NamedTensor>): void {
    this.engine.writeGenerator(generatorFromTensors(tensors, this.engine.shapes));
  }

  generatorView(snapshot?: Map<string, NamedTensor>): GeneratorView {
    const params = snapshot ? generatorFromTensors(snapshot, this.engine.shapes) : this.engine.read().generator;
    return { options: this.config, commandScale: this.scale, params }; // Generator's options are the config fields of the same names
  }

  dispose(): void {
    this.engine.dispose();
    this.log.close();
  }
}
