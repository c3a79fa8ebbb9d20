import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { envSpec } from '@gogepo/envs';
import type { AlgorithmState } from './algorithm.js';
import { algorithmFiles } from './algorithms.js';
import { DirLock } from './dir-lock.js';
import { ConfigError, zodProblem } from './errors.js';
import { AppendLog, ensureDir, fileSize, readJson, readJsonFile, writeJsonAtomic } from './files.js';
import type { NormaliserState } from './normaliser.js';
import { parseRunConfig, type RunConfig } from './run-config.js';
import { runPaths } from './run-paths.js';
import { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors.js';
import { printedCommand } from './printed-command.js';

/** One line of metrics.jsonl: an evaluation of the run's deterministic policy. */
export interface EvaluationRecord {
  steps: number;
  episodes: number;
  wallSeconds: number;
  mean: number;
  returns: number[];
}

/** summary.json of a finished run. */
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

/** Where training stands (saved with every checkpoint). */
export interface TrainingCounters {
  steps: number;
  episodes: number;
  evaluations: number;
  /** The step count at which the next evaluation is due. */
  nextEvalAt: number;
  wallSeconds: number;
  /** null before the first episode. */
  bestTrainReturn: number | null;
  /** null before the first evaluation. */
  lastEvaluation: number | null;
}

/** Everything a run needs to continue exactly where it was. */
export interface Checkpoint {
  counters: TrainingCounters;
  rng: { gen: number[]; spareNormal: number | null };
  normaliser: NormaliserState;
  algorithm: AlgorithmState;
}

/**
 * The checkpoint format. 2: seeds are mixed (SplitMix64) and derived by hashing;
 * a format-1 run drew other random numbers and cannot continue bit for bit.
 */
const CHECKPOINT_FORMAT = 'gogepo-checkpoint/2';
const RETIRED_FORMATS: Record<string, string> = {
  'gogepo-checkpoint/1': 'it was written before seeds were mixed and derived by hashing, so it cannot resume bit for bit; start a new run',
};

const finiteNumber = z.number().finite();
/** One line of metrics.jsonl. */
const evaluationSchema = z.object({
  steps: z.number().int().nonnegative(),
  episodes: z.number().int().nonnegative(),
  wallSeconds: z.number().nonnegative(),
  mean: finiteNumber,
  returns: z.array(finiteNumber).max(1_000_000),
});
const summarySchema = z.object({
  steps: z.number().int().nonnegative(),
  episodes: z.number().int().nonnegative(),
  wallSeconds: z.number().nonnegative(),
  evaluations: z.number().int().nonnegative(),
  // null: a run that made no evaluation (NaN in JSON)
  finalReturn: finiteNumber.nullable().transform((v) => v ?? NaN),
  lastEvaluation: finiteNumber.nullable().transform((v) => v ?? NaN),
  bestEvaluation: finiteNumber.nullable().transform((v) => v ?? NaN),
  backend: z.string(),
});

/** The most observation dimensions a checkpoint's statistics may hold (a bound checked before they are used). */
const MAX_OBSERVATION_SIZE = 100_000;
const count = z.number().int().nonnegative();
const statistic = z.array(z.number()).max(MAX_OBSERVATION_SIZE, { message: `at most ${MAX_OBSERVATION_SIZE} observation dimensions` });
const manifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  steps: count,
  episodes: count,
  evaluations: count,
  nextEvalAt: count,
  wallSeconds: z.number().nonnegative(),
  bestTrainReturn: z.number().nullable(),
  lastEvaluation: z.number().nullable(),
  // xoroshiro128+'s state: four signed 32-bit words (pure-rand's layout)
  rng: z.object({ gen: z.array(z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1)).length(4), spareNormal: finiteNumber.nullable() }),
  normaliser: z.object({ count: z.number().nonnegative(), mean: statistic, m2: statistic, appliedMean: statistic, appliedStd: statistic }),
  // each algorithm validates its own section (AlgorithmState, checkState)
  algorithm: z.record(z.string(), z.unknown()),
  /** Always a file of checkpoint/ itself: a manifest cannot make a reader open anything outside it. */
  tensorsFile: z.string().regex(/^state-\d+\.safetensors$/, { message: 'must name a state-N.safetensors file of checkpoint/' }),
  metricsBytes: count,
  episodesBytes: count,
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
/** config.json: the run config and where it was made. */
export type RunFile = z.infer<typeof runFileSchema> & { config: RunConfig };

/**
 * The files of one run (config.json, metrics.jsonl, episodes.jsonl,
 * checkpoint/, snapshots/, summary.json) and the lock of the process that
 * writes them. A writer holds the lock and appends; a reader (eval, generate,
 * sweep) changes nothing.
 */
export class RunDirectory {
  readonly paths: ReturnType<typeof runPaths>;
  private readonly logs: { metrics: AppendLog; episodes: AppendLog } | undefined;
  /** The log lengths a writer's checkpoint saw, until the logs are cut back to them. */
  private logsAtCheckpoint: { metrics: number; episodes: number } | undefined;

  private constructor(
    readonly dir: string,
    private readonly lock: DirLock | undefined,
  ) {
    this.paths = runPaths(dir);
    this.logs = lock ? { metrics: new AppendLog(this.paths.metrics), episodes: new AppendLog(this.paths.episodes) } : undefined;
  }

  /** A new run in `dir`, which must not hold one: writes config.json and takes the lock. */
  static create(dir: string, file: RunFile, options: { force?: boolean } = {}): RunDirectory {
    const paths = runPaths(dir);
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError(`${dir} is a file, not a run directory; choose another --out`);
    if (existsSync(paths.config)) throw new ConfigError(`${dir} already holds a run; use \`${printedCommand('gogepo', ['resume', dir])}\` or another --out`);
    const leftovers = RunDirectory.runFiles(dir);
    if (leftovers.length > 0 && !options.force) {
      throw new ConfigError(`${dir} holds files of a run (${leftovers.join(', ')}) but no config.json; move them away, or pass --force to delete them`);
    }
    ensureDir(paths.checkpoint);
    const lock = RunDirectory.takeLock(dir);
    RunDirectory.clearRunFiles(dir);
    writeJsonAtomic(paths.config, file);
    return new RunDirectory(dir, lock);
  }

  /**
   * An existing run, to continue it: takes the lock and cuts the logs back to the
   * last checkpoint (a run that never wrote one starts its logs afresh).
   * Returns the checkpoint, if there is one.
   */
  static openWriter(dir: string, options: { force?: boolean } = {}): { directory: RunDirectory; checkpoint: Checkpoint | undefined } {
    const paths = runPaths(dir);
    ensureDir(paths.checkpoint);
    const lock = RunDirectory.takeLock(dir);
    try {
      removeStaleTempFiles([dir, paths.checkpoint, paths.snapshots]);
      const found = existsSync(paths.manifest) ? readManifest(dir, { writer: true }) : undefined;
      // A run writes its first checkpoint when it starts: logs without one mean the manifest was lost.
      const logs = found ? [] : RunDirectory.runFiles(dir).filter((f) => f !== 'checkpoint/');
      if (logs.length > 0 && !options.force) {
        throw new ConfigError(`${dir} has logs (${logs.join(', ')}) but no checkpoint/manifest.json; resuming would start over and delete them: pass --force to do that`);
      }
      if (found) {
        for (const [path, bytes] of [[paths.metrics, found.manifest.metricsBytes], [paths.episodes, found.manifest.episodesBytes]] as const) {
          if (fileSize(path) < bytes) {
            throw new ConfigError(`${path} holds ${fileSize(path)} bytes, fewer than the ${bytes} its checkpoint saw: it was cut or replaced after the checkpoint, so the run cannot continue exactly`);
          }
        }
      } else {
        RunDirectory.clearRunFiles(dir);
      }
      const directory = new RunDirectory(dir, lock);
      if (found) directory.logsAtCheckpoint = { metrics: found.manifest.metricsBytes, episodes: found.manifest.episodesBytes };
      return { directory, checkpoint: found?.checkpoint };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** An existing run at its last checkpoint, for reading only (no lock; nothing is written). */
  static openReader(dir: string): { directory: RunDirectory; checkpoint: Checkpoint } {
    if (!existsSync(runPaths(dir).manifest)) throw new ConfigError(`${dir} has no checkpoint yet`);
    return { directory: new RunDirectory(dir, undefined), checkpoint: readLatestManifest(dir).checkpoint };
  }

  /**
   * config.json of a run directory (validated). `record` reads it as a record
   * only (for listing and showing runs): an algorithm or environment from a
   * module that is not loaded is taken as the file says.
   */
  static readConfig(dir: string, options: { record?: boolean } = {}): RunFile {
    const paths = runPaths(dir);
    if (!existsSync(paths.config)) throw new ConfigError(`${dir} is not a run directory (no config.json)`);
    const parsed = runFileSchema.safeParse(readJson(paths.config));
    if (!parsed.success) throw new ConfigError(`${paths.config}: ${zodProblem(parsed.error)}`);
    try {
      const config = parseRunConfig(parsed.data.config, options);
      if (!options.record) envSpec(config.env); // an unknown environment is this file's problem too
      return { ...parsed.data, config };
    } catch (error) {
      throw new ConfigError(`${paths.config}: ${(error as Error).message}`);
    }
  }

  /** summary.json of a finished run directory. */
  static readSummary(dir: string): RunSummary {
    const path = runPaths(dir).summary;
    if (!existsSync(path)) throw new ConfigError(`${dir} has not finished (no summary.json)`);
    return readJsonFile(path, summarySchema);
  }

  /** The run files in `dir` that hold data (non-empty logs, checkpoint state, a summary). */
  private static runFiles(dir: string): string[] {
    const paths = runPaths(dir);
    const named: [string, string][] = [['metrics.jsonl', paths.metrics], ['episodes.jsonl', paths.episodes], ...algorithmFiles().map((f): [string, string] => [f, join(dir, f)]), ['summary.json', paths.summary]];
    const found = named.filter(([, path]) => fileSize(path) > 0).map(([name]) => name);
    if (existsSync(paths.checkpoint) && readdirSync(paths.checkpoint).some((f) => f === 'manifest.json' || f.startsWith('state-'))) found.push('checkpoint/');
    return found;
  }

  private static takeLock(dir: string): DirLock {
    return DirLock.acquire(runPaths(dir).lock, `run directory ${dir}`);
  }

  /** The files of a run that has no checkpoint to continue from (all of them: it starts over). */
  private static clearRunFiles(dir: string): void {
    const paths = runPaths(dir);
    for (const f of [paths.metrics, paths.episodes, ...algorithmFiles().map((f) => join(dir, f)), paths.summary, paths.manifest]) rmSync(f, { force: true });
    rmSync(paths.snapshots, { recursive: true, force: true });
  }

  /** Cuts the logs back to what the checkpoint saw: done once the checkpoint has loaded, so a failed resume changes nothing. */
  cutLogsToCheckpoint(): void {
    if (!this.logsAtCheckpoint) return;
    AppendLog.truncate(this.paths.metrics, this.logsAtCheckpoint.metrics);
    AppendLog.truncate(this.paths.episodes, this.logsAtCheckpoint.episodes);
    this.logsAtCheckpoint = undefined;
  }

  private writer(): { metrics: AppendLog; episodes: AppendLog } {
    if (!this.logs) throw new Error(`${this.dir} was opened for reading only`);
    return this.logs;
  }

  appendEvaluation(record: EvaluationRecord): void {
    this.writer().metrics.appendJson(record);
  }

  appendEpisode(line: Record<string, number>): void {
    this.writer().episodes.appendJson(line);
  }

  /** Writes the checkpoint's tensors, syncs the logs, then swaps in the new manifest and drops the old tensors. */
  writeCheckpoint(checkpoint: Checkpoint): void {
    const logs = this.writer();
    const { counters, algorithm } = checkpoint;
    const tensorsFile = `state-${counters.episodes}.safetensors`;
    writeSafetensors(join(this.paths.checkpoint, tensorsFile), algorithm.tensors);
    logs.metrics.sync();
    logs.episodes.sync();
    const manifest: Manifest = {
      format: CHECKPOINT_FORMAT,
      ...counters,
      rng: checkpoint.rng,
      normaliser: checkpoint.normaliser,
      algorithm: algorithm.json,
      tensorsFile,
      metricsBytes: logs.metrics.size(),
      episodesBytes: logs.episodes.size(),
    };
    writeJsonAtomic(this.paths.manifest, manifest);
    for (const f of readdirSync(this.paths.checkpoint)) {
      if (f.startsWith('state-') && f !== tensorsFile) rmSync(join(this.paths.checkpoint, f), { force: true });
    }
  }

  writeSnapshot(steps: number, tensors: Map<string, NamedTensor>): void {
    ensureDir(this.paths.snapshots);
    writeSafetensors(join(this.paths.snapshots, `steps-${steps}.safetensors`), tensors);
  }

  writeSummary(summary: RunSummary): void {
    writeJsonAtomic(this.paths.summary, summary);
  }

  close(): void {
    this.logs?.metrics.close();
    this.logs?.episodes.close();
    this.lock?.release();
  }
}

/** The manifest and tensors of a run's last checkpoint (validated; a retired format may still be read). */
function readManifest(dir: string, options: { writer: boolean }): { manifest: Manifest; checkpoint: Checkpoint } {
  const paths = runPaths(dir);
  const raw = readJson(paths.manifest) as { format?: unknown };
  const retired = typeof raw?.format === 'string' ? RETIRED_FORMATS[raw.format] : undefined;
  if (retired && options.writer) throw new ConfigError(`${dir}: checkpoint format ${raw.format} is retired: ${retired}`);
  const parsed = manifestSchema.safeParse(retired ? { ...raw, format: CHECKPOINT_FORMAT } : raw);
  if (!parsed.success) throw new ConfigError(`${paths.manifest}: ${zodProblem(parsed.error)}`);
  const m = parsed.data;
  const counters: TrainingCounters = {
    steps: m.steps, episodes: m.episodes, evaluations: m.evaluations, nextEvalAt: m.nextEvalAt,
    wallSeconds: m.wallSeconds, bestTrainReturn: m.bestTrainReturn, lastEvaluation: m.lastEvaluation,
  };
  const algorithm = { json: m.algorithm, tensors: readSafetensors(join(paths.checkpoint, m.tensorsFile)) };
  return { manifest: m, checkpoint: { counters, rng: m.rng, normaliser: m.normaliser, algorithm } };
}

/**
 * readManifest, for a reader that may race a trainer: the trainer's next
 * checkpoint deletes the state file an older manifest names, so a vanished
 * file means "read the new manifest".
 */
function readLatestManifest(dir: string): { manifest: Manifest; checkpoint: Checkpoint } {
  for (let attempt = 1; ; attempt++) {
    try {
      return readManifest(dir, { writer: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 20) throw error;
    }
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
  const lines = readFileSync(path, 'utf8').split('\n');
  // the last piece has no newline yet: a line a trainer is writing right now (or an empty string)
  return lines.slice(0, -1).flatMap((line, i) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ConfigError(`${path}: line ${i + 1} is not valid JSON; the file may have been edited or damaged`);
    }
    const parsed = evaluationSchema.safeParse(value);
    if (!parsed.success) throw new ConfigError(`${path}: line ${i + 1}: ${zodProblem(parsed.error)}`);
    return [parsed.data];
  });
}

/**
 * Removes what an atomic write killed half-way left behind (`name.tmp-PID`,
 * see writeFileAtomic). Called by the writer that holds the run's lock, so
 * no other process is writing them.
 */
function removeStaleTempFiles(dirs: readonly string[]): void {
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (/\.tmp-\d+$/.test(f)) rmSync(join(dir, f), { force: true });
  }
}
