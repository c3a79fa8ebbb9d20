import { make, type Env } from '@gogepo/envs';
import { episodeSeeds, Rng } from '@gogepo/random';

export interface RolloutOptions {
  env: string;
  episodes: number;
  seed: number;
}

export interface EpisodeReport {
  episode: number;
  return: number;
  length: number;
  terminated: boolean;
  stepsPerSecond: number;
}

/** Runs episodes of a uniformly random policy; episode i is reset with `deriveSeed(seed, 'episode', i)`. */
export async function randomRollouts(
  options: RolloutOptions,
  onEpisode: (report: EpisodeReport) => void = () => {},
): Promise<EpisodeReport[]> {
  const env: Env = await make(options.env);
  try {
    const rng = Rng.seeded(options.seed);
    const seeds = episodeSeeds(options.seed, options.episodes);
    const { low, high } = env.actionSpace;
    const action = new Float64Array(env.actionSpace.shape[0]);
    const reports: EpisodeReport[] = [];
    for (let episode = 0; episode < options.episodes; episode++) {
      const start = performance.now();
      env.reset({ seed: seeds[episode] });
      let total = 0;
      let length = 0;
      for (;;) {
        for (let i = 0; i < action.length; i++) action[i] = rng.uniformIn(low[i], high[i]);
        const { reward, terminated, truncated } = env.step(action);
        total += reward;
        length += 1;
        if (terminated || truncated) {
          const seconds = (performance.now() - start) / 1000;
          const report = { episode, return: total, length, terminated, stepsPerSecond: length / seconds };
          reports.push(report);
          onEpisode(report);
          break;
        }
      }
    }
    return reports;
  } finally {
    env.close();
  }
}
