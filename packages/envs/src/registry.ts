import { EnvError } from './errors.js';
import { Hopper, type HopperOptions } from './hopper.js';
import { InvertedPendulum, type InvertedPendulumOptions } from './inverted-pendulum.js';
import { MountainCarContinuous, type MountainCarOptions } from './mountain-car.js';
import { mujoco } from './mujoco/module.js';
import { Swimmer, type SwimmerOptions } from './swimmer.js';
import type { Env } from './types.js';

/** What the registry knows about an environment without building it. */
export interface EnvSpec {
  id: string;
  observationSize: number;
  actionSize: number;
  actionLow: number;
  actionHigh: number;
  maxEpisodeSteps: number;
  frameSkip: number;
  /** Seconds of simulated time per environment step. */
  dt: number;
  engine: 'mujoco' | 'typescript';
  /** The MuJoCo model file in this package's `models/` folder. */
  modelFile?: string;
  /** Option names accepted by `make`. */
  options: string[];
  build(options: unknown): Promise<Env>;
}

export const registry: readonly EnvSpec[] = [
  {
    id: 'MountainCarContinuous-v0', observationSize: 2, actionSize: 1, actionLow: -1, actionHigh: 1,
    maxEpisodeSteps: 999, frameSkip: 1, dt: 1, engine: 'typescript', options: [],
    build: async (options) => new MountainCarContinuous(options as MountainCarOptions),
  },
  {
    id: 'InvertedPendulum-v2', observationSize: 4, actionSize: 1, actionLow: -3, actionHigh: 3,
    maxEpisodeSteps: 1000, frameSkip: 2, dt: 0.04, engine: 'mujoco', modelFile: 'inverted_pendulum.xml', options: [],
    build: async (options) => new InvertedPendulum(await mujoco(), options as InvertedPendulumOptions),
  },
  {
    id: 'Swimmer-v3', observationSize: 8, actionSize: 2, actionLow: -1, actionHigh: 1,
    maxEpisodeSteps: 1000, frameSkip: 4, dt: 0.04, engine: 'mujoco', modelFile: 'swimmer.xml', options: ['excludeCurrentPositions'],
    build: async (options) => new Swimmer(await mujoco(), options as SwimmerOptions),
  },
  {
    id: 'Hopper-v3', observationSize: 11, actionSize: 3, actionLow: -1, actionHigh: 1,
    maxEpisodeSteps: 1000, frameSkip: 4, dt: 0.008, engine: 'mujoco', modelFile: 'hopper.xml', options: ['excludeCurrentPositions', 'survivalBonus'],
    build: async (options) => new Hopper(await mujoco(), options as HopperOptions),
  },
];

export const envIds: readonly string[] = registry.map((spec) => spec.id);

/** The registry entry for `id`, or a one-line error listing the known ids. */
export function envSpec(id: string): EnvSpec {
  const spec = registry.find((s) => s.id === id);
  if (!spec) throw new EnvError(`unknown environment id "${id}"; known ids: ${envIds.join(', ')}`);
  return spec;
}

/**
 * Builds an environment, Gymnasium style: `const env = await make('Hopper-v3')`.
 * Options are validated; an unknown or ill-typed option is a one-line error.
 */
export async function make(id: string, options: Record<string, unknown> = {}): Promise<Env> {
  const spec = envSpec(id);
  return spec.build(options);
}
