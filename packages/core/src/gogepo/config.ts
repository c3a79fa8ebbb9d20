import { z } from 'zod';
import { boundedInt, hiddenSizes, type MemoryItem } from '../sizes.js';

const RANGE_MISSING = "gogepo needs the environment's range of returns: add training.rMin and training.rMax to its registration, or set gogepo.rMin and gogepo.rMax in the run's config";

/** GoGePo's hyperparameters; defaults are the paper's / reference implementation's (docs/method.md). */
export const gogepoConfig = z
  .object({
    policyHidden: hiddenSizes.default([256, 256]),
    sliceSize: boundedInt(1, 256).default(16),
    embeddingSize: boundedInt(1, 4096).default(8),
    headHidden: hiddenSizes.default([256, 256]),
    probingStates: boundedInt(1, 100_000).default(200),
    evaluatorHidden: hiddenSizes.default([256, 256]),
    bufferCapacity: boundedInt(1, 100_000_000).default(10_000),
    batchSize: boundedInt(1, 1_000_000).default(16),
    evaluatorSteps: boundedInt(0, 1_000_000).default(4),
    generatorSteps: boundedInt(0, 1_000_000).default(19),
    evaluatorLr: z.number().positive().default(5e-3),
    generatorLr: z.number().positive().default(2e-6),
    /** Command = best training return so far + drive. */
    drive: z.number().default(20),
    /** The command of the very first episode, in return units. */
    firstCommand: z.number().default(1),
    /** Std of the Gaussian noise added to every generated parameter in training episodes. */
    noiseStd: z.number().nonnegative().default(0.1),
    /** Replay sampling weights (1/k)^recencyExponent for the k-th newest entry; 0 = uniform (the ablation of paper fig. 4). */
    recencyExponent: z.number().nonnegative().default(1.1),
    /** Scale each generated layer by 2 / sqrt(fan_in); off is the ablation of paper fig. 4. */
    outputScaling: z.boolean().default(true),
    /** Commands are fed to G as return / (rMax - rMin); the environment's registration gives them (training.rMin, training.rMax). */
    rMin: z.number({ error: (issue) => (issue.input === undefined ? RANGE_MISSING : undefined) }),
    rMax: z.number({ error: (issue) => (issue.input === undefined ? RANGE_MISSING : undefined) }),
    /**
     * Threads that share each update step: the batch is cut into this many parts
     * whose gradients are summed (the same loss; the summation order, and so the
     * last bits, depend on the number of threads). 1 = no helper threads.
     */
    updateThreads: z.number().int().min(1).max(64).default(1),
  })
  .strict()
  .refine((c) => c.rMax > c.rMin, { message: 'rMax must be greater than rMin', path: ['rMax'] })
  // the generator cuts hidden layers into sliceSize x sliceSize tiles
  .refine((c) => c.policyHidden.every((h) => h % c.sliceSize === 0), { message: 'every hidden size must be a multiple of sliceSize (the generator writes the policy in sliceSize x sliceSize tiles)', path: ['policyHidden'] });
export type GoGePoConfig = z.output<typeof gogepoConfig>;

/** Parameters of a fully connected net with these layer sizes. */
const mlpParameters = (sizes: readonly number[]) => sizes.slice(1).reduce((sum, out, i) => sum + (sizes[i] + 1) * out, 0);

/**
 * GoGePo's large allocations, in bytes (float32): the replay buffer of whole
 * policies, G and V with their gradients and two Adam moments each, the
 * probing states, and one batch of generated policies with its backward pass.
 */
export function gogepoMemory(c: GoGePoConfig, layout: { size: number; observationSize: number; actionSize: number }): MemoryItem[] {
  const f = 4;
  const tile = c.sliceSize * c.sliceSize;
  const generator = 3 * (mlpParameters([c.embeddingSize + 1, ...c.headHidden, tile]) + mlpParameters([c.embeddingSize + 1, ...c.headHidden, c.sliceSize]));
  const evaluator = mlpParameters([c.probingStates * layout.actionSize, ...c.evaluatorHidden, 1]) + c.probingStates * layout.observationSize;
  return [
    { what: `the replay buffer (bufferCapacity ${c.bufferCapacity} x ${layout.size} policy parameters)`, bytes: c.bufferCapacity * layout.size * f },
    { what: `the generator's parameters, gradients and Adam moments (sliceSize ${c.sliceSize}, headHidden ${c.headHidden.join('x')})`, bytes: 4 * generator * f },
    { what: `the evaluator's parameters, gradients and Adam moments (probingStates ${c.probingStates}, evaluatorHidden ${c.evaluatorHidden.join('x')})`, bytes: 4 * evaluator * f },
    { what: `a batch of generated policies (batchSize ${c.batchSize} x ${layout.size} parameters)`, bytes: 4 * c.batchSize * layout.size * f },
  ];
}
