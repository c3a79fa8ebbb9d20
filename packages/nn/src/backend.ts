import * as tf from '@tensorflow/tfjs';

export const backendChoices = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];

/** Native TensorFlow packages are optional (they download libtensorflow at install): loaded only if present. */
const nativePackages: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

async function tryNative(kind: 'tensorflow-gpu' | 'tensorflow'): Promise<boolean> {
  try {
    await import(nativePackages[kind]);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryBackend(name: 'wasm' | 'cpu'): Promise<boolean> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

let chosen: string | undefined;
let chosenKind: Exclude<BackendChoice, 'auto'> | undefined;

/** The backend `initBackend` loaded (e.g. to load the same one in a worker thread); undefined before. */
export function backendKind(): Exclude<BackendChoice, 'auto'> | undefined {
  return chosenKind;
}

/**
 * Picks the tensor backend: tfjs-node-gpu, then tfjs-node, then wasm, then cpu
 * ('auto'), or exactly the one asked for (an error if it cannot load).
 * Returns the name to print and record, e.g. 'wasm' or 'tensorflow (@tensorflow/tfjs-node)'.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (chosen !== undefined && (choice === 'auto' || chosen.startsWith(choice))) return chosen;
  const order: BackendChoice[] = choice === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : [choice];
  for (const kind of order) {
    const ok = kind === 'tensorflow-gpu' || kind === 'tensorflow' ? await tryNative(kind) : await tryBackend(kind as 'wasm' | 'cpu');
    if (ok) {
      await tf.ready();
      chosenKind = kind as Exclude<BackendChoice, 'auto'>;
      chosen = kind === 'tensorflow-gpu' || kind === 'tensorflow' ? `${kind} (${nativePackages[kind]})` : kind;
      return chosen;
    }
  }
  throw new Error(
    choice === 'auto'
      ? 'no tensor backend could be loaded'
      : `backend "${choice}" could not be loaded` +
          (choice.startsWith('tensorflow') ? ` (install ${nativePackages[choice as 'tensorflow']})` : ''),
  );
}

export { tf };
