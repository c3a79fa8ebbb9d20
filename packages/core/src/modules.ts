import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register, type EnvRegistration } from '@gogepo/envs';
import { registerAlgorithm, type AlgorithmDefinition } from './algorithms.js';
import { runPaths } from './run-paths.js';
import { ConfigError } from './errors.js';

/** What a `--require` module may export (it may also call `register` / `registerAlgorithm` itself). */
interface UserModule {
  environments?: EnvRegistration[];
  algorithms?: AlgorithmDefinition<never>[];
}

export { resolveModules } from './module-paths.js';

/**
 * Imports each module (once per process): a user's environments and
 * algorithms, registered by the module itself or exported as `environments` /
 * `algorithms` (the robust way when the module could see another copy of the
 * gogepo packages). A missing or failing module is a one-line ConfigError.
 */
export async function loadModules(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (!existsSync(path)) throw new ConfigError(`--require: ${path} does not exist`);
    let exported: UserModule;
    try {
      exported = (await import(pathToFileURL(path).href)) as UserModule;
    } catch (error) {
      throw new ConfigError(`--require: ${path} failed to load: ${String((error as Error).message ?? error).split('\n')[0]}`);
    }
    try {
      for (const env of exported.environments ?? []) register(env);
      for (const algorithm of exported.algorithms ?? []) registerAlgorithm(algorithm);
    } catch (error) {
      throw new ConfigError(`--require: ${path}: ${(error as Error).message}`);
    }
  }
}

/**
 * The trust rule for code: only modules the operator named (`--require` on a
 * command line, resolved) are ever imported. A file — a run's config.json, a
 * suite, a queue job — may record module names, but each must be one the
 * operator named; otherwise this is a one-line ConfigError saying what to add.
 */
export function checkNamedModules(modules: readonly string[], named: readonly string[], where: string): void {
  const allowed = new Set(named.map((m) => resolve(m)));
  const unnamed = modules.filter((m) => !allowed.has(resolve(m)));
  if (unnamed.length > 0) {
    throw new ConfigError(`${where} names module ${unnamed.join(', ')}, which was not named with --require (a file never loads code on its own): add --require ${unnamed[0]} if you trust it`);
  }
}

/**
 * Loads the modules a run directory's config.json names (before its config is
 * validated: they may define its algorithm), each of which must be among the
 * modules the operator named (`named`, see checkNamedModules).
 */
export async function loadRunModules(dir: string, named: readonly string[]): Promise<void> {
  const path = runPaths(dir).config;
  if (!existsSync(path)) return; // reading the config says what is wrong
  let modules: unknown;
  try {
    modules = (JSON.parse(readFileSync(path, 'utf8')) as { config?: { require?: unknown } })?.config?.require;
  } catch {
    return;
  }
  if (!Array.isArray(modules) || !modules.every((m) => typeof m === 'string')) return; // reading the config names the field
  checkNamedModules(modules, named, path);
  await loadModules(modules);
}
