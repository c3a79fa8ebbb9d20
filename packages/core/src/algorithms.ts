import type { z } from 'zod';
import type { EnvRegistration } from '@gogepo/envs';
import type { HiddenActivation } from '@gogepo/nn';
import type { Algorithm, AlgorithmContext } from './algorithm.js';
import type { MemoryItem } from './sizes.js';

/**
 * How the driver builds an algorithm from a run config. Algorithms register
 * themselves by name; a run config holds the algorithm's own section under that
 * name (e.g. `{ "algo": "ars", "ars": { "stepSize": 0.01 } }`).
 */
export interface AlgorithmDefinition<C = unknown> {
  name: string;
  /** The algorithm's config section (validated; defaults are the paper's values). */
  schema: z.ZodType<C>;
  /**
   * Values of the section derived from the environment's facts (GoGePo: rMin,
   * rMax). The environment's `training.tuned[name]` values come after these,
   * the user's overrides last.
   */
  envDefaults?(env: EnvRegistration): Record<string, unknown>;
  /** Hidden sizes of the policies it trains. */
  policyHidden(config: C): number[];
  /**
   * Trains on the environment's own reward, ignoring its `training.trainOptions`
   * (the paper's DDPG and UDRL keep Hopper's survival bonus).
   */
  ownReward?: boolean;
  /** Hidden activation of its policies (default tanh). */
  policyActivation?: HiddenActivation;
  /**
   * Files it keeps in the run folder beside the driver's (GoGePo: its buffer
   * log): data of the run, so a new run refuses a folder that holds them
   * without a config.json, and a run started over (`force`) deletes them.
   */
  files?: readonly string[];
  /** Its algorithm objects are CommandConditioned: its runs have a command sweep and a policy map. */
  commandConditioned?: boolean;
  /** The key of its config section that `--threads N` sets (GoGePo: updateThreads); without one, --threads is refused. */
  threadsOption?: string;
  /**
   * Its large allocations for this config, estimated before any is made: a run
   * whose total would not fit in the machine's memory is refused in one line
   * (see checkMemory). Without it, only the policy itself is counted.
   */
  memory?(config: C, facts: { layout: { size: number; observationSize: number; actionSize: number }; maxEpisodeSteps: number }): MemoryItem[];
  create(config: C, ctx: AlgorithmContext): Algorithm;
}

const definitions = new Map<string, AlgorithmDefinition<never>>();

export function registerAlgorithm<C>(definition: AlgorithmDefinition<C>): void {
  definitions.set(definition.name, definition as unknown as AlgorithmDefinition<never>);
}

/** Every registered algorithm's own run-folder files (see `files`). */
export function algorithmFiles(): string[] {
  return [...new Set([...definitions.values()].flatMap((d) => d.files ?? []))];
}

export function algorithmNames(): string[] {
  return [...definitions.keys()];
}

export function algorithmDefinition(name: string): AlgorithmDefinition<unknown> {
  const def = definitions.get(name);
  if (!def) throw new Error(`unknown algorithm "${name}"; known: ${algorithmNames().join(', ')}`);
  return def as unknown as AlgorithmDefinition<unknown>;
}
