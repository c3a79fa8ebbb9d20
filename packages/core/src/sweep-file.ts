import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './files.js';
import type { SweepRow } from './sweep.js';

const finite = z.number().finite();
const sweepRowSchema = z
  .object({ asked: finite, achieved: finite, std: finite.nonnegative(), returns: z.array(finite).min(1).max(1_000_000) })
  .strict();

/** sweep.json: the command sweep of a run (paper fig. 6), asked vs achieved return. */
export const sweepFileSchema = z
  .object({ env: z.string(), episodes: z.number().int().positive(), rows: z.array(sweepRowSchema).min(1).max(100_000) })
  .strict();
export type SweepFile = { env: string; episodes: number; rows: SweepRow[] };

/** The sweep file of a run directory (its one owner: written by `gogepo sweep` and the bench, read by show, view and the report). */
export const sweepFilePath = (dir: string) => join(dir, 'sweep.json');

/** The run's sweep.json, validated, or undefined when it has none; a bad one is a one-line error naming the file and the field. */
export function readSweepFile(dir: string): SweepFile | undefined {
  const path = sweepFilePath(dir);
  return existsSync(path) ? readJsonFile(path, sweepFileSchema) : undefined;
}

export function writeSweepFile(dir: string, file: SweepFile): void {
  writeJsonAtomic(sweepFilePath(dir), file);
}
