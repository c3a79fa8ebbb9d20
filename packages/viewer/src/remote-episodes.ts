import { ConfigError, ObservationNormaliser, PolicyRunner, runEpisode } from '@gogepo/core';
import { make, type Env } from '@gogepo/envs';
import { Generator, type GeneratorOptions } from '@gogepo/hypernet';
import { Rng, tidyData, toTheta, type PolicyLayout } from '@gogepo/nn';
import { episodeSeeds } from '@gogepo/random';
import { thetaHash } from './theta-hash.js';
import type { EpisodeData, ViewerInfo } from './view-protocol.js';

/**
 * Episodes of environments the viewer page cannot make (a user's, registered
 * by a module the operator named): the server steps them here, with the same
 * physics, seeds and policy runner as `gogepo eval`, and the page plays the
 * recorded states back.
 */

/** At most this many floats in one recorded episode (observations and qpos), checked before the viewer starts. */
export const MAX_EPISODE_FLOATS = 1 << 24;
/** Episode indices the viewer plays (as many seeds as the page has). */
export const EPISODE_SEEDS = 10_000;

/** A policy as it acts: its weights and the observation statistics it was written for. */
export interface ActingPolicy {
  theta: Float32Array;
  mean: number[];
  std: number[];
}

/** A MuJoCo environment, by what it has (a user's module may hold its own copy of @gogepo/envs, so not by class). */
type MujocoLike = Env & { xml: string; qpos: Float64Array };
const isMujoco = (env: Env): env is MujocoLike => typeof (env as Partial<MujocoLike>).xml === 'string' && (env as Partial<MujocoLike>).qpos instanceof Float64Array;

const base64 = (flat: Float32Array | Float64Array) => Buffer.from(flat.buffer, flat.byteOffset, flat.byteLength).toString('base64');

export class EpisodeRecorder {
  private constructor(
    private readonly env: Env,
    /** The same environment when it is a MuJoCo one (its qpos is recorded too). */
    private readonly mujoco: MujocoLike | undefined,
    private readonly runner: PolicyRunner,
    private readonly seeds: number[],
    /** What the page is told: the time step, and a MuJoCo environment's model. */
    readonly remote: NonNullable<ViewerInfo['remote']>,
  ) {}

  /** Makes the environment (its module is loaded already); refuses one whose episodes could not be recorded within MAX_EPISODE_FLOATS. */
  static async create(envId: string, layout: PolicyLayout, actionHigh: number[], seed: number, native: boolean): Promise<EpisodeRecorder> {
    const env = await make(envId);
    const mujoco = isMujoco(env) ? env : undefined;
    const nq = mujoco?.qpos.length ?? 0;
    const floats = (env.maxEpisodeSteps + 1) * (layout.observationSize + nq);
    if (floats > MAX_EPISODE_FLOATS) {
      env.close();
      throw new ConfigError(`view: an episode of ${envId} (${env.maxEpisodeSteps} steps of ${layout.observationSize} observations${nq > 0 ? ` and ${nq} positions` : ''}) is more than the viewer records (${MAX_EPISODE_FLOATS.toLocaleString('en-US')} floats)`);
    }
    const dt = (env as { dt?: number }).dt;
    const runner = new PolicyRunner(layout, Float64Array.from(actionHigh), { native });
    const remote = { dt: typeof dt === 'number' && dt > 0 ? dt : 0.02, model: mujoco ? { xml: mujoco.xml, nq } : undefined };
    return new EpisodeRecorder(env, mujoco, runner, episodeSeeds(seed, EPISODE_SEEDS), remote);
  }

  /** Episode `index` (0 ≤ index < EPISODE_SEEDS, checked by the caller) of `policy`, every state recorded. */
  record(policy: ActingPolicy, index: number): EpisodeData {
    const observations: number[] = [];
    const qpos: number[] = [];
    const rewards: number[] = [];
    const keep = (observation: Float64Array) => {
      for (const x of observation) observations.push(x);
      if (this.mujoco) for (const q of this.mujoco.qpos) qpos.push(q);
    };
    const normaliser = ObservationNormaliser.fixed(policy.mean, policy.std);
    runEpisode(this.env, { runner: this.runner, theta: policy.theta, normaliser }, this.seeds[index], {
      onObservation: (observation) => rewards.length === 0 && keep(observation),
      onStep: (step) => {
        rewards.push(step.reward);
        keep(step.observation);
      },
    });
    return {
      thetaHash: thetaHash(policy.theta),
      rewards,
      observations: base64(Float32Array.from(observations)),
      qpos: this.mujoco ? base64(Float64Array.from(qpos)) : undefined,
    };
  }

  close(): void {
    this.env.close();
  }
}

/**
 * The policies a run's generator writes, computed here as the page computes
 * them (a tfjs `Generator` holding a snapshot's parameters); the last
 * snapshot's generator is kept for the next ask.
 */
export class GeneratedPolicies {
  private current?: { id: string; generator: Generator; mean: number[]; std: number[] };

  constructor(
    private readonly layout: PolicyLayout,
    private readonly options: GeneratorOptions,
    private readonly commandScale: number,
    private readonly snapshot: (id: string) => { params: Float32Array; mean: number[]; std: number[] } | undefined,
  ) {}

  /** The noise-free policy snapshot `id`'s generator writes for return `ask`; undefined when there is no such snapshot. */
  policy(id: string, ask: number): ActingPolicy | undefined {
    if (this.current?.id !== id) {
      const data = this.snapshot(id);
      if (!data) return undefined;
      this.current?.generator.dispose();
      const generator = new Generator(this.layout, Rng.seeded(0), this.options);
      generator.setParams(data.params);
      this.current = { id, generator, mean: data.mean, std: data.std };
    }
    const { generator, mean, std } = this.current;
    return { theta: tidyData(() => toTheta(generator.generate(ask / this.commandScale), this.layout)), mean, std };
  }
}
