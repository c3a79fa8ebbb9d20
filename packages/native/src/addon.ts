import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's functions (csrc/addon.cc). */
export interface NativeAddon {
  kernel(): string;
  kernels(): string[];
  setKernel(name: string): void;
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number, threads: number,
  ): void;
  createPolicy(layers: Int32Array, reluHidden: boolean, actionHigh: Float64Array): NativePolicyHandle;
  policySetTheta(policy: NativePolicyHandle, theta: Float32Array): void;
  policyAct(policy: NativePolicyHandle, observation: Float64Array, action: Float64Array): Float64Array;
}

/** An opaque handle to a policy held by the addon (freed with its JS object). */
export type NativePolicyHandle = { readonly __nativePolicy: unique symbol };

const buildDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');

let loaded: { addon?: NativeAddon; reason?: string } | undefined;

/** Why the addon is not there: what its build recorded, or the load error. */
function load(): { addon?: NativeAddon; reason?: string } {
  if (process.env.GOGEPO_NATIVE === 'off') return { reason: 'disabled by GOGEPO_NATIVE=off' };
  const path = join(buildDir, 'Release', 'gogepo_native.node');
  if (!existsSync(path)) {
    const statusPath = join(buildDir, 'native-status.json');
    const status = existsSync(statusPath) ? (JSON.parse(readFileSync(statusPath, 'utf8')) as { reason?: string }) : undefined;
    return { reason: status?.reason ? `the addon was not built: ${status.reason}` : 'the addon was not built (run `pnpm install`)' };
  }
  try {
    return { addon: createRequire(import.meta.url)(path) as NativeAddon };
  } catch (error) {
    return { reason: `the addon failed to load: ${String((error as Error).message).split('\n')[0]}` };
  }
}

/** The native addon, or undefined with `nativeUnavailable()` saying why. Loaded once. */
export function nativeAddon(): NativeAddon | undefined {
  loaded ??= load();
  return loaded.addon;
}

/** Why the native path cannot run (undefined when it can). */
export function nativeUnavailable(): string | undefined {
  loaded ??= load();
  return loaded.reason;
}

/** The addon, or an error saying why it is missing (for an explicit native choice). */
export function requireNative(): NativeAddon {
  const addon = nativeAddon();
  if (!addon) throw new Error(`the native backend is not available: ${nativeUnavailable()}`);
  return addon;
}
