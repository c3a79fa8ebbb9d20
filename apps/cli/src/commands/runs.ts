import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Table from 'cli-table3';
import { ConfigError, DirLock, readEvaluations, Run, RunDirectory, runPaths } from '@gogepo/core';

export interface RunListing {
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

/** What `gogepo runs` says of one run directory. */
export function describeRun(dir: string): RunListing {
  const { config } = RunDirectory.readConfig(dir);
  const paths = runPaths(dir);
  const evaluations = readEvaluations(dir);
  const last = lastLine(paths.episodes);
  const steps = last ? Number((JSON.parse(last) as { steps?: number }).steps ?? 0) : 0;
  const finished = existsSync(paths.summary);
  const summary = finished ? Run.readSummary(dir) : undefined;
  const state = finished ? 'finished' : DirLock.holder(paths.lock) ? 'training' : steps > 0 ? 'stopped' : 'new';
  return {
    dir, algo: config.algo, env: config.env, seed: config.seed, steps: summary?.steps ?? steps, budget: config.steps, state,
    lastEvaluation: evaluations.at(-1)?.mean, finalReturn: summary?.finalReturn,
  };
}

/** `gogepo runs DIR`: a table of the runs under a folder. */
export function listRuns(root: string): void {
  if (!existsSync(root)) throw new ConfigError(`runs: ${root} does not exist`);
  const dirs = findRunDirs(root);
  if (dirs.length === 0) {
    console.log(`no run directories under ${root}`);
    return;
  }
  const table = new Table({ head: ['run', 'algorithm', 'environment', 'seed', 'steps', 'state', 'last eval', 'final return'], style: { head: [], border: [] } });
  const number = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
  for (const dir of dirs) {
    try {
      const r = describeRun(dir);
      table.push([relative(root, dir) || '.', r.algo, r.env, r.seed, `${r.steps}/${r.budget}`, r.state, number(r.lastEvaluation), number(r.finalReturn)]);
    } catch (error) {
      table.push([relative(root, dir) || '.', { colSpan: 7, content: `unreadable: ${(error as Error).message}` }]);
    }
  }
  console.log(table.toString());
  console.log(`${dirs.length} runs under ${root}`);
}
