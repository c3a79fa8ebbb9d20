import { join } from 'node:path';

/** The files of a run directory (DESIGN.md "Runs are data"). */
export function runPaths(dir: string) {
  return {
    dir,
    config: join(dir, 'config.json'),
    metrics: join(dir, 'metrics.jsonl'),
    episodes: join(dir, 'episodes.jsonl'),
    buffer: join(dir, 'buffer.f32'),
    checkpoint: join(dir, 'checkpoint'),
    manifest: join(dir, 'checkpoint', 'manifest.json'),
    snapshots: join(dir, 'snapshots'),
    summary: join(dir, 'summary.json'),
    /** Held while a process trains in the directory (see DirLock). */
    lock: join(dir, 'run.lock'),
  };
}
