import { existsSync } from 'node:fs';
import { make, type Env } from '@gogepo/envs';
import { backendFallbacks, engineOf, PolicyLayout, Rng, type Engine } from '@gogepo/nn';
import { isCommandConditioned, type Algorithm, type CommandConditioned } from './algorithm.js';
import { algorithmDefinition } from './algorithms.js';
import { ConfigError, oneLine } from './errors.js';
import { EvaluationProtocol } from './evaluation.js';
import { loadModules, loadRunModules } from './modules.js';
import { ObservationNormaliser } from './normaliser.js';
import { checkMemory } from './sizes.js';
import { PolicyRunner } from './policy-runner.js';
import { provenance } from './provenance.js';
import type { RunConfig } from './run-config.js';
import { RunDirectory, type Checkpoint, type RunFile, type RunSummary } from './run-directory.js';
import { initialCounters, TrainingLoop, type RunHooks } from './training-loop.js';

export { TOOL_VERSION } from './version.js';
import { TOOL_VERSION } from './version.js';

/**
 * One training run in a run directory (see RunDirectory for its files): the
 * algorithm built from the run config, its environments and observation
 * statistics, the training loop and the evaluation protocol. A run killed at
 * any moment resumes from its last checkpoint exactly as if it had not stopped.
 */
export class Run {
  private constructor(
    readonly config: RunConfig,
    readonly backend: string,
    private readonly directory: RunDirectory,
    private readonly parts: RunParts,
    private readonly loop: TrainingLoop | undefined,
    private readonly evaluation: EvaluationProtocol,
  ) {}

  /** Starts a new run in `dir` (which must not hold a run already). */
  /**
   * Starts a new run in `dir` (which must not hold a run already; `force` deletes
   * the files of one that lost its config.json) and writes its first checkpoint.
   */
  static async start(dir: string, config: RunConfig, backend: string, options: { force?: boolean } = {}): Promise<Run> {
    await loadModules(config.require);
    await checkNewRunFits(config);
    const file: RunFile = {
      version: TOOL_VERSION, backend, backendsPassedOver: [...backendFallbacks()], createdAt: new Date().toISOString(), ...provenance(), config,
    };
    const directory = RunDirectory.create(dir, file, options);
    const run = await Run.build(directory, config, backend, undefined, { writer: true });
    await run.training().saveCheckpoint(0);
    return run;
  }

  /** The run config stored in a run directory (validated). */
  static readConfig(dir: string): RunFile {
    return RunDirectory.readConfig(dir);
  }

  /** summary.json of a finished run directory. */
  static readSummary(dir: string): RunSummary {
    return RunDirectory.readSummary(dir);
  }

  /**
   * Reopens a run from its last checkpoint (or from the start if it never wrote one).
   * `readOnly` loads the learned state for evaluation and generation only: no
   * file of the run is changed and the replay buffer is not read back. A run
   * with logs but no checkpoint is refused unless `force` (which starts it over).
   * `modules`: the modules the operator named; the run's recorded ones must be among them.
   */
  static async resume(dir: string, backend: string, options: { readOnly?: boolean; force?: boolean; modules?: readonly string[] } = {}): Promise<Run> {
    await loadRunModules(dir, options.modules ?? []);
    const { config } = Run.readConfig(dir);
    const { directory, checkpoint } = options.readOnly ? RunDirectory.openReader(dir) : RunDirectory.openWriter(dir, options);
    return Run.build(directory, config, backend, checkpoint, { writer: !options.readOnly });
  }

  /** Builds the run's parts, restores them to `checkpoint` if given; on any error the directory is closed again. */
  private static async build(
    directory: RunDirectory, config: RunConfig, backend: string, checkpoint: Checkpoint | undefined, options: { writer: boolean },
  ): Promise<Run> {
    let parts: RunParts | undefined;
    try {
      parts = await buildParts(directory.dir, config, engineOf(backend));
      const { algorithm, evalEnv, runner, normaliser, rng } = parts;
      const evaluation = new EvaluationProtocol({ env: evalEnv, runner, normaliser, algorithm, runSeed: config.seed, episodes: config.evalEpisodes });
      if (checkpoint) {
        try {
          rng.restore(checkpoint.rng); // in place: the algorithm holds the same Rng and statistics
          normaliser.restore(checkpoint.normaliser);
          await algorithm.loadState(checkpoint.algorithm, { readOnly: !options.writer });
        } catch (error) {
          const message = oneLine((error as Error).message, 300);
          if (error instanceof ConfigError) throw new ConfigError(message.includes(directory.dir) ? message : `${directory.paths.manifest}: ${message}`);
          throw new ConfigError(`${directory.paths.manifest}: the checkpoint does not fit this run (${message})`);
        }
      }
      if (options.writer) directory.cutLogsToCheckpoint();
      const loop = options.writer
        ? new TrainingLoop({ config, backend, algorithm, env: parts.trainEnv, runner, normaliser, rng, directory, evaluation }, checkpoint?.counters ?? initialCounters(config))
        : undefined;
      return new Run(config, backend, directory, parts, loop, evaluation);
    } catch (error) {
      parts?.close();
      directory.close();
      throw error;
    }
  }

  get dir(): string {
    return this.directory.dir;
  }

  /** Environment steps trained so far. */
  get stepsDone(): number {
    return this.training().steps;
  }

  /**
   * The budget is spent and summary.json written. A run killed between its last
   * checkpoint and its summary is not finished: `train()` writes the summary.
   */
  get finished(): boolean {
    return this.stepsDone >= this.config.steps && existsSync(this.directory.paths.summary);
  }

  /** Trains until the budget is spent or `shouldStop` says so. */
  train(hooks: RunHooks = {}): Promise<{ status: 'finished' | 'stopped'; summary?: RunSummary }> {
    return this.training().run(hooks);
  }

  private training(): TrainingLoop {
    if (!this.loop) throw new Error(`${this.dir} was opened read-only; resume it to train`);
    return this.loop;
  }

  /** Test episodes of the algorithm's deterministic policy (the evaluation protocol, also `gogepo eval`). */
  evaluateAlgorithm(seeds: number[]): number[] {
    return this.evaluation.returns(seeds);
  }

  /** The algorithm's deterministic policy (what evaluations run). */
  evaluationPolicy(): Float32Array {
    return this.parts.algorithm.evaluationPolicy();
  }

  /** The run's algorithm as a command-conditioned one (GoGePo), or a one-line error saying this run's is not. */
  get conditioned(): Algorithm & CommandConditioned {
    const { algorithm } = this.parts;
    if (!isCommandConditioned(algorithm)) {
      throw new ConfigError(`${this.dir} is a run of ${this.config.algo}, which does not write policies for a desired return (gogepo does)`);
    }
    return algorithm;
  }

  get observationNormaliser(): ObservationNormaliser {
    return this.parts.normaliser;
  }

  get policyLayout(): PolicyLayout {
    return this.parts.layout;
  }

  get evaluationEnv(): Env {
    return this.parts.evalEnv;
  }

  get policyRunner(): PolicyRunner {
    return this.parts.runner;
  }

  close(): void {
    this.parts.close();
    this.directory.close();
  }
}

/** What a run is made of, built from its config. */
interface RunParts {
  algorithm: Algorithm;
  layout: PolicyLayout;
  runner: PolicyRunner;
  normaliser: ObservationNormaliser;
  rng: Rng;
  trainEnv: Env;
  evalEnv: Env;
  close(): void;
}

/** Every size is bounded by the schemas; their products are bounded here, before anything large is allocated. */
function checkFits(config: RunConfig, layout: PolicyLayout, maxEpisodeSteps: number): void {
  const definition = algorithmDefinition(config.algo);
  checkMemory(config.algo, [
    { what: `the policy (${layout.size} parameters)`, bytes: 4 * layout.size * 4 },
    ...(definition.memory?.(config[config.algo], { layout, maxEpisodeSteps }) ?? []),
  ]);
}

/** Refuses a new run that would not fit in memory, before its directory is made. */
async function checkNewRunFits(config: RunConfig): Promise<void> {
  const env = await make(config.env, config.trainEnvOptions);
  try {
    const definition = algorithmDefinition(config.algo);
    const layout = new PolicyLayout(env.observationSpace.shape[0], env.actionSpace.shape[0], definition.policyHidden(config[config.algo]), definition.policyActivation ?? 'tanh');
    checkFits(config, layout, env.maxEpisodeSteps);
  } finally {
    env.close();
  }
}

async function buildParts(dir: string, config: RunConfig, engine: Engine): Promise<RunParts> {
  const definition = algorithmDefinition(config.algo);
  const trainEnv = await make(config.env, config.trainEnvOptions);
  const evalEnv = await make(config.env);
  const obs = evalEnv.observationSpace.shape[0];
  const layout = new PolicyLayout(obs, evalEnv.actionSpace.shape[0], definition.policyHidden(config[config.algo]), definition.policyActivation ?? 'tanh');
  try {
    checkFits(config, layout, trainEnv.maxEpisodeSteps);
  } catch (error) {
    trainEnv.close();
    evalEnv.close();
    throw error;
  }
  const runner = new PolicyRunner(layout, evalEnv.actionSpace.high, { native: engine === 'native' });
  const normaliser = new ObservationNormaliser(obs);
  const rng = Rng.seeded(config.seed);
  const closeEnvs = () => {
    trainEnv.close();
    evalEnv.close();
  };
  let algorithm: Algorithm;
  try {
    algorithm = definition.create(config[config.algo], {
      layout, actionHigh: Float64Array.from(evalEnv.actionSpace.high), engine, rng, runDir: dir, maxEpisodeSteps: trainEnv.maxEpisodeSteps, normaliser,
    });
  } catch (error) {
    closeEnvs();
    throw error;
  }
  return {
    algorithm, layout, runner, normaliser, rng, trainEnv, evalEnv,
    close: () => {
      algorithm.dispose();
      closeEnvs();
    },
  };
}
