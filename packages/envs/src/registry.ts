import { EnvError } from './errors.js';
import { gymnasiumRegistrations } from './gymnasium/index.js';
import { hopperRegistration } from './hopper.js';
import { invertedPendulumRegistration } from './inverted-pendulum.js';
import { mountainCarRegistration } from './mountain-car.js';
import type { EnvRegistration } from './registration.js';
import { swimmerRegistration } from './swimmer.js';
import type { Env } from './types.js';

const registered = new Map<string, EnvRegistration>();

const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
const positiveInteger = (x: unknown) => Number.isInteger(x) && (x as number) > 0;

/** Why a registration cannot be used, or undefined when it can. */
function problem(r: EnvRegistration): string | undefined {
  if (typeof r?.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(r.id)) return 'id must be letters, digits, "_", ".", ":" or "-"';
  if (typeof r.create !== 'function') return 'create must be a function';
  if (!positiveInteger(r.maxEpisodeSteps)) return 'maxEpisodeSteps must be a positive integer';
  const t = r.training;
  if (t === undefined) return undefined;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return 'training, if given, must be an object ({ steps?, evalInterval?, rMin?, rMax?, trainOptions?, tuned? })';
  if (t.steps !== undefined && !positiveInteger(t.steps)) return 'training.steps must be a positive integer';
  if (t.evalInterval !== undefined && !positiveInteger(t.evalInterval)) return 'training.evalInterval must be a positive integer';
  if ((t.rMin === undefined) !== (t.rMax === undefined)) return 'training.rMin and training.rMax go together: give both or neither';
  if (t.rMin !== undefined && (!finite(t.rMin) || !finite(t.rMax) || !(t.rMax! > t.rMin))) return 'training.rMin and training.rMax must be numbers with rMax > rMin';
  return undefined;
}

/**
 * Registers an environment so that `make(id)`, `gogepo train --env id` and the
 * bench can build it. An id can be registered once (the same registration
 * again is a no-op, so a module may be loaded twice).
 */
export function register(registration: EnvRegistration): void {
  const bad = problem(registration);
  if (bad) throw new EnvError(`register(${JSON.stringify(registration?.id)}): ${bad}`);
  const existing = registered.get(registration.id);
  if (existing === registration) return;
  if (existing) throw new EnvError(`register: environment id "${registration.id}" is already registered`);
  registered.set(registration.id, registration);
}

/** The registered environments' ids, built-ins first. */
export function envIds(): string[] {
  return [...registered.keys()];
}

/** Every registration, built-ins first. */
export function registrations(): EnvRegistration[] {
  return [...registered.values()];
}

/** The registration of `id`, or a one-line error listing the known ids. */
export function envSpec(id: string): EnvRegistration {
  const spec = registered.get(id);
  if (!spec) throw new EnvError(`unknown environment id "${id}"; known ids: ${envIds().join(', ')} (your own: register() it, and name its module with --require)`);
  return spec;
}

/**
 * Builds an environment, Gymnasium style: `const env = await make('Hopper-v3')`.
 * Options are validated by the environment; an unknown or ill-typed option is a one-line error.
 */
export async function make(id: string, options: Record<string, unknown> = {}): Promise<Env> {
  const spec = envSpec(id);
  const env = await spec.create(options);
  if (env.id !== id || env.maxEpisodeSteps !== spec.maxEpisodeSteps) {
    env.close();
    throw new EnvError(`make("${id}"): the environment says id "${env.id}" and time limit ${env.maxEpisodeSteps}, its registration "${id}" and ${spec.maxEpisodeSteps}`);
  }
  return env;
}

/** The built-in environments: the paper's four (gym's versions), then Gymnasium's v5 set. */
export const builtInRegistrations: readonly EnvRegistration[] = [mountainCarRegistration, invertedPendulumRegistration, swimmerRegistration, hopperRegistration, ...gymnasiumRegistrations];

for (const builtIn of builtInRegistrations) register(builtIn);
