/**
 * Peak resident memory of a real Hopper-v3 GoGePo run (the paper's sizes) with a
 * full buffer: the buffer is first filled with 10,000 generated policies, then
 * training runs for some episodes; RSS is printed per episode, so growth with the
 * number of episodes would show.
 *
 *   node packages/core/dist/bench/memory.js [episodes] [update threads]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gogepo/nn';
import { Run } from '../run.js';
import { resolveRunConfig } from '../index.js';
import type { GoGePo } from '../gogepo/gogepo.js';

const episodes = Number(process.argv[2] ?? 10);
const updateThreads = Number(process.argv[3] ?? 1);
const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
const backend = await initBackend('auto');
const config = resolveRunConfig({ algo: 'gogepo', env: 'Hopper-v3', seed: 0 }, { steps: 3_000_000, checkpointSeconds: 1e9, gogepo: { updateThreads } });
const runDir = mkdtempSync(join(tmpdir(), 'gogepo-memory-'));
const run = await Run.start(runDir, config, backend);
const gogepo = run.conditioned as GoGePo;
const theta = gogepo.generate(0);
for (let i = 0; gogepo.buffer.size < gogepo.buffer.capacity; i++) {
  theta[i % theta.length] += 1e-3;
  gogepo.buffer.push(theta, i);
}
console.log(`buffer full: ${gogepo.buffer.size} policies; rss ${gib(process.memoryUsage().rss)} GiB`);
let done = 0;
await run.train({
  onProgress: (p) => {
    done = p.episodes;
    const m = process.memoryUsage();
    console.log(`episode ${p.episodes}: rss ${gib(m.rss)} GiB, heap ${gib(m.heapUsed)} GiB, array buffers ${gib(m.arrayBuffers)} GiB`);
  },
  shouldStop: () => done >= episodes,
});
console.log(`peak rss ${gib(process.resourceUsage().maxRSS * 1024)} GiB (backend ${backend})`);
run.close();
rmSync(runDir, { recursive: true });
