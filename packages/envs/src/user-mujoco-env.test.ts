import { describe, expect, it } from 'vitest';
import { box, make, MujocoEnv, mujoco, register, type MujocoModule, type StepResult } from './index.js';

/** A user's MuJoCo task, written as the README says: a mass on a frictionless slider, pushed towards x = 1. */
const sliderXml = `<mujoco model="slider">
  <option timestep="0.01"/>
  <worldbody>
    <body name="mass">
      <joint name="x" type="slide" axis="1 0 0"/>
      <geom type="sphere" size="0.1" mass="1" contype="0" conaffinity="0"/>
    </body>
  </worldbody>
  <actuator><motor joint="x" gear="1" ctrllimited="true" ctrlrange="-1 1"/></actuator>
</mujoco>`;

class Slider extends MujocoEnv {
  constructor(mj: MujocoModule) {
    super(mj, { id: 'Slider-v0', xml: sliderXml, frameSkip: 5, observationSpace: box(-Infinity, Infinity, 2), actionSpace: box(-1, 1, 1), maxEpisodeSteps: 20 });
  }
  protected resetModel(): Float64Array {
    this.resetToNoisyState(0.1);
    return Float64Array.of(this.qpos[0], this.qvel[0]);
  }
  protected stepModel(action: ArrayLike<number>): Omit<StepResult, 'truncated'> {
    this.doSimulation(action);
    const x = this.qpos[0];
    return { observation: Float64Array.of(x, this.qvel[0]), reward: -Math.abs(1 - x), terminated: false, info: {} };
  }
}

describe('a user-defined MuJoCo environment', () => {
  it('registers, is made by id, and follows its physics and time limit', async () => {
    register({ id: 'Slider-v0', create: async () => new Slider(await mujoco()), maxEpisodeSteps: 20, training: { steps: 1000, evalInterval: 100, rMin: -40, rMax: 0 } });
    const env = await make('Slider-v0');
    try {
      const start = env.reset({ seed: 3 });
      expect(Math.abs(start[0])).toBeLessThanOrEqual(0.1);
      let last = start;
      let steps = 0;
      for (;;) {
        const step = env.step([1]); // full push to +x: the velocity grows by force / mass * dt each step
        steps += 1;
        expect(step.observation[1]).toBeGreaterThan(last[1]);
        last = step.observation;
        if (step.truncated) break;
      }
      expect(steps).toBe(20);
      // 20 steps of 5 x 0.01 s at 1 N on 1 kg: the velocity rose by 1 m/s (semi-implicit Euler, exact for constant force)
      expect(last[1] - start[1]).toBeCloseTo(1, 6);
      expect((env as Slider).dt).toBeCloseTo(0.05, 12);
    } finally {
      env.close();
    }
  });
});
