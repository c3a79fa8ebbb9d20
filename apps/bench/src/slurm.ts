import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, writeFileAtomic } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import { planSuite, runState, selectRuns } from './plan.js';
import { claimBenchDir } from './scheduler.js';
import type { Suite } from './suite.js';

/** The bench's command, by absolute path (what every array task runs). */
const benchBin = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'gogepo-bench.js');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Defaults that a user's own --sbatch option of the same name replaces. */
const defaultOptions = ['--cpus-per-task=1', '--mem=4G'];

export interface SlurmOptions {
  only?: readonly string[];
  backend: BackendChoice;
  /** Extra sbatch options, e.g. "--partition=cpu", "--time=24:00:00". */
  sbatch: readonly string[];
  force: boolean;
  /** The modules the operator named (--require), passed on to every task. */
  modules: readonly string[];
}

/**
 * Writes <out>/slurm/<suite>.sbatch: a job array whose task i trains run i of
 * the suite's plan (`gogepo-bench task --index i`), skipping finished runs and
 * resuming started ones. Slurm's TERM (before the time limit, and on
 * preemption) makes the run checkpoint; a stopped task requeues itself, and
 * --requeue lets Slurm requeue a preempted one. Returns the script's path and
 * the array indices.
 */
export function writeSlurmScript(suite: Suite, out: string, options: SlurmOptions): { path: string; indices: number[] } {
  for (const o of options.sbatch) {
    if (!/^--?[A-Za-z]/.test(o) || /[\n\r]/.test(o)) throw new ConfigError(`--sbatch: "${o}" is not an sbatch option (write it as --name=value, e.g. --partition=cpu)`);
  }
  const benchDir = resolve(out);
  const all = planSuite(suite, benchDir);
  const selected = new Set(selectRuns(all, options.only).map((r) => r.id));
  const indices = all.flatMap((r, i) => (selected.has(r.id) && runState(r) !== 'done' ? [i] : []));
  if (indices.length === 0) throw new ConfigError(`suite ${suite.name}: every selected run is done already; nothing to submit`);
  claimBenchDir(benchDir, suite);
  const dir = join(benchDir, 'slurm');
  const path = join(dir, `${suite.name}.sbatch`);
  const optionName = (o: string) => o.split('=')[0];
  const userNames = new Set(options.sbatch.map(optionName));
  const script = [
    '#!/bin/bash',
    `# gogepo-bench: suite ${suite.name}, ${indices.length} of its ${all.length} runs, one per array task.`,
    `# Submit with: sbatch ${path}`,
    `#SBATCH --job-name=gogepo-${suite.name}`,
    `#SBATCH --array=${indices.join(',')}`,
    '#SBATCH --requeue',
    '#SBATCH --signal=B:TERM@180',
    `#SBATCH --output=${join(dir, 'logs', '%A_%a.out')}`,
    ...defaultOptions.filter((o) => !userNames.has(optionName(o))).map((o) => `#SBATCH ${o}`),
    ...options.sbatch.map((o) => `#SBATCH ${o}`),
    'set -u',
    '# TERM (3 min before the time limit, or on preemption) makes the run write a checkpoint and stop;',
    '# the task then requeues itself and resumes from that checkpoint.',
    `${quote(process.execPath)} ${quote(benchBin)} task --out ${quote(benchDir)} --index "$SLURM_ARRAY_TASK_ID" --backend ${options.backend}${options.modules.map((m) => ` --require ${quote(m)}`).join('')} &`,
    'pid=$!',
    `trap 'kill -TERM "$pid" 2>/dev/null' TERM`,
    'wait "$pid"; code=$?',
    'while kill -0 "$pid" 2>/dev/null; do wait "$pid"; code=$?; done',
    'if [ "$code" -eq 130 ] && [ -n "${SLURM_ARRAY_JOB_ID:-}" ]; then',
    '  scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}" || true',
    'fi',
    'exit "$code"',
    '',
  ].join('\n');
  if (existsSync(path) && readFileSync(path, 'utf8') !== script && !options.force) {
    throw new ConfigError(`${path} exists and differs; pass --force to replace it`);
  }
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileAtomic(path, script);
  return { path, indices };
}
