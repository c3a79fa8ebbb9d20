/**
 * Fault injection for the kill -9 tests. With `GOGEPO_CRASH_AT=n` in its
 * environment, a process kills itself with SIGKILL at the n-th point where
 * files on disk change (files.ts calls `crashPoint` before and inside each
 * write, and before each rename). A test walks n over a run and so reaches
 * every state a crash can leave on disk, half-written records included,
 * without racing a timer against a machine of unknown speed.
 *
 * Unset (as outside those tests), a point costs one comparison.
 */
const crashAt = parseCrashAt(process.env.GOGEPO_CRASH_AT);
let points = 0;

function parseCrashAt(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new Error(`GOGEPO_CRASH_AT must be a positive whole number, got "${value}"`);
  return Number(value);
}

/**
 * Counts one point; at the chosen one, runs `partly` (which writes part of
 * what was to be written) and dies as kill -9 would: no handler, no flush.
 */
export function crashPoint(partly?: () => void): void {
  if (crashAt === 0 || ++points !== crashAt) return;
  partly?.();
  process.kill(process.pid, 'SIGKILL');
}
