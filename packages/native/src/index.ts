export { nativeAddon, nativeUnavailable, requireNative, type NativeAddon } from './addon.js';
export { NativePolicyRunner, type NativePolicyLayer } from './policy.js';
export { sgemm, type GemmOptions } from './gemm.js';
export { NativeAdam, NativeGoGePoNets, type NativeGoGePoLayer, type NativeGoGePoShape } from './gogepo.js';
export { NativeDdpgNets, type NativeDdpgBatch, type NativeDdpgShape, type NativeDdpgState, type NativeDdpgStep } from './ddpg.js';
