/**
 * Environment throughput: env-steps/s of a uniformly random policy through the
 * Gymnasium wrapper, next to the raw physics rate (bare mj_step calls on the same
 * model, random controls, resets as often as the wrapper's episodes end).
 *
 *   pnpm --filter @gogepo/envs bench [seconds-per-env]
 */
import { Rng } from '@gogepo/random';
import { MujocoEnv } from '../mujoco/mujoco-env.js';
import { modelXml, mujoco } from '../mujoco/module.js';
import { make, registrations } from '../registry.js';

const seconds = Number(process.argv[2] ?? 3);
const rng = Rng.seeded(0);

function envStepsPerSecond(env: Awaited<ReturnType<typeof make>>) {
  const action = new Float64Array(env.actionSpace.shape[0]);
  const { low, high } = env.actionSpace;
  let steps = 0;
  let episodes = 0;
  env.reset({ seed: 0 });
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (let k = 0; k < 1000; k++) {
      for (let i = 0; i < action.length; i++) action[i] = rng.uniformIn(low[i], high[i]);
      const r = env.step(action);
      steps += 1;
      if (r.terminated || r.truncated) {
        episodes += 1;
        env.reset();
      }
    }
  }
  return { rate: steps / ((performance.now() - start) / 1000), meanEpisode: steps / Math.max(episodes, 1) };
}

async function rawPhysicsStepsPerSecond(xml: string, frameSkip: number, episodeSteps: number) {
  const mj = await mujoco();
  const model = mj.MjModel.from_xml_string(xml);
  const data = new mj.MjData(model);
  try {
    const ctrl = data.ctrl as Float64Array;
    const resetEvery = Math.max(1, Math.round(episodeSteps * frameSkip));
    let steps = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    while (performance.now() < deadline) {
      for (let k = 0; k < 1000; k++) {
        if (steps % frameSkip === 0) for (let i = 0; i < ctrl.length; i++) ctrl[i] = rng.uniformIn(-1, 1);
        mj.mj_step(model, data);
        steps += 1;
        if (steps % resetEvery === 0) {
          mj.mj_resetData(model, data);
          mj.mj_forward(model, data);
        }
      }
    }
    return steps / ((performance.now() - start) / 1000);
  } finally {
    data.delete();
    model.delete();
  }
}

console.log(`env throughput, random policy, ${seconds} s per measurement, Node ${process.version}`);
console.log('env                       env-steps/s  mean-ep-len  physics-steps/s  physics/frame-skip  wrapper-efficiency');
for (const spec of registrations()) {
  const env = await make(spec.id);
  try {
    const { rate, meanEpisode } = envStepsPerSecond(env);
    let physics = '-';
    let perEnvStep = '-';
    let efficiency = '-';
    if (env instanceof MujocoEnv) {
      const raw = await rawPhysicsStepsPerSecond(modelXml(spec.modelFile!), env.frameSkip, meanEpisode);
      physics = raw.toFixed(0);
      perEnvStep = (raw / env.frameSkip).toFixed(0);
      efficiency = `${((100 * rate) / (raw / env.frameSkip)).toFixed(0)}%`;
    }
    console.log(
      `${spec.id.padEnd(25)} ${rate.toFixed(0).padStart(11)}  ${meanEpisode.toFixed(0).padStart(11)}  ${physics.padStart(15)}  ${perEnvStep.padStart(18)}  ${efficiency.padStart(18)}`,
    );
  } finally {
    env.close();
  }
}
