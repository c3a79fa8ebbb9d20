import type { z } from 'zod';
import type { AlgorithmState } from './algorithm.js';
import { ConfigError, zodProblem } from './errors.js';
import type { NamedTensor } from './safetensors.js';

/** An algorithm's checkpoint state after validation: its JSON by the algorithm's schema, its tensors by name. */
export interface CheckedState<T> {
  json: T;
  has(name: string): boolean;
  /** The tensor saved under `name`; with `size`, it must hold exactly that many numbers. */
  tensor(name: string, size?: number): NamedTensor;
  /** The tensors saved under `prefix/0`, `prefix/1`, ... (count: how many there must be). */
  series(prefix: string, count?: number): NamedTensor[];
}

/**
 * Validates a checkpoint's section of one algorithm: a problem (a field of the
 * wrong type, a missing or mis-sized tensor) is a one-line ConfigError naming it.
 */
export function checkState<T>(algorithm: string, state: AlgorithmState, schema: z.ZodType<T>): CheckedState<T> {
  const parsed = schema.safeParse(state.json);
  if (!parsed.success) throw new ConfigError(`checkpoint: the ${algorithm} state is invalid: ${zodProblem(parsed.error)}`);
  const tensor = (name: string, size?: number): NamedTensor => {
    const t = state.tensors.get(name);
    if (!t) throw new ConfigError(`checkpoint: the ${algorithm} state has no tensor "${name}"`);
    if (size !== undefined && t.data.length !== size) {
      throw new ConfigError(`checkpoint: the ${algorithm} tensor "${name}" holds ${t.data.length} numbers, expected ${size}`);
    }
    return t;
  };
  const series = (prefix: string, count?: number): NamedTensor[] => {
    const out: NamedTensor[] = [];
    for (let i = 0; state.tensors.has(`${prefix}/${i}`); i++) out.push(state.tensors.get(`${prefix}/${i}`)!);
    if (count !== undefined && out.length !== count) {
      throw new ConfigError(`checkpoint: the ${algorithm} state has ${out.length} "${prefix}/…" tensors, expected ${count}`);
    }
    return out;
  };
  return { json: parsed.data, has: (name) => state.tensors.has(name), tensor, series };
}
