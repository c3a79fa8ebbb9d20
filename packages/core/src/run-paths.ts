import { join } from 'node:path';

/** The driver's files of a run directory (packages/core/README.md, "The run directory"); an algorithm declares its own (AlgorithmDefinition.files). */
export function runPaths(dir: string) {
  return {
    dir,
    config: join(dir, 'config.json'),
    metrics: join(dir, 'metrics.jsonl'),
    episodes: join(dir, 'episodes.jsonl'),
    checkpoint: join(dir, 'checkpoint'),
    manifest: join(dir, 'checkpoint', 'manifest.json'),
    snapshots: join(dir, 'snapshots'),
    summary: join(dir, 'summary.json'),
    /** Held while a process trains in the directory (see DirLock). */
    lock: join(dir, 'run.lock'),
  };
}
