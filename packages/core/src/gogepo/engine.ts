import { Evaluator } from '@gogepo/fingerprint';
import { Generator } from '@gogepo/hypernet';
import type { PolicyLayout, Rng } from '@gogepo/nn';
import type { GoGePoConfig } from './config.js';
import type { EvaluatorItem, GeneratorItem } from './losses.js';

/** Adam's state for one network: its step count and first and second moments, flat in the parameters' order. */
export interface AdamMoments {
  t: number;
  m: Float32Array;
  v: Float32Array;
}

/**
 * GoGePo's learnable state, in its one layout: G's and V's parameters each as
 * one flat float32 array — the tensors of `Generator.variables()` (the tile
 * embeddings, then each layer kind's weight head and bias head) and of
 * `Evaluator.variables()` (the probing states, then V's layers), one after
 * another, each row-major — and Adam's moments in the same order. The native
 * kernels (`@gogepo/native`, gogepo.h) read the same order; checkpoints cut it
 * into the tensors `generator/i`, `evaluator/i`, `generatorAdam/i` and
 * `evaluatorAdam/i` (every m, then every v), snapshots into `generator/i`.
 */
export interface GoGePoParams {
  generator: Float32Array;
  evaluator: Float32Array;
  generatorAdam: AdamMoments;
  evaluatorAdam: AdamMoments;
}

/** The tensor shapes inside GoGePoParams' flat arrays, in order. */
export interface GoGePoShapes {
  generator: number[][];
  evaluator: number[][];
}

/**
 * Where GoGePo's numeric work runs, holding its state (the only copy): the
 * native kernels (native-engine.ts) or tfjs, the oracle (tfjs-engine.ts). The
 * run chooses one (`AlgorithmContext.engine`) and GoGePo is built with it.
 * Commands are already divided by r_max - r_min.
 */
export interface GoGePoEngine {
  readonly shapes: GoGePoShapes;
  /** G(c) without noise, as a flat theta. */
  generate(command: number): Float32Array;
  /** V(theta): the evaluator's prediction of a policy's return. */
  predict(theta: Float32Array): number;
  /** V's fingerprint of a policy: its actions on the probing states, flattened (state by state). */
  fingerprint(theta: Float32Array): Float32Array;
  /** One Adam step of V on the items' loss; returns the loss before the step. */
  evaluatorStep(items: readonly EvaluatorItem[]): number;
  /** One Adam step of G through the fixed V on the items' loss (commands = return / scale); returns the loss before the step. */
  generatorStep(items: readonly GeneratorItem[], scale: number): number;
  /** A copy of the state. */
  read(): GoGePoParams;
  /** Replaces the state. */
  write(params: GoGePoParams): void;
  /** Replaces G's parameters only (a snapshot; the optimisers are left alone). */
  writeGenerator(generator: Float32Array): void;
  dispose(): void;
}

/**
 * G and V as first drawn from the run's random generator (the reference's
 * initialisation; G's draws, then V's), as tfjs networks: the tfjs engine
 * trains them, the native one copies them into its flat state.
 */
export function initialNetworks(layout: PolicyLayout, actionHigh: ArrayLike<number>, rng: Rng, config: GoGePoConfig): { generator: Generator; evaluator: Evaluator } {
  const generator = new Generator(layout, rng, config); // its options are GoGePo's config fields of the same names
  const evaluator = new Evaluator(layout, actionHigh, rng, { probingStates: config.probingStates, hidden: config.evaluatorHidden });
  return { generator, evaluator };
}

/** The shapes of G's and V's tensors, read off their tfjs networks. */
export function shapesOf(generator: Generator, evaluator: Evaluator): GoGePoShapes {
  return { generator: generator.variables().map((v) => v.shape), evaluator: evaluator.variables().map((v) => v.shape) };
}
