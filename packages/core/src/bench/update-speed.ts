/**
 * GoGePo speed at Hopper-v3 sizes (obs 11, act 3, the paper's networks):
 * wall time of one episode's updates (4 evaluator + 19 generator Adam steps,
 * batch 16), of generating one policy, and of one policy step in a rollout.
 *
 *   pnpm --filter @gogepo/core bench [episodes] [update threads] [--json]
 *
 * GOGEPO_BACKEND picks the backend (default auto); `bench-table.js` runs every
 * backend x thread count and prints the table of the package README.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeAddon } from '@gogepo/native';
import { denseFlops, engineOf, initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { GoGePo } from '../gogepo/gogepo.js';
import { gogepoConfig } from '../gogepo/config.js';
import { PolicyRunner } from '../policy-runner.js';
import { ObservationNormaliser } from '../normaliser.js';
import { mean } from '../statistics.js';

const args = process.argv.slice(2).filter((a) => a !== '--json');
const json = process.argv.includes('--json');
const episodes = Number(args[0] ?? 3);
const updateThreads = Number(args[1] ?? 1);
const REFERENCE_SECONDS = 2.6; // the authors' PyTorch code, this machine class, OpenBLAS, one thread

const backend = await initBackend(process.env.GOGEPO_BACKEND as never ?? 'auto');
const config = gogepoConfig.parse({ rMin: -100, rMax: 3000, updateThreads });
const layout = new PolicyLayout(11, 3, config.policyHidden);
const rng = Rng.seeded(0);
const runDir = mkdtempSync(join(tmpdir(), 'gogepo-bench-'));
const gogepo = new GoGePo(config, { layout, actionHigh: Float64Array.of(1, 1, 1), engine: engineOf(backend), rng, runDir, maxEpisodeSteps: 1000, normaliser: new ObservationNormaliser(layout.observationSize) });

// A buffer of 100 policies with distinct returns, as in a Hopper run.
for (let i = 0; i < 100; i++) gogepo.buffer.push(gogepo.ask(), 1000 * rng.uniform());

const time = (f: () => void) => {
  const start = performance.now();
  f();
  return (performance.now() - start) / 1000;
};
const updates = () => {
  for (let i = 0; i < config.evaluatorSteps; i++) gogepo.evaluatorStep();
  for (let i = 0; i < config.generatorSteps; i++) gogepo.generatorStep();
};
// Matrix-product FLOPs: on the native backend every product runs in the addon, which counts them.
const flops = () => (engineOf(backend) === 'native' ? nativeAddon()!.gemmFlops() : denseFlops());
updates(); // warm-up (kernel compilation, first allocations)
const flopsBefore = flops();
const updateSeconds = Array.from({ length: episodes }, () => time(updates));
const episodeFlops = (flops() - flopsBefore) / episodes;
const evaluatorSeconds = time(() => { for (let i = 0; i < 10; i++) gogepo.evaluatorStep(); }) / 10;
const generatorSeconds = time(() => { for (let i = 0; i < 5; i++) gogepo.generatorStep(); }) / 5;
const askSeconds = time(() => { for (let i = 0; i < 5; i++) gogepo.ask(); }) / 5;

const runner = new PolicyRunner(layout, [1, 1, 1], { native: engineOf(backend) === 'native' });
const theta = gogepo.ask();
const obs = rng.fillNormal(new Float64Array(11));
const action = new Float64Array(3);
for (let i = 0; i < 2000; i++) runner.act(theta, obs, action);
const calls = 50_000;
const stepSeconds = time(() => { for (let i = 0; i < calls; i++) runner.act(theta, obs, action); }) / calls;

const meanSeconds = mean(updateSeconds);
if (json) {
  const result = { backend, updateThreads, updateSeconds, meanSeconds, gflop: episodeFlops / 1e9, gflops: episodeFlops / meanSeconds / 1e9, evaluatorSeconds, generatorSeconds, askSeconds, runner: runner.kind, stepSeconds };
  console.log(JSON.stringify(result));
  gogepo.dispose();
  rmSync(runDir, { recursive: true });
  process.exit(0);
}
console.log(`GoGePo at Hopper-v3 sizes (policy ${layout.size}, generator ${gogepo.engine.read().generator.length}, evaluator ${gogepo.engine.read().evaluator.length} parameters)`);
console.log(`backend ${backend}, Node ${process.version}, update threads ${updateThreads}`);
console.log(`one episode's updates (${config.evaluatorSteps} evaluator + ${config.generatorSteps} generator steps, batch ${config.batchSize}): ${meanSeconds.toFixed(2)} s (runs: ${updateSeconds.map((s) => s.toFixed(2)).join(', ')})`);
console.log(`  matrix products: ${(episodeFlops / 1e9).toFixed(1)} GFLOP per episode, ${(episodeFlops / meanSeconds / 1e9).toFixed(1)} GFLOP/s over the whole update`);
console.log(`  evaluator step ${(1000 * evaluatorSeconds).toFixed(0)} ms, generator step ${(1000 * generatorSeconds).toFixed(0)} ms, generate one noisy policy ${(1000 * askSeconds).toFixed(0)} ms`);
console.log(`  vs the reference PyTorch code (${REFERENCE_SECONDS} s): ${(meanSeconds / REFERENCE_SECONDS).toFixed(2)}x its time`);
console.log(`one policy step in a rollout (11 -> 256 -> 256 -> 3, ${runner.kind}): ${(1e6 * stepSeconds).toFixed(1)} us (${Math.round(1 / stepSeconds)} steps/s)`);
gogepo.dispose();
rmSync(runDir, { recursive: true });
