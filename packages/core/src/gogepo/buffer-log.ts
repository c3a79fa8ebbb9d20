import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { AppendLog, fileSize } from '../files.js';

/** The buffer log's name in a run folder (declared in GoGePo's definition, so the run folder knows it as a data file). */
export const BUFFER_LOG = 'buffer.f32';

export function bufferLogPath(runDir: string): string {
  return join(runDir, BUFFER_LOG);
}

/** The writer of a run's buffer log, opened on its first append (eval, generate and sweep only read a run). */
export class BufferLog {
  private log: AppendLog | undefined;

  constructor(readonly path: string) {}

  private get open(): AppendLog {
    this.log ??= new AppendLog(this.path);
    return this.log;
  }

  append(theta: Float32Array, episodeReturn: number): void {
    const record = new Float32Array(theta.length + 1);
    record.set(theta);
    record[theta.length] = episodeReturn;
    this.open.append(new Uint8Array(record.buffer));
  }

  /** Flushes it to disk and returns its length in bytes (what a checkpoint records). */
  syncedSize(): number {
    this.open.sync();
    return this.open.size();
  }

  /**
   * Cuts the log back to what a checkpoint saw (`bytes`) and hands its newest
   * `keep` records, oldest first, to `push` (to refill the replay buffer).
   */
  restore(bytes: number, policySize: number, keep: number, push: (theta: Float32Array, episodeReturn: number) => void): void {
    if (fileSize(this.path) < bytes) throw new ConfigError(`${this.path} holds ${fileSize(this.path)} bytes, fewer than the ${bytes} its checkpoint saw: the replay buffer cannot be restored`);
    AppendLog.truncate(this.path, bytes);
    const records = bufferLogLength(this.path, policySize, bytes);
    const first = Math.max(0, records - keep);
    forEachBufferRecord(this.path, policySize, Array.from({ length: records - first }, (_, i) => first + i), push);
  }

  close(): void {
    this.log?.close();
  }
}

/**
 * GoGePo's buffer log (buffer.f32): every (theta, return) the run has tried, in
 * order, each record `policySize` float32 parameters then the return, little-endian.
 */
export function bufferLogLength(path: string, policySize: number, bytes = fileSize(path)): number {
  return Math.floor(bytes / (4 * (policySize + 1)));
}

/**
 * Calls `visit` for the records at `indices` (in the order given). The theta
 * view is reused between calls: copy it to keep it.
 */
export function forEachBufferRecord(
  path: string,
  policySize: number,
  indices: Iterable<number>,
  visit: (theta: Float32Array, episodeReturn: number, index: number) => void,
): void {
  const record = new Float32Array(policySize + 1);
  const bytes = new Uint8Array(record.buffer);
  const fd = openSync(path, 'r');
  try {
    for (const index of indices) {
      if (readSync(fd, bytes, 0, bytes.length, index * bytes.length) !== bytes.length) throw new Error(`${path}: no record ${index}`);
      visit(record.subarray(0, policySize), record[policySize], index);
    }
  } finally {
    closeSync(fd);
  }
}

/** `count` indices spread evenly over [0, length) (all of them when length <= count). */
export function evenlySpaced(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * (length - 1)) / Math.max(count - 1, 1)));
}
