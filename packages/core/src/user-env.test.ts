import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaseEnv, box, DEFAULT_TRAINING, envIds, make, register, type StepResult } from '@gogepo/envs';
import { initBackend } from '@gogepo/nn';
import { ConfigError, resolveRunConfig, Run } from './index.js';

/** Pendulum-v1 (Gymnasium's classic swing-up), written as a user would, on the public BaseEnv. */
class Pendulum extends BaseEnv {
  private theta = 0;
  private omega = 0;

  constructor() {
    super('Pendulum-v1', box([-1, -1, -8], [1, 1, 8], 3), box(-2, 2, 1), 200);
  }

  protected resetModel(): Float64Array {
    this.theta = this.uniform(-Math.PI, Math.PI);
    this.omega = this.uniform(-1, 1);
    return this.observe();
  }

  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    const u = Math.max(-2, Math.min(2, action[0]));
    const angle = ((((this.theta + Math.PI) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) - Math.PI;
    const reward = -(angle ** 2 + 0.1 * this.omega ** 2 + 0.001 * u ** 2);
    this.omega = Math.max(-8, Math.min(8, this.omega + (3 * 10 / 2 * Math.sin(this.theta) + 3 * u) * 0.05));
    this.theta += this.omega * 0.05;
    return { observation: this.observe(), reward, terminated: false, info: {} };
  }

  private observe(): Float64Array {
    return Float64Array.of(Math.cos(this.theta), Math.sin(this.theta), this.omega);
  }
}

describe('a user-defined environment through the public API', () => {
  it('registers, trains GoGePo end to end, resumes and evaluates', async () => {
    register({ id: 'Pendulum-v1', create: () => new Pendulum(), maxEpisodeSteps: 200, training: { steps: 2_000, evalInterval: 1_000, rMin: -1600, rMax: 0 } });
    expect(envIds()).toContain('Pendulum-v1');
    expect((await make('Pendulum-v1')).observationSpace.shape).toEqual([3]);

    const backend = await initBackend();
    const config = resolveRunConfig(
      { algo: 'gogepo', env: 'Pendulum-v1', seed: 3 },
      { evalEpisodes: 2, checkpointEpisodes: 2, gogepo: { policyHidden: [16, 16], headHidden: [16], evaluatorHidden: [16], probingStates: 8 } },
    );
    expect(config.gogepo).toMatchObject({ rMin: -1600, rMax: 0 }); // the registration's facts reach the algorithm
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-user-env-'));
    const first = await Run.start(dir, config, backend);
    let episodes = 0;
    expect((await first.train({ onProgress: (p) => (episodes = p.episodes), shouldStop: () => episodes >= 4 })).status).toBe('stopped');
    first.close();
    const second = await Run.resume(dir, backend);
    const result = await second.train();
    second.close();
    expect(result.status).toBe('finished');
    expect(result.summary!.steps).toBeGreaterThanOrEqual(2_000);
    expect(Number.isFinite(result.summary!.finalReturn)).toBe(true);

    const trained = await Run.resume(dir, backend, { readOnly: true });
    const returns = trained.evaluateAlgorithm([1, 2]);
    trained.close();
    expect(returns).toHaveLength(2);
    returns.forEach((r) => expect(r).toBeLessThanOrEqual(0));
  });

  it('refuses a registration it cannot use, and an id twice, in one line', () => {
    expect(() => register({ id: 'Bad env', create: () => new Pendulum(), maxEpisodeSteps: 200, training: { steps: 1, evalInterval: 1, rMin: 0, rMax: 1 } })).toThrow(
      'register("Bad env"): id must be letters, digits, "_", ".", ":" or "-"',
    );
    const ok = { id: 'Twice-v0', create: () => new Pendulum(), maxEpisodeSteps: 200, training: { steps: 10, evalInterval: 5, rMin: 0, rMax: 1 } };
    register(ok);
    register(ok); // the same registration again (a module loaded twice) is fine
    expect(() => register({ ...ok })).toThrow('register: environment id "Twice-v0" is already registered');
    expect(() => register({ ...ok, id: 'Range-v0', training: { steps: 10, evalInterval: 5, rMin: 1, rMax: 1 } })).toThrow(/rMax > rMin/);
  });

  it('takes a Gymnasium-style registration (id, create, maxEpisodeSteps), with default training facts; GoGePo asks for the return range in one line', () => {
    register({ id: 'Bare-v0', create: () => new Pendulum(), maxEpisodeSteps: 200 });
    const base = { algo: 'gogepo', env: 'Bare-v0', seed: 0 };
    expect(() => resolveRunConfig(base)).toThrow(
      new ConfigError(`bad config: "gogepo.rMin": gogepo needs the environment's range of returns: add training.rMin and training.rMax to its registration, or set gogepo.rMin and gogepo.rMax in the run's config`),
    );
    const config = resolveRunConfig(base, { gogepo: { rMin: -1600, rMax: 0 } });
    expect([config.steps, config.evalInterval]).toEqual([DEFAULT_TRAINING.steps, DEFAULT_TRAINING.evalInterval]);
    expect(config.gogepo).toMatchObject({ rMin: -1600, rMax: 0 });
    expect(() => register({ id: 'Half-v0', create: () => new Pendulum(), maxEpisodeSteps: 200, training: { rMin: 0 } })).toThrow(
      'register("Half-v0"): training.rMin and training.rMax go together: give both or neither',
    );
  });

  it('says when the environment disagrees with its registration', async () => {
    register({ id: 'Liar-v0', create: () => new Pendulum(), maxEpisodeSteps: 200, training: { steps: 10, evalInterval: 5, rMin: 0, rMax: 1 } });
    await expect(make('Liar-v0')).rejects.toThrow('make("Liar-v0"): the environment says id "Pendulum-v1" and time limit 200, its registration "Liar-v0" and 200');
  });
});
