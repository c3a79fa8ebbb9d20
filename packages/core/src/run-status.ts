import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DirLock } from './dir-lock.js';
import { readEvaluations, RunDirectory } from './run-directory.js';
import { runPaths } from './run-paths.js';

/** Where a run directory stands, read from its files (nothing is opened for writing). */
export interface RunStatus {
  dir: string;
  algo: string;
  env: string;
  seed: number;
  steps: number;
  budget: number;
  state: 'finished' | 'training' | 'stopped' | 'new';
  lastEvaluation?: number;
  finalReturn?: number;
}

/** The last complete line of a (possibly large) log file, read from its end. */
function lastLine(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const size = statSync(path).size;
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').trim().split('\n').at(-1) || undefined;
}

/** Run directories under `root` (itself included), at most `depth` folders down; a run's own folders are not searched. */
export function findRunDirs(root: string, depth = 4): string[] {
  if (existsSync(runPaths(root).config)) return [root];
  if (depth === 0) return [];
  let entries: string[];
  try {
    entries = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name);
  } catch {
    return [];
  }
  return entries.sort().flatMap((name) => findRunDirs(join(root, name), depth - 1));
}

/** A run directory's algorithm, environment, seed, steps, state, last evaluation and final return. */
export function runStatus(dir: string): RunStatus {
  const { config } = RunDirectory.readConfig(dir, { record: true }); // a listing needs no module of the run
  const paths = runPaths(dir);
  const evaluations = readEvaluations(dir);
  const last = lastLine(paths.episodes);
  const steps = last ? Number((JSON.parse(last) as { steps?: number }).steps ?? 0) : 0;
  const finished = existsSync(paths.summary);
  const summary = finished ? RunDirectory.readSummary(dir) : undefined;
  const state = finished ? 'finished' : DirLock.holder(paths.lock) ? 'training' : steps > 0 ? 'stopped' : 'new';
  return {
    dir, algo: config.algo, env: config.env, seed: config.seed, steps: summary?.steps ?? steps, budget: config.steps, state,
    lastEvaluation: evaluations.at(-1)?.mean, finalReturn: summary?.finalReturn,
  };
}

