import { BaseEnv, clip } from '../base-env.js';
import type { Box } from '../types.js';
import type { MujocoModule } from './module.js';

/** A MuJoCo environment's model and interface. */
export interface MujocoEnvOptions {
  id: string;
  /** The MJCF model. */
  xml: string;
  /** Physics steps per environment step. */
  frameSkip: number;
  observationSpace: Box;
  actionSpace: Box;
  maxEpisodeSteps: number;
  /**
   * After each environment step, compute the constraint forces on every body
   * (`mj_rnePostConstraint`: `cfrcExt`), as Gymnasium's MuJoCo environments do
   * after every step; only an environment that reads them needs it (Ant-v5).
   */
  contactForces?: boolean;
}

type MjModel = InstanceType<MujocoModule['MjModel']>;
type MjData = InstanceType<MujocoModule['MjData']>;

/**
 * A gym-style MuJoCo environment: one model and one data, `frameSkip` physics
 * steps per environment step.
 *
 * Views into WASM memory (`data.qpos`, ...) are cached, and re-read when the heap
 * has grown (a detached view has length 0), so a step allocates no views.
 */
export abstract class MujocoEnv extends BaseEnv {
  protected readonly model: MjModel;
  protected readonly data: MjData;
  readonly dt: number;
  private qposView: Float64Array;
  private qvelView: Float64Array;
  private ctrlView: Float64Array;
  private xposView: Float64Array;
  private cfrcExtView: Float64Array;
  private readonly contactForces: boolean;

  readonly frameSkip: number;
  /** The MJCF model this environment was built from (what a viewer draws a user's model from). */
  readonly xml: string;

  constructor(
    protected readonly mj: MujocoModule,
    options: MujocoEnvOptions,
  ) {
    super(options.id, options.observationSpace, options.actionSpace, options.maxEpisodeSteps);
    this.frameSkip = options.frameSkip;
    this.xml = options.xml;
    this.model = mj.MjModel.from_xml_string(options.xml);
    try {
      this.data = new mj.MjData(this.model);
    } catch (error) {
      this.model.delete();
      throw error;
    }
    this.dt = this.model.opt.timestep * this.frameSkip;
    this.qposView = this.data.qpos as Float64Array;
    this.qvelView = this.data.qvel as Float64Array;
    this.ctrlView = this.data.ctrl as Float64Array;
    this.xposView = this.data.xpos as Float64Array;
    this.cfrcExtView = this.data.cfrc_ext as Float64Array;
    this.contactForces = options.contactForces ?? false;
  }

  /** The MuJoCo model and data, for viewers that draw them (read them; changing them changes the episode). */
  get physics(): { model: MjModel; data: MjData } {
    return { model: this.model, data: this.data };
  }

  /** The generalised positions (a live view into WASM memory: copy before keeping). */
  get qpos(): Float64Array {
    if (this.qposView.length === 0) this.qposView = this.data.qpos as Float64Array;
    return this.qposView;
  }

  /** The generalised velocities (a live view into WASM memory: copy before keeping). */
  get qvel(): Float64Array {
    if (this.qvelView.length === 0) this.qvelView = this.data.qvel as Float64Array;
    return this.qvelView;
  }

  /** Every body's position in the world, 3 numbers per body (body 0 is the world; a live view). */
  protected get xpos(): Float64Array {
    if (this.xposView.length === 0) this.xposView = this.data.xpos as Float64Array;
    return this.xposView;
  }

  /**
   * The external (contact) force and torque on every body, 6 numbers per body
   * (MuJoCo's cfrc_ext: torque, then force; a live view). Computed after each
   * step only with the `contactForces` option; zero after a reset, as in Gymnasium.
   */
  protected get cfrcExt(): Float64Array {
    if (this.cfrcExtView.length === 0) this.cfrcExtView = this.data.cfrc_ext as Float64Array;
    return this.cfrcExtView;
  }

  private get ctrl(): Float64Array {
    if (this.ctrlView.length === 0) this.ctrlView = this.data.ctrl as Float64Array;
    return this.ctrlView;
  }

  /**
   * Applies the action for `frameSkip` physics steps. The control is clipped to
   * the action bounds, which is what MuJoCo does to gym's unclipped control
   * (`ctrllimited`), so the physics is the same; reward terms that use the
   * action see the raw action, as in gym.
   */
  protected doSimulation(action: ArrayLike<number>): void {
    const ctrl = this.ctrl;
    const { low, high } = this.actionSpace;
    for (let i = 0; i < ctrl.length; i++) ctrl[i] = clip(action[i], low[i], high[i]);
    for (let k = 0; k < this.frameSkip; k++) this.mj.mj_step(this.model, this.data);
    if (this.contactForces) this.mj.mj_rnePostConstraint(this.model, this.data);
  }

  /** The active contacts of the current state: geom ids, signed distance and the margin MuJoCo applied to the pair. */
  contacts(): { geom1: number; geom2: number; dist: number; includemargin: number }[] {
    const list = this.data.contact;
    return Array.from({ length: this.data.ncon as number }, (_, i) => {
      const c = list.get(i)!;
      return { geom1: c.geom1, geom2: c.geom2, dist: c.dist, includemargin: c.includemargin };
    });
  }

  /** Puts the system in a given state, as gym's `set_state` (used by reset, tests and analysis). */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    this.mj.mj_resetData(this.model, this.data);
    this.qpos.set(qpos);
    this.qvel.set(qvel);
    this.mj.mj_forward(this.model, this.data);
  }

  /**
   * Resets to gym's noisy start: `qpos0 + U(-scale, scale)` per coordinate and
   * `U(-scale, scale)` per velocity, or `scale * N(0, 1)` per velocity with
   * `velocities: 'normal'` (Gymnasium's HalfCheetah and Ant).
   */
  protected resetToNoisyState(scale: number, velocities: 'uniform' | 'normal' = 'uniform'): void {
    const qpos = Float64Array.from(this.model.qpos0 as Float64Array, (q) => q + this.uniform(-scale, scale));
    const qvel = Float64Array.from({ length: this.model.nv }, () => (velocities === 'normal' ? scale * this.normal() : this.uniform(-scale, scale)));
    this.setState(qpos, qvel);
  }

  /** The id of the body named `name`, or -1 when the model has none. */
  protected bodyId(name: string): number {
    return this.mj.mj_name2id(this.model, this.mj.mjtObj.mjOBJ_BODY.value, name);
  }

  /**
   * Applies the action (as `doSimulation`) and returns gym's locomotion terms:
   * the x position after the step, the x velocity of `qpos[0]` over it, and the
   * action's squared norm (the control cost before its weight).
   */
  protected simulateForward(action: ArrayLike<number>): { xAfter: number; xVelocity: number; actionNormSquared: number } {
    const xBefore = this.qpos[0];
    this.doSimulation(action);
    const xAfter = this.qpos[0];
    let actionNormSquared = 0;
    for (let i = 0; i < action.length; i++) actionNormSquared += action[i] * action[i];
    return { xAfter, xVelocity: (xAfter - xBefore) / this.dt, actionNormSquared };
  }

  protected override release(): void {
    this.data.delete();
    this.model.delete();
  }
}
