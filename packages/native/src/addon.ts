import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's functions (csrc/addon.cc). */
export interface NativeAddon {
  kernel(): string;
  kernels(): string[];
  setKernel(name: string): void;
  /** Floating-point operations (2 m n k) of every matrix product so far, for benchmarks' GFLOP/s. */
  gemmFlops(): number;
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number, threads: number,
  ): void;
  createPolicy(layers: Int32Array, reluHidden: boolean, actionHigh: Float64Array): NativePolicyHandle;
  policySetTheta(policy: NativePolicyHandle, theta: Float32Array): void;
  policyAct(policy: NativePolicyHandle, observation: Float64Array, action: Float64Array): Float64Array;
  createGoGePo(spec: Int32Array, actionHigh: Float64Array, layerScales: Float64Array): NativeGoGePoHandle;
  gogepoSizes(nets: NativeGoGePoHandle): [number, number, number];
  gogepoGenerate(nets: NativeGoGePoHandle, generator: Float32Array, commands: Float32Array, thetas: Float32Array, threads: number): void;
  gogepoPredict(
    nets: NativeGoGePoHandle, evaluator: Float32Array, thetas: Float32Array, values: Float32Array, fingerprints: Float32Array | null, threads: number,
  ): void;
  gogepoEvaluatorGradients(
    nets: NativeGoGePoHandle, evaluator: Float32Array, thetas: Float32Array, returns: Float32Array, weights: Float32Array, grads: Float32Array, threads: number,
  ): number;
  gogepoGeneratorGradients(
    nets: NativeGoGePoHandle, generator: Float32Array, evaluator: Float32Array, commands: Float32Array, returns: Float32Array, weights: Float32Array,
    grads: Float32Array, threads: number,
  ): number;
  adamStep(
    params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array,
    beta1: number, beta2: number, eps: number, stepSize: number, biasCorrection2Sqrt: number, threads: number,
  ): void;
  createDdpg(spec: Int32Array, actionHigh: Float64Array): NativeDdpgHandle;
  ddpgSizes(nets: NativeDdpgHandle): [number, number];
  ddpgUpdate(
    nets: NativeDdpgHandle, observations: Float32Array, actions: Float32Array, rewards: Float32Array, nextObservations: Float32Array, terminals: Float32Array,
    actor: Float32Array, critic: Float32Array, actorTarget: Float32Array, criticTarget: Float32Array,
    actorM: Float32Array, actorV: Float32Array, criticM: Float32Array, criticV: Float32Array,
    step: Float64Array, criticGrads: Float32Array | null, actorGrads: Float32Array | null, threads: number,
  ): [number, number];
  ddpgAct(nets: NativeDdpgHandle, actor: Float32Array, observations: Float32Array, actions: Float32Array, threads: number): void;
  ddpgQ(nets: NativeDdpgHandle, critic: Float32Array, observations: Float32Array, actions: Float32Array, values: Float32Array, threads: number): void;
}

/** An opaque handle to a policy held by the addon (freed with its JS object). */
export type NativePolicyHandle = { readonly __nativePolicy: unique symbol };

/** An opaque handle to DDPG's network shapes and work buffers held by the addon. */
export type NativeDdpgHandle = { readonly __nativeDdpg: unique symbol };

/** An opaque handle to GoGePo's network shapes and work buffers held by the addon. */
export type NativeGoGePoHandle = { readonly __nativeGoGePo: unique symbol };

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(packageDir, 'build');
/** The addon the package ships for this platform (linux-x64; scripts/prebuild.mjs). */
const prebuiltPath = join(packageDir, 'prebuilds', `${process.platform}-${process.arch}`, 'gogepo_native.node');

let loaded: { addon?: NativeAddon; reason?: string } | undefined;

/** Why the addon is not there: what its build recorded, or the load error. */
function load(): { addon?: NativeAddon; reason?: string } {
  if (process.env.GOGEPO_NATIVE === 'off') return { reason: 'disabled by GOGEPO_NATIVE=off' };
  // one compiled here (the workspace, or an install that had to compile) comes first, then the shipped prebuilt
  const compiled = join(buildDir, 'Release', 'gogepo_native.node');
  const path = existsSync(compiled) ? compiled : existsSync(prebuiltPath) ? prebuiltPath : undefined;
  if (!path) {
    const statusPath = join(buildDir, 'native-status.json');
    const status = existsSync(statusPath) ? (JSON.parse(readFileSync(statusPath, 'utf8')) as { reason?: string }) : undefined;
    return { reason: status?.reason ? `the addon was not built: ${status.reason}` : 'the addon was not built (run `pnpm install`)' };
  }
  try {
    return { addon: createRequire(import.meta.url)(path) as NativeAddon };
  } catch (error) {
    return { reason: `the ${path === compiled ? 'compiled' : 'prebuilt'} addon failed to load: ${String((error as Error).message).split('\n')[0]}` };
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
