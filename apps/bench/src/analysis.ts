import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PCA } from 'ml-pca';
import { z } from 'zod';
import {
  algorithmDefinition, bufferLogLength, bufferLogPath, commandSweep, evenlySpaced, forEachBufferRecord, listSnapshots, readSafetensors, runPaths, sweepCommands,
  readJsonFile, sweepCsv, writeFileAtomic, writeJsonAtomic, writeSweepFile, type Run, type SweepRow,
} from '@gogepo/core';
import type { Suite } from './suite.js';


const finite = z.number().finite();
const count = z.number().int().nonnegative();
/** policy-map.json: paper fig. 5 for one run, already projected on the first two principal components. */
const policyMapFileSchema = z
  .object({
    env: z.string(),
    /** Buffer policies fingerprinted (evenly spaced over the buffer log) of all it holds. */
    bufferPolicies: count,
    bufferLength: count,
    /** Share of the fingerprints' variance along each of the two components. */
    explainedVariance: z.tuple([finite, finite]),
    buffer: z.array(z.object({ index: count, return: finite, x: finite, y: finite }).strict()).max(10_000_000),
    generated: z.array(z.object({ steps: count, command: finite, x: finite, y: finite }).strict()).max(10_000_000),
  })
  .strict();
export type PolicyMapFile = z.output<typeof policyMapFileSchema>;

/** The run's policy-map.json, validated, or undefined when it has none. */
export function readPolicyMapFile(dir: string): PolicyMapFile | undefined {
  const path = join(dir, 'policy-map.json');
  return existsSync(path) ? readJsonFile(path, policyMapFileSchema) : undefined;
}

const finiteOr0 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : 0);

/** Test-episode seeds of the sweep: apart from the evaluation protocol's. */
const SWEEP_SEED = 1_000_000;

/** The command sweep of a finished GoGePo run, written as sweep.json and sweep.csv. */
export async function writeSweep(run: Run, options: Suite['sweep'], shouldStop: () => boolean = () => false): Promise<boolean> {
  const { from, to } = run.conditioned.commandRange;
  const rows: SweepRow[] = [];
  for (const asked of sweepCommands(from, to, options.n)) {
    await yieldToSignals();
    if (shouldStop()) return false;
    rows.push(...commandSweep(run, { from: asked, to: asked, n: 1, episodes: options.episodes, seed: SWEEP_SEED }));
  }
  writeFileAtomic(join(run.dir, 'sweep.csv'), sweepCsv(rows));
  writeSweepFile(run.dir, { env: run.config.env, episodes: options.episodes, rows });
  return true;
}

/** Lets signal handlers (a stop request) run between steps of a long analysis. */
const yieldToSignals = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The policy map of a finished GoGePo run: the final evaluator's fingerprint
 * (actions on its probing states) of buffer policies and of the policies each
 * generator snapshot writes for a sweep of commands, projected with a PCA
 * (ml-pca) fitted on the buffer policies. Leaves the generator at a snapshot's
 * weights: call it last.
 */
export async function writePolicyMap(run: Run, options: Suite['policyMap'], shouldStop: () => boolean = () => false): Promise<boolean> {
  const algorithm = run.conditioned;
  const size = run.policyLayout.size;
  const bufferPath = bufferLogPath(run.dir);
  const length = bufferLogLength(bufferPath, size);
  if (length < 3) throw new Error(`${run.dir}: the buffer log holds ${length} policies; the policy map needs at least 3`);
  const fingerprints: number[][] = [];
  const buffer: { index: number; return: number }[] = [];
  forEachBufferRecord(bufferPath, size, evenlySpaced(length, options.bufferPolicies), (theta, r, index) => {
    fingerprints.push(Array.from(algorithm.fingerprint(theta)));
    buffer.push({ index, return: r });
  });
  const pca = new PCA(fingerprints);
  const project = (rows: number[][]) => pca.predict(rows, { nComponents: 2 }).to2DArray();
  const bufferXY = project(fingerprints);

  const generated: PolicyMapFile['generated'] = [];
  const commands = sweepCommands(algorithm.commandRange.from, algorithm.commandRange.to, options.commands);
  for (const snapshot of listSnapshots(run.dir)) {
    await yieldToSignals();
    if (shouldStop()) return false;
    algorithm.loadGeneratorSnapshot(readSafetensors(snapshot.path));
    const xy = project(commands.map((c) => Array.from(algorithm.fingerprint(algorithm.generate(c)))));
    commands.forEach((command, i) => generated.push({ steps: snapshot.steps, command, x: xy[i][0], y: xy[i][1] }));
  }
  const variance = pca.getExplainedVariance();
  const file: PolicyMapFile = {
    env: run.config.env,
    bufferPolicies: buffer.length,
    bufferLength: length,
    explainedVariance: [finiteOr0(variance[0]), finiteOr0(variance[1])], // NaN when every fingerprint is the same
    buffer: buffer.map((b, i) => ({ ...b, x: bufferXY[i][0], y: bufferXY[i][1] ?? 0 })),
    generated,
  };
  writeJsonAtomic(join(run.dir, 'policy-map.json'), file);
  return true;
}

/**
 * Runs the analyses a finished run still lacks (a command-conditioned
 * algorithm's: sweep, then policy map). Checks `shouldStop` between commands
 * and snapshots; false when it stopped (what was not written runs next time).
 */
export async function analyse(
  run: Run, suite: Pick<Suite, 'sweep' | 'policyMap'>, onPhase?: (phase: string) => void, shouldStop: () => boolean = () => false,
): Promise<boolean> {
  if (!algorithmDefinition(run.config.algo).commandConditioned) return true;
  if (!existsSync(join(run.dir, 'sweep.json'))) {
    onPhase?.('command sweep');
    if (!(await writeSweep(run, suite.sweep, shouldStop))) return false;
  }
  if (!existsSync(join(run.dir, 'policy-map.json'))) {
    onPhase?.('policy map');
    if (!(await writePolicyMap(run, suite.policyMap, shouldStop))) return false;
  }
  return true;
}
