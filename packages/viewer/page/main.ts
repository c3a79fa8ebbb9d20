/**
 * The viewer page (`gogepo view`): the run's environment stepped live by the same
 * MuJoCo WASM physics as training, its generator (tfjs, in the page) writing a
 * policy for the return asked with the slider, and that policy acting,
 * episode after episode, on the seeds `gogepo eval` and `gogepo sweep` use.
 * An environment the page cannot make (a user's) is stepped by the server and
 * played back here (playback.ts): drawn from its own MuJoCo model, or else as
 * a plot of its observations.
 */
import { make, type Env } from '@gogepo/envs';
import { ObservationNormaliser, PolicyRunner } from '@gogepo/core/policy';
import { Generator } from '@gogepo/hypernet';
import { PolicyLayout, Rng, tf, tidyData, toTheta } from '@gogepo/nn';
import { episodeSeeds } from '@gogepo/random';
import { MountainCarScene } from './car2d.js';
import type { SnapshotData, ViewerInfo } from '../src/view-protocol.js';
import { ObservationPlot } from './observation-plot.js';
import { Playback, recordedPhysics } from './playback.js';
import { MujocoScene, type Physics } from './scene3d.js';
import { drawSweep } from './sweep-plot.js';
import { thetaHash } from '../src/theta-hash.js';

/** What tests (and curious users) read: window.viewer. */
interface ViewerState {
  ready: boolean;
  /** Simulated seconds per environment step. */
  dt: number;
  /** Environment steps per simulated second shown (1 = real time; Infinity = as fast as the page can). */
  speed: number;
  error?: string;
  frames: number;
  fps: number;
  ask?: number;
  thetaHash: string;
  snapshot?: string;
  episode: number;
  /** The return so far in the episode shown (its final return once it has ended). */
  episodeReturn: number;
  episodeSteps: number;
  /** The episode shown has ended; the next step starts the next one (so its last frame shows its final return). */
  episodeEnded: boolean;
  /** The caption of the frame shown (what `gogepo render` burns into each frame). */
  caption: string;
  /** How much faster than real time `gogepo render` plays the episode (its caption says so). */
  speedup: number;
  /** Returns of the finished episodes since the last change of policy. */
  returns: number[];
}
const state: ViewerState = { ready: false, dt: 0, speed: 1, frames: 0, fps: 0, thetaHash: '', episode: 0, episodeReturn: 0, episodeSteps: 0, episodeEnded: false, caption: '', speedup: 1, returns: [] };
(window as unknown as { viewer: unknown }).viewer = state;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const renderMode = params.has('render');

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

class Viewer {
  /** The environment the page steps; undefined when the server steps it (`playback`). */
  private env?: Env;
  private playback?: Playback;
  private draw!: () => void;
  private generator?: Generator;
  private theta!: Float32Array;
  private normaliser!: ObservationNormaliser;
  private readonly runner: PolicyRunner;
  private readonly layout: PolicyLayout;
  private readonly seeds: number[];
  private readonly obs: Float64Array;
  private readonly input: Float64Array;
  private readonly action: Float64Array;
  private episodeIndex = 0;

  constructor(private readonly info: ViewerInfo) {
    const l = info.layout;
    this.layout = new PolicyLayout(l.observationSize, l.actionSize, l.hidden, l.hiddenActivation);
    this.runner = new PolicyRunner(this.layout, Float64Array.from(info.actionHigh), { native: false });
    this.seeds = episodeSeeds(info.seed, 10_000);
    this.input = new Float64Array(l.observationSize);
    this.obs = new Float64Array(l.observationSize);
    this.action = new Float64Array(l.actionSize);
  }

  async start(): Promise<void> {
    await tf.setBackend('cpu');
    await tf.ready();
    const canvas = $<HTMLCanvasElement>('scene');
    const remote = this.info.remote;
    if (remote) {
      const playback = (this.playback = new Playback(this.layout.observationSize));
      const recorded = remote.model && (await recordedPhysics(remote.model, playback));
      if (recorded?.physics) {
        const scene = new MujocoScene(canvas, recorded.physics);
        this.draw = () => scene.draw();
      } else {
        if (recorded?.problem) $('source').textContent += ` (its MuJoCo model cannot be drawn here: ${recorded.problem}; its observations are plotted instead)`;
        const plot = new ObservationPlot(canvas, playback, () => state.episodeReturn);
        this.draw = () => plot.draw();
      }
    } else {
      const env = (this.env = await make(this.info.env));
      const mujocoEnv = env as unknown as { physics?: Physics };
      if (mujocoEnv.physics !== undefined) {
        const scene = new MujocoScene(canvas, () => mujocoEnv.physics!);
        this.draw = () => scene.draw();
      } else {
        const car = new MountainCarScene(canvas, () => this.obs[0]);
        this.draw = () => car.draw();
      }
    }
    const g = this.info.generator;
    if (g) {
      // the page's own generator writes the policies it steps; the server's writes those it steps
      if (!remote) this.generator = new Generator(this.layout, Rng.seeded(0), g.options);
      await this.loadSnapshot(g.snapshots.at(-1)!.id);
      this.setAsk(params.has('return') ? Number(params.get('return')) : g.evaluationCommand);
    } else {
      const p = this.info.policy!;
      this.normaliser = ObservationNormaliser.fixed(p.mean, p.std);
      this.usePolicy(Float32Array.from(p.theta), p.command);
    }
    await this.loaded();
  }

  /** Resolves when the episode shown can be stepped (at once, unless the server is stepping it). */
  loaded(): Promise<void> {
    return this.playback?.loaded() ?? Promise.resolve();
  }

  /** Puts a snapshot's weights (and the statistics its policies saw) into the page's generator. */
  async loadSnapshot(id: string): Promise<void> {
    if (this.generator) {
      const data = await getJson<SnapshotData>(`/api/snapshot/${encodeURIComponent(id)}`);
      const bytes = Uint8Array.from(atob(data.params), (c) => c.charCodeAt(0));
      this.generator.setParams(new Float32Array(bytes.buffer));
      this.normaliser = ObservationNormaliser.fixed(data.mean, data.std);
    }
    state.snapshot = id;
    if (state.ask !== undefined) this.setAsk(state.ask);
  }

  /** The generator writes the policy for return `ask` (noise-free), which then acts from a fresh episode. */
  setAsk(ask: number): void {
    const g = this.info.generator!;
    const theta = this.generator && tidyData(() => toTheta(this.generator!.generate(ask / g.commandScale), this.layout));
    this.usePolicy(theta, ask);
  }

  /** A policy to act from a fresh episode: its weights, or (the server stepping) none here. */
  private usePolicy(theta: Float32Array | undefined, ask: number | undefined): void {
    if (theta) this.theta = theta;
    state.ask = ask;
    state.thetaHash = theta ? thetaHash(theta) : '';
    state.returns = [];
    this.episodeIndex = 0;
    this.reset();
    showStatus(this.info);
  }

  private reset(): void {
    if (this.env) this.obs.set(this.env.reset({ seed: this.seeds[this.episodeIndex % this.seeds.length] }));
    else {
      const index = this.episodeIndex % this.seeds.length;
      const query = this.info.generator ? `&snapshot=${encodeURIComponent(state.snapshot ?? 'final')}&ask=${state.ask}` : '';
      this.playback!.load(`/api/episode?index=${index}${query}`).then(() => (state.thetaHash = this.playback!.thetaHash ?? ''), (error: Error) => (state.error = error.message));
    }
    state.episode = this.episodeIndex;
    state.episodeReturn = 0;
    state.episodeSteps = 0;
    state.episodeEnded = false;
  }

  /** After an episode has ended, starts the next (the ended one stays shown until then). */
  nextEpisodeIfEnded(): void {
    if (state.episodeEnded) {
      this.episodeIndex += 1;
      this.reset();
    }
  }

  /**
   * One environment step of the current policy; true when it ended the
   * episode. The ended episode stays shown (its final state and return) until
   * the next step, which starts the next episode.
   */
  step(): boolean {
    this.nextEpisodeIfEnded();
    if (this.playback) {
      const s = this.playback.step();
      if (!s) return false; // still loading
      state.episodeReturn += s.reward;
      state.episodeSteps += 1;
      if (s.ended) {
        state.returns.push(state.episodeReturn);
        state.episodeEnded = true;
      }
      return s.ended;
    }
    const env = this.env!;
    this.runner.act(this.theta, this.normaliser.normalise(this.obs, this.input), this.action);
    const s = env.step(this.action);
    state.episodeReturn += s.reward;
    state.episodeSteps += 1;
    this.obs.set(s.observation);
    if (s.terminated || s.truncated) {
      state.returns.push(state.episodeReturn);
      state.episodeEnded = true;
      return true;
    }
    return false;
  }

  /** Seconds of simulated time per environment step (MountainCar has none: gym draws it at 50 steps a second). */
  get dt(): number {
    return this.info.remote?.dt ?? (this.env as unknown as { dt?: number }).dt ?? 0.02;
  }

  render(): void {
    this.draw();
    state.frames += 1;
  }
}

function showStatus(info: ViewerInfo): void {
  const ask = state.ask;
  $('asked').textContent = ask === undefined ? '-' : ask.toFixed(1);
  $('achieved').textContent = state.episodeReturn.toFixed(1);
  $('episode').textContent = String(state.episode + 1);
  $('hash').textContent = state.thetaHash;
  const n = state.returns.length;
  $('finished').textContent = n === 0 ? '-' : `${state.returns.slice(-5).map((r) => r.toFixed(1)).join(', ')}  (mean ${(state.returns.reduce((a, b) => a + b, 0) / n).toFixed(1)} over ${n})`;
  state.caption = `${info.env} · asked ${ask === undefined ? '-' : ask.toFixed(0)} · episode ${state.episode + 1} · ${state.episodeEnded ? 'final return' : 'return so far'} ${state.episodeReturn.toFixed(1)}${state.speedup > 1 ? ` · ${state.speedup}× speed` : ''}`;
  $('caption').textContent = state.caption;
  const sweep = info.generator?.sweep;
  if (sweep && ask !== undefined) drawSweep($('sweep') as unknown as SVGSVGElement, sweep, ask);
}

async function main(): Promise<void> {
  const info = await getJson<ViewerInfo>('/api/info');
  document.title = `gogepo view: ${info.source}`;
  $('source').textContent = `${info.env} — ${info.source}`;
  const viewer = new Viewer(info);
  await viewer.start();
  const g = info.generator;
  if (g) {
    const slider = $<HTMLInputElement>('slider');
    slider.min = String(g.range.from);
    slider.max = String(g.range.to);
    slider.step = 'any';
    slider.value = String(state.ask);
    $('range').textContent = `[${g.range.from}, ${g.range.to}]`;
    slider.addEventListener('input', () => viewer.setAsk(Number(slider.value)));
    $('best').addEventListener('click', () => {
      viewer.setAsk(g.evaluationCommand);
      slider.value = String(g.evaluationCommand);
    });
    const select = $<HTMLSelectElement>('snapshot');
    for (const s of g.snapshots) select.add(new Option(s.label, s.id, false, s.id === state.snapshot));
    select.addEventListener('change', () => void viewer.loadSnapshot(select.value).then(() => showStatus(info)));
  } else {
    $('controls').hidden = true;
  }
  if (!g?.sweep) $('sweep-box').hidden = true;
  state.dt = viewer.dt;
  const speedParam = params.get('speed');
  state.speed = speedParam === 'max' ? Infinity : Number(speedParam ?? 1) || 1;
  const speed = $<HTMLSelectElement>('speed');
  for (const [label, value] of [['real time', 1], ['4×', 4], ['16×', 16], ['as fast as it goes', Infinity]] as const) speed.add(new Option(label, String(value), false, value === state.speed));
  speed.addEventListener('change', () => (state.speed = Number(speed.value)));
  state.ready = true;

  if (renderMode) {
    const captionScale = Number(params.get('captionScale') ?? 1);
    if (captionScale > 1 && captionScale <= 3) $('caption').style.fontSize = `${15 * captionScale}px`;
    // `gogepo render` advances the episode frame by frame and screenshots each
    (window as unknown as { renderFrame: (steps: number) => Promise<boolean> }).renderFrame = async (steps: number) => {
      // stops at an episode's end, so that the frame shows how it ended and its final return
      let ended = false;
      for (let i = 0; i < steps && !ended; i++) {
        viewer.nextEpisodeIfEnded();
        await viewer.loaded(); // an episode the server steps arrives before it is played
        ended = viewer.step();
      }
      viewer.render();
      showStatus(info);
      return ended;
    };
    viewer.render();
    return;
  }
  // live: steps at real time (capped), one draw per animation frame
  let last = performance.now();
  let due = 0;
  let fpsSince = last;
  let fpsFrames = 0;
  const tick = (now: number) => {
    if (state.speed === Infinity) {
      // as fast as it goes: steps for about 30 ms of each frame
      for (const start = performance.now(); performance.now() - start < 30; ) viewer.step();
    } else {
      due = Math.min(due + ((now - last) / 1000 / viewer.dt) * state.speed, 8 * state.speed);
      for (; due >= 1; due--) viewer.step();
    }
    last = now;
    viewer.render();
    showStatus(info);
    fpsFrames += 1;
    if (now - fpsSince > 1000) {
      state.fps = (fpsFrames * 1000) / (now - fpsSince);
      fpsSince = now;
      fpsFrames = 0;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

main().catch((error: Error) => {
  state.error = error.message;
  $('source').textContent = `error: ${error.message}`;
  console.error(error);
});
