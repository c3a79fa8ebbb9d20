import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { make, type Env } from '@gogepo/envs';
import { backendFallbacks, PolicyLayout, Rng } from '@gogepo/nn';
import { isCommandConditioned, type Algorithm, type CommandConditioned } from './algorithm.js';
import { evaluatePolicy, evaluationSeed } from './evaluate.js';
import { ObservationNormaliser } from './normaliser.js';
import { PolicyRunner } from './policy-runner.js';
import { runEpisode, runStepwiseEpisode } from './rollout.js';
import { AppendLog, ensureDir, readJson, runPaths, writeJsonAtomic } from './run-dir.js';
import { loadModules, loadRunModules } from './modules.js';
import { DirLock } from './dir-lock.js';
import { provenance } from './provenance.js';
import { algorithmDefinition } from './algorithms.js';
import { ConfigError, parseRunConfig, zodProblem, type RunConfig } from './run-config.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';

export const TOOL_VERSION = '0.2.0';

export interface Progress {
  steps: number;
  budget: number;
  episodes: number;
  bestTrainReturn: number;
  lastEvaluation: number | undefined;
  /** Environment steps per second in this session (training and evaluation). */
  stepsPerSecond: number;
  etaSeconds: number;
}

export interface EvaluationRecord {
  steps: number;
  episodes: number;
  wallSeconds: number;
  mean: number;
  returns: number[];
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  onEvaluation?: (e: EvaluationRecord) => void;
  onCheckpoint?: (episodes: number) => void;
  /** Checked after every episode; true writes a checkpoint and returns. */
  shouldStop?: () => boolean;
}

export interface RunSummary {
  steps: number;
  episodes: number;
  wallSeconds: number;
  evaluations: number;
  /** Mean of the last 20 evaluation means (the paper's "final return"). */
  finalReturn: number;
  lastEvaluation: number;
  bestEvaluation: number;
  backend: string;
}

/**
 * The checkpoint format. 2: seeds are mixed (SplitMix64) and derived by hashing;
 * a format-1 run drew other random numbers and cannot continue bit for bit.
 */
const CHECKPOINT_FORMAT = 'gogepo-checkpoint/2';
const RETIRED_FORMATS: Record<string, string> = {
  'gogepo-checkpoint/1': 'it was written before seeds were mixed and derived by hashing, so it cannot resume bit for bit; start a new run',
};

const manifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  steps: z.number(),
  episodes: z.number(),
  evaluations: z.number(),
  nextEvalAt: z.number(),
  wallSeconds: z.number(),
  bestTrainReturn: z.number().nullable(),
  lastEvaluation: z.number().nullable(),
  rng: z.object({ gen: z.array(z.number()), spareNormal: z.number().nullable() }),
  normaliser: z.object({
    count: z.number(), mean: z.array(z.number()), m2: z.array(z.number()), appliedMean: z.array(z.number()), appliedStd: z.array(z.number()),
  }),
  algorithm: z.record(z.string(), z.unknown()),
  tensorsFile: z.string(),
  metricsBytes: z.number(),
  episodesBytes: z.number(),
});
type Manifest = z.infer<typeof manifestSchema>;

const runFileSchema = z.object({
  version: z.string(),
  backend: z.string(),
  createdAt: z.string(),
  // since 0.2.0; older runs lack them
  backendsPassedOver: z.array(z.string()).optional(),
  commit: z.string().nullable().optional(),
  machine: z.object({ cpu: z.string(), cores: z.number(), memoryGiB: z.number(), platform: z.string(), node: z.string() }).optional(),
  config: z.record(z.string(), z.unknown()),
});

/**
 * One training run in a run directory: config.json, metrics.jsonl (one line per
 * evaluation), episodes.jsonl (one line per training episode), buffer.f32,
 * checkpoint/ and, when finished, summary.json. A run killed at any moment
 * resumes from its last checkpoint exactly as if it had not stopped.
 */
export class Run {
  private steps = 0;
  private episodes = 0;
  private evaluations = 0;
  private nextEvalAt: number;
  private wallSecondsBefore = 0;
  private bestTrainReturn = -Infinity;
  private lastEvaluation: number | undefined;
  private readonly layout: PolicyLayout;
  private readonly runner: PolicyRunner;
  private normaliser: ObservationNormaliser;
  private rng: Rng;
  private algorithm!: Algorithm;
  private readonly definition: ReturnType<typeof algorithmDefinition>;
  private metricsLog!: AppendLog;
  private episodesLog!: AppendLog;
  private lock: DirLock | undefined;

  private constructor(
    readonly dir: string,
    readonly config: RunConfig,
    readonly backend: string,
    private readonly trainEnv: Env,
    private readonly evalEnv: Env,
  ) {
    const obs = evalEnv.observationSpace.shape[0];
    this.definition = algorithmDefinition(config.algo);
    this.layout = new PolicyLayout(
      obs, evalEnv.actionSpace.shape[0], this.definition.policyHidden(config[config.algo]), this.definition.policyActivation ?? 'tanh',
    );
    this.runner = new PolicyRunner(this.layout, evalEnv.actionSpace.high);
    this.normaliser = new ObservationNormaliser(obs);
    this.rng = Rng.seeded(config.seed);
    this.nextEvalAt = config.evalInterval;
  }

  /** Takes the directory's lock for a writer, and gives it back if opening fails. */
  private static async openLocked(dir: string, config: RunConfig, backend: string, lock: DirLock): Promise<Run> {
    try {
      const run = await Run.open(dir, config, backend);
      run.lock = lock;
      return run;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  private static takeLock(dir: string): DirLock {
    return DirLock.acquire(runPaths(dir).lock, `run directory ${dir}`);
  }

  private static async open(dir: string, config: RunConfig, backend: string): Promise<Run> {
    await loadModules(config.require);
    const trainEnv = await make(config.env, config.trainEnvOptions);
    const evalEnv = await make(config.env);
    const run = new Run(dir, config, backend, trainEnv, evalEnv);
    run.algorithm = run.definition.create(config[config.algo], {
      layout: run.layout,
      actionHigh: Float64Array.from(evalEnv.actionSpace.high),
      rng: run.rng,
      runDir: dir,
      maxEpisodeSteps: trainEnv.maxEpisodeSteps,
    });
    const paths = runPaths(dir);
    run.metricsLog = new AppendLog(paths.metrics);
    run.episodesLog = new AppendLog(paths.episodes);
    return run;
  }

  /** Starts a new run in `dir` (which must not hold a run already). */
  static async start(dir: string, config: RunConfig, backend: string): Promise<Run> {
    const paths = runPaths(dir);
    if (existsSync(paths.config)) throw new ConfigError(`${dir} already holds a run; use \`gogepo resume ${dir}\` or another --out`);
    ensureDir(paths.checkpoint);
    const lock = Run.takeLock(dir);
    for (const f of [paths.metrics, paths.episodes, paths.buffer]) rmSync(f, { force: true });
    writeJsonAtomic(paths.config, {
      version: TOOL_VERSION, backend, backendsPassedOver: backendFallbacks(), createdAt: new Date().toISOString(), ...provenance(), config,
    });
    return Run.openLocked(dir, config, backend, lock);
  }

  /** The run config stored in a run directory (validated). */
  static readConfig(dir: string): z.infer<typeof runFileSchema> & { config: RunConfig } {
    const paths = runPaths(dir);
    if (!existsSync(paths.config)) throw new ConfigError(`${dir} is not a run directory (no config.json)`);
    const parsed = runFileSchema.safeParse(readJson(paths.config));
    if (!parsed.success) throw new ConfigError(`${paths.config}: ${zodProblem(parsed.error)}`);
    try {
      return { ...parsed.data, config: parseRunConfig(parsed.data.config) };
    } catch (error) {
      throw new ConfigError(`${paths.config}: ${(error as Error).message}`);
    }
  }

  /**
   * Reopens a run from its last checkpoint (or from the start if it never wrote one).
   * `readOnly` loads the learned state for evaluation and generation only: no
   * file of the run is changed and the replay buffer is not read back.
   */
  static async resume(dir: string, backend: string, options: { readOnly?: boolean } = {}): Promise<Run> {
    await loadRunModules(dir);
    const { config } = Run.readConfig(dir);
    const paths = runPaths(dir);
    if (options.readOnly) {
      if (!existsSync(paths.manifest)) throw new ConfigError(`${dir} has no checkpoint yet`);
      return Run.restore(dir, config, backend, options);
    }
    ensureDir(paths.checkpoint);
    const lock = Run.takeLock(dir);
    try {
      if (!existsSync(paths.manifest)) {
        for (const f of [paths.metrics, paths.episodes, paths.buffer]) rmSync(f, { force: true });
        return await Run.openLocked(dir, config, backend, lock);
      }
      const run = await Run.restore(dir, config, backend, options);
      run.lock = lock;
      return run;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Opens a run at its last checkpoint; a writer (not readOnly) first cuts the logs back to it. */
  private static async restore(dir: string, config: RunConfig, backend: string, options: { readOnly?: boolean }): Promise<Run> {
    const paths = runPaths(dir);
    const raw = readJson(paths.manifest) as { format?: unknown };
    const retired = typeof raw?.format === 'string' ? RETIRED_FORMATS[raw.format] : undefined;
    if (retired && !options.readOnly) throw new ConfigError(`${dir}: checkpoint format ${raw.format} is retired: ${retired}`);
    const parsed = manifestSchema.safeParse(retired ? { ...raw, format: CHECKPOINT_FORMAT } : raw);
    if (!parsed.success) throw new ConfigError(`${paths.manifest}: ${zodProblem(parsed.error)}`);
    const m = parsed.data;
    if (!options.readOnly) {
      AppendLog.truncate(paths.metrics, m.metricsBytes);
      AppendLog.truncate(paths.episodes, m.episodesBytes);
    }
    const run = await Run.open(dir, config, backend);
    run.steps = m.steps;
    run.episodes = m.episodes;
    run.evaluations = m.evaluations;
    run.nextEvalAt = m.nextEvalAt;
    run.wallSecondsBefore = m.wallSeconds;
    run.bestTrainReturn = m.bestTrainReturn ?? -Infinity;
    run.lastEvaluation = m.lastEvaluation ?? undefined;
    run.normaliser = ObservationNormaliser.fromJSON(m.normaliser);
    run.rng.restore(m.rng); // in place: the algorithm holds the same Rng
    await run.algorithm.loadState({ json: m.algorithm, tensors: readSafetensors(join(paths.checkpoint, m.tensorsFile)) }, options);
    return run;
  }

  /** summary.json of a finished run directory. */
  static readSummary(dir: string): RunSummary {
    const path = runPaths(dir).summary;
    if (!existsSync(path)) throw new ConfigError(`${dir} has not finished (no summary.json)`);
    return readJson(path) as RunSummary;
  }

  /** Environment steps trained so far. */
  get stepsDone(): number {
    return this.steps;
  }

  get finished(): boolean {
    return this.steps >= this.config.steps;
  }

  /** One training episode: ask / run / tell, or step by step for a step learner. */
  private trainingEpisode(): { info: Record<string, number>; episode: { return: number; length: number } } {
    const algorithm = this.algorithm;
    const seed = this.rng.seed();
    if (algorithm.kind === 'step') {
      const info = algorithm.episodeInfo();
      return { info, episode: runStepwiseEpisode(this.trainEnv, algorithm, seed) };
    }
    const theta = algorithm.ask();
    const info = algorithm.episodeInfo();
    const mode = algorithm.statisticsUpdate;
    const episode = runEpisode(this.trainEnv, this.runner, theta, this.normaliser, seed, mode === 'episode', mode === 'step' ? this.recordStep : undefined);
    if (mode === 'episode') this.normaliser.record(episode.observations!, episode.length);
    const refresh = algorithm.tell(theta, episode.return);
    if (mode === 'step' || refresh) this.normaliser.refresh();
    return { info, episode };
  }

  /** Per-step statistics: record the observation, and normalise with it from the second episode on. */
  private readonly recordStep = (obs: Float64Array): void => {
    this.normaliser.record(obs, 1);
    if (this.episodes > 0) this.normaliser.refresh();
  };

  /** Trains until the budget is spent or `shouldStop` says so. */
  async train(hooks: RunHooks = {}): Promise<{ status: 'finished' | 'stopped'; summary?: RunSummary }> {
    const sessionStart = performance.now();
    const stepsAtStart = this.steps;
    let lastCheckpoint = sessionStart;
    let episodesSinceCheckpoint = 0;
    const wall = () => this.wallSecondsBefore + (performance.now() - sessionStart) / 1000;
    let snapshotStage = this.snapshotStage();
    while (this.steps < this.config.steps) {
      await new Promise((resolve) => setImmediate(resolve)); // lets signal handlers (Ctrl-C) run between episodes
      if (hooks.shouldStop?.()) {
        await this.checkpoint(wall());
        hooks.onCheckpoint?.(this.episodes);
        return { status: 'stopped' };
      }
      const { info, episode } = this.trainingEpisode();
      this.steps += episode.length;
      this.episodes += 1;
      this.bestTrainReturn = Math.max(this.bestTrainReturn, episode.return);
      this.episodesLog.appendJson({
        episode: this.episodes, steps: this.steps, return: episode.return, length: episode.length, wallSeconds: wall(), ...info,
      });
      if (this.steps >= this.nextEvalAt) {
        const record = this.evaluate(wall());
        hooks.onEvaluation?.(record);
        this.nextEvalAt = (Math.floor(this.steps / this.config.evalInterval) + 1) * this.config.evalInterval;
      }
      if (this.snapshotStage() > snapshotStage) {
        this.writeSnapshot();
        snapshotStage = this.snapshotStage();
      }
      const sessionSeconds = (performance.now() - sessionStart) / 1000;
      const rate = (this.steps - stepsAtStart) / Math.max(sessionSeconds, 1e-9);
      hooks.onProgress?.({
        steps: this.steps, budget: this.config.steps, episodes: this.episodes, bestTrainReturn: this.bestTrainReturn,
        lastEvaluation: this.lastEvaluation, stepsPerSecond: rate, etaSeconds: Math.max(0, this.config.steps - this.steps) / rate,
      });
      episodesSinceCheckpoint += 1;
      const every = this.config.checkpointEpisodes;
      if ((every > 0 && episodesSinceCheckpoint >= every) || performance.now() - lastCheckpoint > this.config.checkpointSeconds * 1000) {
        await this.checkpoint(wall());
        hooks.onCheckpoint?.(this.episodes);
        lastCheckpoint = performance.now();
        episodesSinceCheckpoint = 0;
      }
    }
    await this.checkpoint(wall());
    const summary = this.summary(wall());
    writeJsonAtomic(runPaths(this.dir).summary, summary);
    return { status: 'finished', summary };
  }

  /** The evaluation protocol: the algorithm's deterministic policy, `evalEpisodes` test episodes. */
  private evaluate(wallSeconds: number): EvaluationRecord {
    const seeds = Array.from({ length: this.config.evalEpisodes }, (_, j) => evaluationSeed(this.config.seed, this.evaluations, j));
    const returns = this.evaluateAlgorithm(seeds);
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    this.evaluations += 1;
    this.lastEvaluation = mean;
    const record = { steps: this.steps, episodes: this.episodes, wallSeconds, mean, returns };
    this.metricsLog.appendJson(record);
    return record;
  }

  /** How many of the `snapshots` evenly spaced points of the budget this run has passed. */
  private snapshotStage(): number {
    const n = this.config.snapshots;
    return n > 0 ? Math.min(n, Math.floor((this.steps * n) / this.config.steps)) : 0;
  }

  private writeSnapshot(): void {
    const tensors = this.algorithm.snapshot?.();
    if (!tensors) return;
    const dir = runPaths(this.dir).snapshots;
    ensureDir(dir);
    writeSafetensors(join(dir, `steps-${this.steps}.safetensors`), tensors);
  }

  private async checkpoint(wallSeconds: number): Promise<void> {
    const paths = runPaths(this.dir);
    const state = await this.algorithm.saveState();
    const tensorsFile = `state-${this.episodes}.safetensors`;
    writeSafetensors(join(paths.checkpoint, tensorsFile), state.tensors);
    this.metricsLog.sync();
    this.episodesLog.sync();
    const manifest: Manifest = {
      format: CHECKPOINT_FORMAT,
      steps: this.steps,
      episodes: this.episodes,
      evaluations: this.evaluations,
      nextEvalAt: this.nextEvalAt,
      wallSeconds,
      bestTrainReturn: Number.isFinite(this.bestTrainReturn) ? this.bestTrainReturn : null,
      lastEvaluation: this.lastEvaluation ?? null,
      rng: this.rng.state(),
      normaliser: this.normaliser.toJSON(),
      algorithm: state.json,
      tensorsFile,
      metricsBytes: this.metricsLog.size(),
      episodesBytes: this.episodesLog.size(),
    };
    writeJsonAtomic(paths.manifest, manifest);
    for (const f of readdirSync(paths.checkpoint)) {
      if (f.startsWith('state-') && f !== tensorsFile) rmSync(join(paths.checkpoint, f), { force: true });
    }
  }

  private summary(wallSeconds: number): RunSummary {
    const means = readEvaluations(this.dir).map((e) => e.mean);
    const last20 = means.slice(-20);
    return {
      steps: this.steps,
      episodes: this.episodes,
      wallSeconds,
      evaluations: means.length,
      finalReturn: last20.reduce((s, x) => s + x, 0) / Math.max(last20.length, 1),
      lastEvaluation: means.at(-1) ?? NaN,
      bestEvaluation: Math.max(...means),
      backend: this.backend,
    };
  }

  /** Test episodes of the algorithm's deterministic policy (the evaluation protocol, also `gogepo eval`). */
  evaluateAlgorithm(seeds: number[]): number[] {
    if (this.algorithm.evaluateEpisodes) return this.algorithm.evaluateEpisodes(this.evalEnv, seeds);
    return evaluatePolicy(this.evalEnv, this.runner, this.algorithm.evaluationPolicy(), this.normaliser, seeds);
  }

  /** The algorithm's deterministic policy (what evaluations run). */
  evaluationPolicy(): Float32Array {
    return this.algorithm.evaluationPolicy();
  }

  /** The GoGePo trainer of this run (for generate / sweep); an error for other algorithms. */
  /** The run's algorithm as a command-conditioned one (GoGePo), or a one-line error saying this run's is not. */
  get conditioned(): Algorithm & CommandConditioned {
    if (!isCommandConditioned(this.algorithm)) {
      throw new ConfigError(`${this.dir} is a run of ${this.config.algo}, which does not write policies for a desired return (gogepo does)`);
    }
    return this.algorithm;
  }

  get observationNormaliser(): ObservationNormaliser {
    return this.normaliser;
  }

  get policyLayout(): PolicyLayout {
    return this.layout;
  }

  get evaluationEnv(): Env {
    return this.evalEnv;
  }

  get policyRunner(): PolicyRunner {
    return this.runner;
  }

  close(): void {
    this.algorithm.dispose();
    this.metricsLog.close();
    this.episodesLog.close();
    this.trainEnv.close();
    this.evalEnv.close();
    this.lock?.release();
  }
}

/** The learner snapshots of a run directory (oldest first), for the policy map. */
export function listSnapshots(dir: string): { steps: number; path: string }[] {
  const snapshots = runPaths(dir).snapshots;
  if (!existsSync(snapshots)) return [];
  return readdirSync(snapshots)
    .map((f) => /^steps-(\d+)\.safetensors$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ steps: Number(m[1]), path: join(snapshots, m[0]) }))
    .sort((a, b) => a.steps - b.steps);
}

/** The evaluation records of a run directory (metrics.jsonl). */
export function readEvaluations(dir: string): EvaluationRecord[] {
  const path = runPaths(dir).metrics;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvaluationRecord);
}
