import { totalmem } from 'node:os';
import { z } from 'zod';
import { ConfigError } from './errors.js';

/**
 * Upper bounds on every size a config can set, checked by the schemas before
 * anything is allocated. Each bound is far above any setting the paper or a
 * sensible run uses; a value past it is a typo or an attack (a queue job or a
 * suite file is untrusted input). The product of sizes is bounded separately
 * by each algorithm's memory estimate (checkMemory).
 */
export const LIMITS = {
  /** Units of one hidden layer. */
  layerWidth: 4096,
  /** Hidden layers of one network. */
  layers: 8,
} as const;

/** At most `max`, with a message that names the bound. */
export const boundedInt = (min: number, max: number) =>
  z.number().int().min(min).max(max, { message: `at most ${max.toLocaleString('en-US')} (a value past that is a typo)` });

/** Hidden layer sizes of a network: 1 to LIMITS.layers layers of 1 to LIMITS.layerWidth units. */
export const hiddenSizes = z
  .array(boundedInt(1, LIMITS.layerWidth))
  .min(1)
  .max(LIMITS.layers, { message: `at most ${LIMITS.layers} hidden layers` });

/** One allocation an algorithm will make, for the memory estimate. */
export interface MemoryItem {
  /** What it is, in the config's terms, e.g. "the replay buffer (bufferCapacity 10000 x 70657 floats)". */
  what: string;
  bytes: number;
}

/** Share of the machine's memory that one run may plan to use. */
const MEMORY_SHARE = 0.8;

const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/**
 * Refuses a run whose planned allocations would not fit in this machine's
 * memory, before any of them is made: one line naming the largest item.
 */
export function checkMemory(algo: string, items: readonly MemoryItem[], machineBytes = totalmem()): void {
  const total = items.reduce((sum, item) => sum + item.bytes, 0);
  if (total <= MEMORY_SHARE * machineBytes) return;
  const largest = items.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  throw new ConfigError(
    `bad config: ${algo} would need about ${gigabytes(total)} of memory, mostly ${largest.what} (${gigabytes(largest.bytes)}); this machine has ${gigabytes(machineBytes)}`,
  );
}
