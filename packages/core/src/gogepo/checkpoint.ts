import { z } from 'zod';
import type { AlgorithmState } from '../algorithm.js';
import { checkState } from '../algorithm-state.js';
import { ConfigError } from '../errors.js';
import type { NamedTensor } from '../safetensors.js';
import type { GoGePoParams, GoGePoShapes } from './engine.js';

const count = z.number().int().nonnegative();

/** GoGePo's section of a checkpoint's JSON (its tensors: generator/i, evaluator/i, generatorAdam/i, evaluatorAdam/i). */
export const gogepoStateSchema = z
  .object({
    episodes: count,
    bestReturn: z.number().nullable(), // null before the first episode (-Infinity in JSON)
    bufferLogBytes: count,
    generatorAdamSteps: count,
    evaluatorAdamSteps: count,
  })
  .strict();

/** What GoGePo keeps besides its engine's state. */
export interface GoGePoCounters {
  episodes: number;
  bestReturn: number;
  bufferLogBytes: number;
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** A flat array cut into its named tensors `prefix/first`, `prefix/first+1`, ... (views, no copies). */
function cut(flat: Float32Array, shapes: number[][], prefix: string, into: Map<string, NamedTensor>, first = 0): void {
  let offset = 0;
  shapes.forEach((shape, i) => {
    const size = sizeOf(shape);
    into.set(`${prefix}/${first + i}`, { shape, data: flat.subarray(offset, offset + size) });
    offset += size;
  });
}

/** Tensors (already counted) joined into one flat array; each must hold its shape's size. */
function join(tensors: readonly NamedTensor[], shapes: number[][], what: string): Float32Array {
  const out = new Float32Array(shapes.reduce((n, s) => n + sizeOf(s), 0));
  let offset = 0;
  shapes.forEach((shape, i) => {
    const size = sizeOf(shape);
    if (tensors[i].data.length !== size) throw new Error(`checkpoint: ${what} tensor ${i} holds ${tensors[i].data.length} numbers, expected ${size} (${shape.join(' x ')})`);
    out.set(tensors[i].data, offset);
    offset += size;
  });
  return out;
}

/** G's parameters as the tensors of a snapshot (and of a checkpoint's `generator/i`). */
export function generatorTensors(generator: Float32Array, shapes: GoGePoShapes): Map<string, NamedTensor> {
  const tensors = new Map<string, NamedTensor>();
  cut(generator, shapes.generator, 'generator', tensors);
  return tensors;
}

/** G's parameters from a snapshot's tensors. */
export function generatorFromTensors(tensors: Map<string, NamedTensor>, shapes: GoGePoShapes): Float32Array {
  const saved: NamedTensor[] = [];
  for (let i = 0; tensors.has(`generator/${i}`); i++) saved.push(tensors.get(`generator/${i}`)!);
  if (saved.length !== shapes.generator.length) throw new ConfigError(`the snapshot holds ${saved.length} generator tensors, expected ${shapes.generator.length}`);
  return join(saved, shapes.generator, 'generator');
}

/** GoGePo's checkpoint: the counters as JSON, the engine's state as tensors (Adam: every m, then every v). */
export function saveGoGePoState(params: GoGePoParams, shapes: GoGePoShapes, counters: GoGePoCounters): AlgorithmState {
  const tensors = generatorTensors(params.generator, shapes);
  cut(params.evaluator, shapes.evaluator, 'evaluator', tensors);
  cut(params.generatorAdam.m, shapes.generator, 'generatorAdam', tensors);
  cut(params.generatorAdam.v, shapes.generator, 'generatorAdam', tensors, shapes.generator.length);
  cut(params.evaluatorAdam.m, shapes.evaluator, 'evaluatorAdam', tensors);
  cut(params.evaluatorAdam.v, shapes.evaluator, 'evaluatorAdam', tensors, shapes.evaluator.length);
  return {
    json: { ...counters, generatorAdamSteps: params.generatorAdam.t, evaluatorAdamSteps: params.evaluatorAdam.t },
    tensors,
  };
}

/** Reads a checkpoint back (every field and tensor checked, one line naming what is wrong). */
export function loadGoGePoState(state: AlgorithmState, shapes: GoGePoShapes): { params: GoGePoParams; counters: GoGePoCounters } {
  const checked = checkState('gogepo', state, gogepoStateSchema);
  const { json } = checked;
  const g = shapes.generator.length;
  const e = shapes.evaluator.length;
  const generatorAdam = checked.series('generatorAdam', 2 * g);
  const evaluatorAdam = checked.series('evaluatorAdam', 2 * e);
  return {
    params: {
      generator: join(checked.series('generator', g), shapes.generator, 'generator'),
      evaluator: join(checked.series('evaluator', e), shapes.evaluator, 'evaluator'),
      generatorAdam: { t: json.generatorAdamSteps, m: join(generatorAdam.slice(0, g), shapes.generator, 'generatorAdam'), v: join(generatorAdam.slice(g), shapes.generator, 'generatorAdam') },
      evaluatorAdam: { t: json.evaluatorAdamSteps, m: join(evaluatorAdam.slice(0, e), shapes.evaluator, 'evaluatorAdam'), v: join(evaluatorAdam.slice(e), shapes.evaluator, 'evaluatorAdam') },
    },
    counters: { episodes: json.episodes, bestReturn: json.bestReturn ?? -Infinity, bufferLogBytes: json.bufferLogBytes },
  };
}
