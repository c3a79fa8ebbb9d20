import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { ConfigError } from './errors.js';

/** Whether a process with this pid is alive (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(path: string): { pid: number; since: string } | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; since?: unknown };
    return typeof value.pid === 'number' ? { pid: value.pid, since: String(value.since) } : undefined;
  } catch {
    return undefined; // vanished or half-written: treated as stale
  }
}

/**
 * A lock file that keeps two processes from writing one run (or bench)
 * directory at once: two trainers appending to the same logs would corrupt it.
 * A lock left by a process that is gone (a crash, a kill -9) is taken over.
 */
export class DirLock {
  private released = false;

  private constructor(readonly path: string) {}

  /** Takes the lock at `path`; `what` names the directory in the error (e.g. "run directory runs/x"). */
  static acquire(path: string, what: string): DirLock {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        try {
          writeSync(fd, `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
        } finally {
          closeSync(fd);
        }
        return new DirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = holder(path);
      if (held && held.pid !== process.pid && alive(held.pid)) {
        throw new ConfigError(`${what} is in use by process ${held.pid} (since ${held.since}); stop it first, or delete ${path} if that process is not a gogepo one`);
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
    throw new ConfigError(`${what}: could not take the lock ${path}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (holder(this.path)?.pid === process.pid) rmSync(this.path, { force: true });
  }
}
