import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a reader needs to trust a number: the code it came from and the machine it ran on. */
export interface Provenance {
  /** The git commit of this code (with "+changes" when the work tree differs), or null outside a git checkout. */
  commit: string | null;
  machine: { cpu: string; cores: number; memoryGiB: number; platform: string; node: string };
}

let cached: Provenance | undefined;

function gitCommit(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: here, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
  try {
    const commit = git('rev-parse', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return null; // not a checkout (an installed package), or no git
  }
}

export function provenance(): Provenance {
  cached ??= {
    commit: gitCommit(),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      platform: `${process.platform}-${process.arch}`,
      node: process.version,
    },
  };
  return cached;
}
