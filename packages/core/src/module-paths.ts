import { resolve } from 'node:path';

/** Absolute paths of modules named on a command line or in a suite, resolved from `base`. */
export function resolveModules(paths: readonly string[], base = process.cwd()): string[] {
  return paths.map((p) => resolve(base, p));
}
