import { mujoco } from '@gogepo/envs';
import type { EpisodeData, ViewerInfo } from '../src/view-protocol.js';
import type { Physics } from './scene3d.js';

/** An episode the server stepped, decoded. */
interface Recorded {
  thetaHash: string;
  rewards: number[];
  /** steps + 1 rows of observations. */
  observations: Float32Array;
  /** steps + 1 rows of qpos (a MuJoCo environment). */
  qpos?: Float64Array;
}

function decode<T extends Float32Array | Float64Array>(base64: string, Type: { new (buffer: ArrayBuffer): T }): T {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Type(bytes.buffer);
}

/**
 * Episodes of an environment the page cannot make (a user's), stepped by the
 * server (GET /api/episode) and played back here state by state: the same
 * rewards and states as `gogepo eval` sees.
 */
export class Playback {
  private episode?: Recorded;
  /** The state shown: 0 is the start, k the state after step k. */
  private shown = 0;
  private loading: Promise<void> = Promise.resolve();

  constructor(readonly observationSize: number) {}

  /** Fetches an episode; until it arrives, `step` does nothing. Only the latest load counts. */
  load(url: string): Promise<void> {
    this.episode = undefined;
    const loading: Promise<void> = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      const data = (await response.json()) as EpisodeData;
      if (this.loading !== loading) return; // a later load replaced this one
      this.episode = { thetaHash: data.thetaHash, rewards: data.rewards, observations: decode(data.observations, Float32Array), qpos: data.qpos === undefined ? undefined : decode(data.qpos, Float64Array) };
      this.shown = 0;
    });
    this.loading = loading;
    return loading;
  }

  /** Resolves when the latest load has arrived. */
  loaded(): Promise<void> {
    return this.loading;
  }

  get thetaHash(): string | undefined {
    return this.episode?.thetaHash;
  }

  /** The next recorded step: its reward and whether it ended the episode; undefined while loading. */
  step(): { reward: number; ended: boolean } | undefined {
    const e = this.episode;
    if (!e || this.shown >= e.rewards.length) return undefined;
    this.shown += 1;
    return { reward: e.rewards[this.shown - 1], ended: this.shown === e.rewards.length };
  }

  /** The observations from the start to the state shown (rows), and the episode's length. */
  observationsSoFar(): { rows: Float32Array; steps: number } | undefined {
    const e = this.episode;
    return e && { rows: e.observations.subarray(0, (this.shown + 1) * this.observationSize), steps: e.rewards.length };
  }

  /** The qpos of the state shown (a MuJoCo environment). */
  qpos(nq: number): Float64Array | undefined {
    return this.episode?.qpos?.subarray(this.shown * nq, (this.shown + 1) * nq);
  }
}

/**
 * A user's MuJoCo model, built in the page from its own XML, placed at each
 * recorded qpos (positions only: mj_forward computes where every geom is).
 * Undefined when the page's MuJoCo cannot build the model (one that needs
 * files beside its XML, say); the page then plots observations instead.
 */
export async function recordedPhysics(model: NonNullable<NonNullable<ViewerInfo['remote']>['model']>, playback: Playback): Promise<{ physics?: () => Physics; problem?: string }> {
  const mj = await mujoco();
  let built;
  try {
    built = mj.MjModel.from_xml_string(model.xml);
  } catch (error) {
    return { problem: String((error as Error).message ?? error).split('\n')[0] };
  }
  const data = new mj.MjData(built);
  const physics = { model: built, data } as unknown as Physics;
  return {
    physics: () => {
      const q = playback.qpos(model.nq);
      if (q) {
        (data.qpos as Float64Array).set(q);
        mj.mj_forward(built, data);
      }
      return physics;
    },
  };
}
