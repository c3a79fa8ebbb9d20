import * as tf from '@tensorflow/tfjs';
import { nativeAddon, nativeUnavailable } from '@gogepo/native';
import { disableNativeMatMul, enableNativeMatMul } from './native-matmul.js';

import { backendChoices, type BackendChoice } from './backend-choices.js';

export { backendChoices, type BackendChoice };

/** Native TensorFlow packages are optional (they download libtensorflow at install): loaded only if present. */
const nativePackages: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

/** Why a backend that `auto` tried before the chosen one did not load, one line each. */
const fallbackReasons: string[] = [];

/** The one-line reason an import failed: not installed, or installed but broken. */
function importFailure(specifier: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = String((error as Error).message ?? error).split('\n')[0];
  // Node says ERR_MODULE_NOT_FOUND "Cannot find package 'x'"; bundlers (vite, in the tests) "Could not resolve "x""
  const missing = (code === 'ERR_MODULE_NOT_FOUND' || /cannot find (package|module)|could not resolve/i.test(message)) && (message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`));
  return missing
    ? `${specifier} is not installed`
    : `${specifier} is installed but failed to load: ${message}`;
}

/** Loads an optional native tfjs package; undefined when it loaded, else why not. */
export async function loadOptional(specifier: string): Promise<string | undefined> {
  try {
    await import(specifier);
    return undefined;
  } catch (error) {
    return importFailure(specifier, error);
  }
}

async function tryNative(kind: 'tensorflow-gpu' | 'tensorflow'): Promise<string | undefined> {
  const failed = await loadOptional(nativePackages[kind]);
  if (failed) return failed;
  return (await tf.setBackend('tensorflow')) ? undefined : `${nativePackages[kind]} loaded but its backend did not start`;
}

async function tryBackend(name: 'wasm' | 'cpu'): Promise<string | undefined> {
  try {
    if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    return (await tf.setBackend(name)) ? undefined : `the ${name} backend did not start`;
  } catch (error) {
    return `the ${name} backend failed: ${String((error as Error).message ?? error).split('\n')[0]}`;
  }
}

/**
 * The native backend: @gogepo/native's kernels. In @gogepo/core, GoGePo's whole
 * update and the per-step policy run in them; every other dense layer's matMuls
 * (the baselines' networks) too, with tfjs on wasm holding the tensors and
 * doing the rest. `auto` tries it first: on CPUs it is the fastest path measured
 * (packages/native/README.md).
 */
async function tryNativeKernels(): Promise<string | undefined> {
  const missing = nativeUnavailable();
  if (missing) return missing;
  const wasm = await tryBackend('wasm');
  if (wasm) return wasm;
  enableNativeMatMul();
  return undefined;
}

/** How the native backend's name starts (see engineOf). */
const NATIVE_NAME = 'native (';

let chosen: string | undefined;
let chosenKind: Exclude<BackendChoice, 'auto'> | undefined;

/** The backend `initBackend` loaded (e.g. to load the same one in a worker thread); undefined before. */
export function backendKind(): Exclude<BackendChoice, 'auto'> | undefined {
  return chosenKind;
}

/**
 * Picks the tensor backend: native, then tfjs-node-gpu, then tfjs-node, then
 * wasm, then cpu ('auto'), or exactly the one asked for (an error if it cannot load).
 * Returns the name to print and record, e.g. 'wasm' or 'tensorflow (@tensorflow/tfjs-node)'.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (chosen !== undefined && (choice === 'auto' || chosen.startsWith(choice))) return chosen;
  const order: BackendChoice[] = choice === 'auto' ? ['native', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : [choice];
  fallbackReasons.length = 0;
  let reason: string | undefined;
  for (const kind of order) {
    reason =
      kind === 'native' ? await tryNativeKernels()
      : kind === 'tensorflow-gpu' || kind === 'tensorflow' ? await tryNative(kind)
      : await tryBackend(kind as 'wasm' | 'cpu');
    if (reason) fallbackReasons.push(`${kind}: ${reason}`);
    else {
      if (kind !== 'native') disableNativeMatMul();
      await tf.ready();
      chosenKind = kind as Exclude<BackendChoice, 'auto'>;
      chosen =
        kind === 'native' ? `${NATIVE_NAME}${nativeAddon()!.kernel()} kernels, tensors on wasm)`
        : kind === 'tensorflow-gpu' || kind === 'tensorflow' ? `${kind} (${nativePackages[kind]})`
        : kind;
      return chosen;
    }
  }
  throw new BackendError(
    choice === 'auto'
      ? `no tensor backend could be loaded (${fallbackReasons.join('; ')})`
      : `backend "${choice}" could not be loaded: ${reason}` +
          (choice.startsWith('tensorflow') ? ` (add it with \`pnpm add ${nativePackages[choice as 'tensorflow']}@4.22.0\`)` : ''),
  );
}

/**
 * Where an algorithm runs its own numeric work (its update steps and policy
 * steps): @gogepo/native's kernels, or tfjs on the tensor backend. Chosen
 * once, by the run, from the backend it was started with, and passed down.
 */
export type Engine = 'native' | 'tfjs';

/** The engine for a backend name that `initBackend` returned. */
export function engineOf(backend: string): Engine {
  return backend.startsWith(NATIVE_NAME) ? 'native' : 'tfjs';
}

/** A tensor backend that was asked for but cannot be loaded here (a setup problem the user can fix: one line, exit 2). */
export class BackendError extends Error {
  override name = 'BackendError';
}

/** Why the backends tried before the chosen one were passed over (empty for an explicit choice that loaded). */
export function backendFallbacks(): readonly string[] {
  return [...fallbackReasons];
}

export { tf };
