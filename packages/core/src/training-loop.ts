import type { Env } from '@gogepo/envs';
import type { Rng } from '@gogepo/nn';
import type { Algorithm } from './algorithm.js';
import { finalReturn, type EvaluationProtocol } from './evaluation.js';
import type { ObservationNormaliser } from './normaliser.js';
import type { PolicyRunner } from './policy-runner.js';
import { runEpisode, runStepwiseEpisode } from './rollout.js';
import type { RunConfig } from './run-config.js';
import { readEvaluations, type EvaluationRecord, type RunDirectory, type RunSummary, type TrainingCounters } from './run-directory.js';

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

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  onEvaluation?: (e: EvaluationRecord) => void;
  onCheckpoint?: (episodes: number) => void;
  /** Checked after every episode; true writes a checkpoint and returns. */
  shouldStop?: () => boolean;
}

/** What the loop drives: one run's algorithm, training environment, statistics and files. */
export interface TrainingSetup {
  config: RunConfig;
  backend: string;
  algorithm: Algorithm;
  /** The training environment (evaluation has its own). */
  env: Env;
  runner: PolicyRunner;
  normaliser: ObservationNormaliser;
  /** The run's one random generator: episode seeds come from it, and the algorithm draws from it too. */
  rng: Rng;
  directory: RunDirectory;
  evaluation: EvaluationProtocol;
}

export function initialCounters(config: RunConfig): TrainingCounters {
  return { steps: 0, episodes: 0, evaluations: 0, nextEvalAt: config.evalInterval, wallSeconds: 0, bestTrainReturn: null, lastEvaluation: null };
}

/**
 * The training loop: episodes until the budget is spent; an evaluation every
 * `evalInterval` steps, snapshots at evenly spaced points of the budget, and a
 * checkpoint every `checkpointSeconds` (and `checkpointEpisodes`) and on stop.
 */
export class TrainingLoop {
  constructor(
    private readonly setup: TrainingSetup,
    private readonly counters: TrainingCounters,
  ) {}

  get steps(): number {
    return this.counters.steps;
  }

  /** Trains until the budget is spent or `shouldStop` says so. */
  async run(hooks: RunHooks = {}): Promise<{ status: 'finished' | 'stopped'; summary?: RunSummary }> {
    const { config, directory } = this.setup;
    const c = this.counters;
    const sessionStart = performance.now();
    const wallBefore = c.wallSeconds;
    const stepsAtStart = c.steps;
    let lastCheckpoint = sessionStart;
    let episodesSinceCheckpoint = 0;
    const wall = () => wallBefore + (performance.now() - sessionStart) / 1000;
    let snapshotStage = this.snapshotStage();
    while (c.steps < config.steps) {
      await new Promise((resolve) => setImmediate(resolve)); // lets signal handlers (Ctrl-C) run between episodes
      if (hooks.shouldStop?.()) {
        await this.saveCheckpoint(wall());
        hooks.onCheckpoint?.(c.episodes);
        return { status: 'stopped' };
      }
      const { info, episode } = this.trainingEpisode();
      c.steps += episode.length;
      c.episodes += 1;
      c.bestTrainReturn = Math.max(c.bestTrainReturn ?? -Infinity, episode.return);
      directory.appendEpisode({ episode: c.episodes, steps: c.steps, return: episode.return, length: episode.length, wallSeconds: wall(), ...info });
      if (c.steps >= c.nextEvalAt) {
        const record = this.evaluate(wall()); // not inside the optional call: it must run without a hook too
        hooks.onEvaluation?.(record);
        c.nextEvalAt = (Math.floor(c.steps / config.evalInterval) + 1) * config.evalInterval;
      }
      if (this.snapshotStage() > snapshotStage) {
        this.writeSnapshot();
        snapshotStage = this.snapshotStage();
      }
      const rate = (c.steps - stepsAtStart) / Math.max((performance.now() - sessionStart) / 1000, 1e-9);
      hooks.onProgress?.({
        steps: c.steps, budget: config.steps, episodes: c.episodes, bestTrainReturn: c.bestTrainReturn,
        lastEvaluation: c.lastEvaluation ?? undefined, stepsPerSecond: rate, etaSeconds: Math.max(0, config.steps - c.steps) / rate,
      });
      episodesSinceCheckpoint += 1;
      const every = config.checkpointEpisodes;
      if ((every > 0 && episodesSinceCheckpoint >= every) || performance.now() - lastCheckpoint > config.checkpointSeconds * 1000) {
        await this.saveCheckpoint(wall());
        hooks.onCheckpoint?.(c.episodes);
        lastCheckpoint = performance.now();
        episodesSinceCheckpoint = 0;
      }
    }
    await this.saveCheckpoint(wall());
    const summary = this.summary(wall());
    directory.writeSummary(summary);
    return { status: 'finished', summary };
  }

  /** One training episode: ask / run / tell, or step by step for a step learner. */
  private trainingEpisode(): { info: Record<string, number>; episode: { return: number; length: number } } {
    const { algorithm, env, runner, normaliser, rng } = this.setup;
    const seed = rng.seed();
    if (algorithm.kind === 'step') {
      const info = algorithm.episodeInfo();
      return { info, episode: runStepwiseEpisode(env, algorithm, seed) };
    }
    const theta = algorithm.ask();
    const info = algorithm.episodeInfo();
    const episode = runEpisode(env, { runner, theta, normaliser }, seed, {
      keepObservations: true,
      onObservation: algorithm.onObservation?.bind(algorithm),
    });
    algorithm.tell(theta, episode.return, episode.observations!);
    return { info: { ...info, ...algorithm.episodeDiagnostics?.() }, episode };
  }

  private evaluate(wallSeconds: number): EvaluationRecord {
    const c = this.counters;
    const { mean, returns } = this.setup.evaluation.evaluate(c.evaluations);
    c.evaluations += 1;
    c.lastEvaluation = mean;
    const record = { steps: c.steps, episodes: c.episodes, wallSeconds, mean, returns };
    this.setup.directory.appendEvaluation(record);
    return record;
  }

  /** How many of the `snapshots` evenly spaced points of the budget this run has passed. */
  private snapshotStage(): number {
    const n = this.setup.config.snapshots;
    return n > 0 ? Math.min(n, Math.floor((this.counters.steps * n) / this.setup.config.steps)) : 0;
  }

  private writeSnapshot(): void {
    const tensors = this.setup.algorithm.snapshot?.();
    if (!tensors) return;
    // the statistics the snapshot's policies see (a viewer acts with them)
    const { mean, std } = this.setup.normaliser.applied();
    tensors.set('normaliser/mean', { shape: [mean.length], data: Float32Array.from(mean) });
    tensors.set('normaliser/std', { shape: [std.length], data: Float32Array.from(std) });
    this.setup.directory.writeSnapshot(this.counters.steps, tensors);
  }

  /** Writes a checkpoint of where training stands (the loop does so on its schedule; `Run.start` writes the first). */
  async saveCheckpoint(wallSeconds: number): Promise<void> {
    const { algorithm, rng, normaliser, directory } = this.setup;
    this.counters.wallSeconds = wallSeconds;
    const state = await algorithm.saveState();
    directory.writeCheckpoint({ counters: { ...this.counters }, rng: rng.state(), normaliser: normaliser.toJSON(), algorithm: state });
  }

  private summary(wallSeconds: number): RunSummary {
    const means = readEvaluations(this.setup.directory.dir).map((e) => e.mean);
    return {
      steps: this.counters.steps,
      episodes: this.counters.episodes,
      wallSeconds,
      evaluations: means.length,
      finalReturn: finalReturn(means),
      lastEvaluation: means.at(-1) ?? NaN,
      bestEvaluation: Math.max(...means),
      backend: this.setup.backend,
    };
  }
}
