import { closeSync, openSync, readSync } from 'node:fs';
import { fileSize } from './files.js';

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
