/**
 * Environment throughput: env-steps/s of a uniformly random policy through the
 * environment (one core), next to raw stepping of the same model in the same
 * WASM module (bare mj_step calls, random controls, resets as often as the
 * environment's episodes end), as env-steps/s (physics steps / frame skip).
 * The overhead is raw / env (the goal for the v5 set: at most 1.3x); the share
 * outside mj_step is 1 - env / raw (observations, rewards, resets, and for
 * Ant-v5 the contact forces, mj_rnePostConstraint).
 *
 *   pnpm --filter @gogepo/envs bench [seconds-per-env] [id,id,...]
 */
import { Rng } from '@gogepo/random';
import { MujocoEnv } from '../mujoco/mujoco-env.js';
import { modelXml, mujoco } from '../mujoco/module.js';
import { make, registrations } from '../registry.js';

const seconds = Number(process.argv[2] ?? 3);
const only = process.argv[3]?.split(',');
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
console.log('env                       env-steps/s  mean-ep-len  raw mj_step env-steps/s  overhead  outside mj_step');
for (const spec of registrations()) {
  if (only && !only.includes(spec.id)) continue;
  const env = await make(spec.id);
  try {
    const { rate, meanEpisode } = envStepsPerSecond(env);
    let raw = '-';
    let overhead = '-';
    let outside = '-';
    if (env instanceof MujocoEnv) {
      const perEnvStep = (await rawPhysicsStepsPerSecond(modelXml(spec.modelFile!), env.frameSkip, meanEpisode)) / env.frameSkip;
      raw = perEnvStep.toFixed(0);
      overhead = `${(perEnvStep / rate).toFixed(2)}x`;
      outside = `${(100 * (1 - rate / perEnvStep)).toFixed(0)}%`;
    }
    console.log(`${spec.id.padEnd(25)} ${rate.toFixed(0).padStart(11)}  ${meanEpisode.toFixed(0).padStart(11)}  ${raw.padStart(23)}  ${overhead.padStart(8)}  ${outside.padStart(15)}`);
  } finally {
    env.close();
  }
}
