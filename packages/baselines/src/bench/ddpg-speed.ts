/**
 * DDPG's learning step at Hopper-v3 sizes (obs 11, act 3, actor and critic
 * 2 x 256 ReLU, batch 128, PyTorch's init): milliseconds per learning step and
 * GFLOP/s of its matrix products, for each way it can run:
 *
 *   tfjs on wasm         the portable path
 *   tfjs, native GEMM    tfjs ops whose matrix products run in the addon (the native backend before the native step)
 *   native, 1 thread     the whole step in the addon (csrc/ddpg.cc): what the native backend runs now
 *   native, 2 threads
 *
 *   pnpm --filter @gogepo/baselines bench [steps]
 *
 * The FLOPs are counted from the shapes: with A = sum of the actor's in x out
 * over its layers, C the critic's, A0 and C0 their first layers, one step does
 * 4A - A0 + 6C - C0 multiply-adds per transition (target actor and critic
 * forward; critic forward, weight and input gradients; actor forward, critic
 * forward and input gradients, actor weight and input gradients).
 */
import { ObservationNormaliser } from '@gogepo/core';
import { initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { DDPG, ddpgConfig } from '../index.js';

const steps = Number(process.argv[2] ?? 200);
const [obs, act, hidden, batchSize] = [11, 3, [256, 256], 128];
const mac = (sizes: number[]) => sizes.slice(1).reduce((s, out, i) => s + sizes[i] * out, 0);
const actor = [obs, ...hidden, act];
const critic = [obs + act, ...hidden, 1];
const flopsPerStep = 2 * batchSize * (4 * mac(actor) - obs * hidden[0] + 6 * mac(critic) - (obs + act) * hidden[0]);

function agent(engine: 'tfjs' | 'native', updateThreads = 1): DDPG {
  const config = ddpgConfig.parse({ policyHidden: hidden, criticHidden: hidden, batchSize, updateThreads });
  const layout = new PolicyLayout(obs, act, hidden, 'relu');
  const ddpg = new DDPG(config, { layout, actionHigh: Float64Array.of(1, 1, 1), engine, rng: Rng.seeded(0), runDir: '', maxEpisodeSteps: 1000, normaliser: new ObservationNormaliser(obs) });
  const rng = Rng.seeded(1);
  for (let i = 0; i < 10_000; i++) {
    const v = (n: number) => Float64Array.from({ length: n }, () => rng.normal());
    ddpg.replay.push({ observation: v(obs), action: v(act).map((x) => Math.tanh(x)), reward: rng.normal(), nextObservation: v(obs), terminated: false, truncated: false });
  }
  return ddpg;
}

function time(ddpg: DDPG, n: number): number {
  for (let i = 0; i < 10; i++) ddpg.update(); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) ddpg.update();
  return (performance.now() - start) / n;
}

const rows: [string, number][] = [];
await initBackend('wasm');
rows.push(['tfjs on wasm', time(agent('tfjs'), Math.max(10, steps / 10))]);
await initBackend('native');
rows.push(['tfjs, native GEMM', time(agent('tfjs'), Math.max(10, steps / 4))]);
rows.push(['native, 1 thread', time(agent('native', 1), steps)]);
rows.push(['native, 2 threads', time(agent('native', 2), steps)]);
console.log(`DDPG learning step at Hopper sizes (batch ${batchSize}, 2 x 256 ReLU): ${(flopsPerStep / 1e6).toFixed(1)} MFLOP of matrix products per step`);
console.log('| engine | ms per step | GFLOP/s |');
console.log('| --- | --- | --- |');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} | ${(flopsPerStep / ms / 1e6).toFixed(1)} |`);
