export { bufferLogLength, evenlySpaced, forEachBufferRecord } from './buffer-log.js';
export type { Algorithm, AlgorithmContext, AlgorithmState, CommandConditioned, EpisodeAlgorithm, StepAlgorithm, Transition } from './algorithm.js';
export { isCommandConditioned } from './algorithm.js';
export { EvaluationProtocol, evaluatePolicy, evaluationSeed, finalReturn, type EvaluationSetup } from './evaluation.js';
export { GoGePo, gogepoConfig, gogepoDefinition, gogepoStateSchema, type GoGePoConfig } from './gogepo.js';
export { ObservationNormaliser, type NormaliserState } from './normaliser.js';
export { PolicyRunner } from './policy-runner.js';
export { checkPolicyFits, checkPolicyOut, policyFileSchema, readPolicyFile, writePolicyFile, type PolicyFile } from './policy-file.js';
export { ReplayBuffer, recencyCdf } from './replay.js';
export { runEpisode, runStepwiseEpisode, type EpisodeOptions, type EpisodeResult, type MlpPolicy } from './rollout.js';
export { ConfigError, parseRunConfig, resolveRunConfig, zodProblem, type RunConfig } from './run-config.js';
export { oneLine } from './errors.js';
export { boundedInt, checkMemory, hiddenSizes, LIMITS, type MemoryItem } from './sizes.js';
export { algorithmDefinition, algorithmNames, registerAlgorithm, type AlgorithmDefinition } from './algorithms.js';
export { AppendLog, readJsonFile, writeFileAtomic, writeJsonAtomic } from './files.js';
export { runPaths } from './run-paths.js';
export { findRunDirs, runStatus, type RunStatus } from './run-status.js';
export { DirLock, FOREIGN_STALE_MS, LockHeldError } from './dir-lock.js';
export { commandSweep, sweepCommands, sweepCsv, type SweepOptions, type SweepRow } from './sweep.js';
export { readSweepFile, sweepFilePath, sweepFileSchema, writeSweepFile, type SweepFile } from './sweep-file.js';
export { Run, TOOL_VERSION } from './run.js';
export { listSnapshots, readEvaluations, RunDirectory, type Checkpoint, type EvaluationRecord, type RunFile, type RunSummary, type TrainingCounters } from './run-directory.js';
export { TrainingLoop, type Progress, type RunHooks, type TrainingSetup } from './training-loop.js';
export { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors.js';
export { formatDuration } from './duration.js';
export { provenance, type Provenance } from './provenance.js';
export { checkNamedModules, loadModules, loadRunModules, resolveModules } from './modules.js';

import { registerAlgorithm as register } from './algorithms.js';
import { gogepoDefinition as definition } from './gogepo.js';

register(definition); // GoGePo plugs into the driver as the baselines do
export { checkState, type CheckedState } from './algorithm-state.js';
export { parseChoice, parseNumber, parsePositiveInt, parseSeed, UsageError } from './flags.js';
export { mean, populationStd, sum } from './statistics.js';
export { describeError, exitWithError } from './fatal.js';
