import { ConfigError } from './errors.js';

/**
 * Errors of other packages that are the user's to fix, by name: EnvError (@gogepo/envs) and
 * BackendError (@gogepo/nn). By name rather than class, so that a command's error path loads
 * neither package (the command line starts in a fraction of a second).
 */
const USER_ERRORS = new Set(['EnvError', 'BackendError']);

const systemReasons: Record<string, string> = {
  ENOSPC: 'no space left on the device; free some and run the command again (a run resumes from its last checkpoint)',
  EDQUOT: 'the disk quota is used up; free some and run the command again (a run resumes from its last checkpoint)',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the device',
};

/** The one line a command prints for an error, and its exit code: 2 for bad input, 1 for anything else. */
export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof ConfigError || (error instanceof Error && USER_ERRORS.has(error.name))) return { line: `error: ${error.message}`, exitCode: 2 };
  const system = error as NodeJS.ErrnoException;
  if (typeof system?.code === 'string' && systemReasons[system.code]) {
    const where = system.path ? `${system.path}: ` : '';
    const input = ['EISDIR', 'ENOTDIR', 'ENOENT', 'EEXIST'].includes(system.code);
    return { line: `error: ${where}${systemReasons[system.code]} (${system.code}${system.syscall ? ` in ${system.syscall}` : ''})`, exitCode: input ? 2 : 1 };
  }
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  return { line: `error: ${message} (an internal error; GOGEPO_DEBUG=1 prints its stack trace)`, exitCode: 1 };
}

/** Prints an error as one line (with the stack trace too when GOGEPO_DEBUG is set) and exits. */
export function exitWithError(error: unknown): never {
  const { line, exitCode } = describeError(error);
  process.stderr.write(`${line}\n`);
  if (process.env.GOGEPO_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(exitCode);
}
