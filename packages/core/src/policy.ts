/**
 * What acting with an MLP policy needs, and nothing that touches files or
 * threads: `@gogepo/core/policy` is the part of this package a browser page
 * can bundle (the viewer of `gogepo view` does).
 */
export { ObservationNormaliser } from './normaliser.js';
export { PolicyRunner } from './policy-runner.js';
