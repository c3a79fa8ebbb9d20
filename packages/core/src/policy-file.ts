import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { Env } from '@gogepo/envs';
import { PolicyLayout } from '@gogepo/nn';
import { ObservationNormaliser } from './normaliser.js';
import { writeJsonAtomic } from './files.js';
import { ConfigError, oneLine, zodProblem } from './errors.js';

/**
 * A standalone policy, as JSON (format "gogepo-policy/1"):
 *   env, layout { observationSize, actionSize, hidden }, actionHigh,
 *   observationMean, observationStd  (the policy sees (obs - mean) / (std + 1e-8)),
 *   theta (W1 out x in row-major, b1, W2, b2, ...; hiddenActivation after each
 *   hidden layer, tanh on the output, output times actionHigh), plus free-form
 *   provenance (command, run, steps).
 */
export const policyFileSchema = z.object({
  format: z.literal('gogepo-policy/1'),
  env: z.string(),
  layout: z.object({
    observationSize: z.number().int().positive(),
    actionSize: z.number().int().positive(),
    hidden: z.array(z.number().int().positive()),
    hiddenActivation: z.enum(['tanh', 'relu']).default('tanh'),
  }),
  actionHigh: z.array(z.number()),
  observationMean: z.array(z.number()),
  observationStd: z.array(z.number()),
  theta: z.array(z.number()),
  provenance: z.record(z.string(), z.unknown()).default({}),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

/** Whether a policy file may be written at `path`: an existing file is replaced only with `force`, a directory never. */
export function checkPolicyOut(path: string, options: { force?: boolean } = {}): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new ConfigError(`${path} is a directory; name the policy file to write`);
  if (!options.force) throw new ConfigError(`${path} exists; pass --force to overwrite it, or choose another --out`);
}

/** Writes a policy file (see checkPolicyOut). */
export function writePolicyFile(path: string, policy: PolicyFile, options: { force?: boolean } = {}): void {
  checkPolicyOut(path, options);
  writeJsonAtomic(path, policy);
}

/** A policy file's layout must fit the environment it names. */
export function checkPolicyFits(path: string, layout: PolicyLayout, env: Env): void {
  const [obs, act] = [env.observationSpace.shape[0], env.actionSpace.shape[0]];
  if (layout.observationSize !== obs || layout.actionSize !== act) {
    throw new ConfigError(`${path}: a policy for ${layout.observationSize} observations and ${layout.actionSize} actions, but ${env.id} has ${obs} and ${act}`);
  }
}

export function readPolicyFile(path: string): {
  file: PolicyFile;
  layout: PolicyLayout;
  theta: Float32Array;
  normaliser: ObservationNormaliser;
} {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not a readable JSON policy file (${oneLine((error as Error).message)})`);
  }
  const parsed = policyFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${path}: bad policy file: ${zodProblem(parsed.error)}`);
  const file = parsed.data;
  const layout = new PolicyLayout(file.layout.observationSize, file.layout.actionSize, file.layout.hidden, file.layout.hiddenActivation);
  if (file.theta.length !== layout.size) {
    throw new ConfigError(`${path}: theta has ${file.theta.length} numbers, the layout needs ${layout.size}`);
  }
  for (const [field, values, size] of [
    ['observationMean', file.observationMean, layout.observationSize],
    ['observationStd', file.observationStd, layout.observationSize],
    ['actionHigh', file.actionHigh, layout.actionSize],
  ] as const) {
    if (values.length !== size) throw new ConfigError(`${path}: ${field} has ${values.length} numbers, the layout needs ${size}`);
  }
  const normaliser = ObservationNormaliser.fixed(file.observationMean, file.observationStd);
  return { file, layout, theta: Float32Array.from(file.theta), normaliser };
}
