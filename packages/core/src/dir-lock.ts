import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
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

/** The lock is held by a live process (`pid`). */
export class LockHeldError extends ConfigError {
  override name = 'LockHeldError';
  constructor(
    message: string,
    readonly pid: number,
    readonly host = hostname(),
  ) {
    super(message);
  }
}

interface Holder {
  pid: number;
  since: string;
  /** The machine of the process (locks written before hosts were recorded: this one's). */
  host: string;
  /** Unique to one acquisition (locks written before tokens existed: their pid and time). */
  token: string;
}

function holder(path: string): Holder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const value = JSON.parse(text) as { pid?: unknown; since?: unknown; token?: unknown; host?: unknown };
    if (typeof value.pid !== 'number') return 'unreadable';
    return { pid: value.pid, since: String(value.since), host: typeof value.host === 'string' ? value.host : hostname(), token: typeof value.token === 'string' ? value.token : `${value.pid}@${String(value.since)}` };
  } catch {
    return 'unreadable';
  }
}

/** Age of a file in ms (Infinity once it is gone). */
function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * A lock held on another machine (a bench worker on a shared file system)
 * cannot be checked by pid: its holder touches it every HEARTBEAT_MS, and it
 * counts as stale once untouched for FOREIGN_STALE_MS (its machine lost).
 */
export const HEARTBEAT_MS = 30_000;
export const FOREIGN_STALE_MS = 5 * 60_000;

/** Whether the holder still holds the lock: a live pid here, a recent heartbeat elsewhere. */
function holds(held: Holder, path: string): boolean {
  if (held.host !== hostname()) return ageMs(path) < FOREIGN_STALE_MS;
  return held.pid !== process.pid && alive(held.pid);
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * A lock file that keeps two processes from writing one run (or bench)
 * directory at once: two trainers appending to the same logs would corrupt it.
 *
 * Exclusive by construction: the lock file is written in full under a unique
 * name and then hard-linked into place (`link` fails if the lock exists), so no
 * one ever sees a half-written lock. A lock whose process is gone (a crash, a
 * kill -9) is broken by whoever first creates its breaker file
 * (`run.lock.break-<token>`, also by `link`), who removes the lock only if it
 * still carries that token; everyone then races `link` again, and one wins.
 * A breaker left by a process killed inside that microsecond window is
 * removed after 10 s.
 */
export class DirLock {
  private released = false;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    readonly path: string,
    private readonly token: string,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.touch(), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Takes the lock at `path`; `what` names the directory in the error (e.g. "run directory runs/x"). */
  static acquire(path: string, what: string, heartbeatMs = HEARTBEAT_MS): DirLock {
    const token = `${process.pid}-${randomUUID()}`;
    const mine = `${path}.${token}`;
    writeFileSync(mine, `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), token })}\n`);
    try {
      for (let attempt = 0; attempt < 1000; attempt++) {
        try {
          linkSync(mine, path);
          return new DirLock(path, token, heartbeatMs);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const held = holder(path);
        if (held === 'gone') continue;
        if (held !== 'unreadable' && holds(held, path)) {
          const where = held.host === hostname() ? `process ${held.pid}` : `process ${held.pid} on ${held.host}`;
          throw new LockHeldError(`${what} is in use by ${where} (since ${held.since}); stop it first, or delete ${path} if that process is not a gogepo one`, held.pid, held.host);
        }
        DirLock.breakStale(path, held === 'unreadable' ? 'unreadable' : held.token, mine);
      }
      throw new ConfigError(`${what}: could not take the lock ${path}`);
    } finally {
      rmSync(mine, { force: true });
    }
  }

  /** Removes the stale lock carrying `token`, unless another process is already doing so. */
  private static breakStale(path: string, token: string, mine: string): void {
    const breaker = `${path}.break-${token.replace(/[^\w.@:-]/g, '_')}`;
    try {
      linkSync(mine, breaker);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (ageMs(breaker) > 10_000) rmSync(breaker, { force: true }); // its maker died mid-break
      pause(5);
      return;
    }
    try {
      const now = holder(path);
      const same = now === 'unreadable' ? token === 'unreadable' : now !== 'gone' && now.token === token;
      if (same) rmSync(path, { force: true });
    } finally {
      rmSync(breaker, { force: true });
    }
  }

  /** Who holds the lock at `path` now (a live process, or another machine's recent one), if anyone. */
  static holder(path: string): { pid: number; host: string; since: string } | undefined {
    const held = holder(path);
    if (held === 'gone' || held === 'unreadable') return undefined;
    const live = held.host !== hostname() ? ageMs(path) < FOREIGN_STALE_MS : alive(held.pid);
    return live ? { pid: held.pid, host: held.host, since: held.since } : undefined;
  }

  /** The heartbeat: marks the lock as alive for processes on other machines. */
  private touch(): void {
    const held = holder(this.path);
    if (held === 'gone' || held === 'unreadable' || held.token !== this.token) return;
    const now = new Date();
    try {
      utimesSync(this.path, now, now);
    } catch {
      // a full or read-only disk: the next beat tries again
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    const held = holder(this.path);
    if (held !== 'gone' && held !== 'unreadable' && held.token === this.token) rmSync(this.path, { force: true });
  }
}
