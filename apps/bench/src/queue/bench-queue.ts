import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from '@gogepo/core';
import type { Suite } from '../suite.js';

/**
 * queue.json of a bench directory: the name of its queue on Redis. It holds
 * the suite's name and a random id made with the folder, so two bench
 * folders of one suite never share a queue (and a queue's bookkeeping always
 * belongs to one folder). `run --queue` writes it; workers and `status` read it.
 */
const queueFileSchema = z.object({ queue: z.string().regex(/^gogepo-bench\.[A-Za-z0-9_.-]+\.[0-9a-f]{16}$/, { message: 'not a queue name of gogepo-bench' }) }).strict();

export const queueFilePath = (benchDir: string) => join(benchDir, 'queue.json');

/** The bench directory's queue name, made (and written) the first time. */
export function claimQueueName(benchDir: string, suite: Pick<Suite, 'name'>): string {
  const existing = storedQueueName(benchDir);
  if (existing) return existing;
  const queue = `gogepo-bench.${suite.name}.${randomBytes(8).toString('hex')}`;
  writeJsonAtomic(queueFilePath(benchDir), { queue });
  return queue;
}

/** The bench directory's queue name, or undefined before `run --queue` made it. */
export function storedQueueName(benchDir: string): string | undefined {
  const path = queueFilePath(benchDir);
  return existsSync(path) ? readJsonFile(path, queueFileSchema).queue : undefined;
}
