export { tf, initBackend, backendKind, backendChoices, backendFallbacks, type BackendChoice } from './backend.js';
export { dense, denseFlops, denseRelu, fastTanh, mlp, type DenseParams } from './dense.js';
export { torchLinear, torchMlp, parameterCount } from './init.js';
export { PolicyLayout, type HiddenActivation, type PolicyLayer } from './policy-layout.js';
export { Rng, type RngState } from '@gogepo/random';
export { toTheta, fromTheta, disposePolicy, tidyData, type PolicyTensors } from './policy-tensors.js';
export { Adam } from './adam.js';
export { splitRows } from './split-rows.js';
export { nativeMatMulEnabled, setNativeThreads } from './native-matmul.js';
