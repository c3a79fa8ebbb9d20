/**
 * Records a trace of a real bench for the ETA's test (eta.test.ts): a small
 * suite of the four algorithms at mixed budgets, run by the local pool, with
 * every run's progress sampled every two seconds and at every run's end.
 *
 *   node apps/bench/dist/bench/record-eta-trace.js OUT.json [workers]
 *
 * The fixture in fixtures/eta-trace.json was recorded so (2 workers, on the
 * project's 2-core machine with other work beside it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite, type RunProgress } from '../scheduler.js';
import { parseSuite } from '../suite.js';

const [out, workers = '2'] = process.argv.slice(2);
if (!out) throw new Error('usage: record-eta-trace.js OUT.json [workers]');
const suite = parseSuite({
  name: 'eta-trace',
  seeds: [0, 1],
  runs: [
    { algo: 'ars', env: 'MountainCarContinuous-v0', steps: 30000 },
    { algo: 'gogepo', env: 'InvertedPendulum-v2', steps: 4000 },
    { algo: 'udrl', env: 'InvertedPendulum-v2', steps: 10000 },
    { algo: 'ddpg', env: 'MountainCarContinuous-v0', steps: 6000, config: { ddpg: { policyHidden: [64, 64], criticHidden: [64, 64], startSteps: 1000 } } },
  ],
  sweep: { n: 2, episodes: 1 },
  policyMap: { bufferPolicies: 3, commands: 2 },
}, 'record-eta-trace');

export interface TraceRun {
  id: string;
  env: string;
  label: string;
  status: RunProgress['status'];
  steps: number;
  budget: number;
  stepsAtStart: number;
  startedAt?: number;
  endedAt?: number;
}
const start = performance.now();
const snapshots: { t: number; runs: TraceRun[] }[] = [];
let last = -Infinity;
const record = (runs: RunProgress[], force = false) => {
  const now = performance.now();
  if (!force && now - last < 2000) return;
  last = now;
  const rel = (t?: number) => (t === undefined ? undefined : Math.round(t - start));
  snapshots.push({
    t: Math.round(now - start),
    runs: runs.map((r) => ({ id: r.run.id, env: r.run.env, label: r.run.label, status: r.status, steps: r.steps, budget: r.budget, stepsAtStart: r.stepsAtStart, startedAt: rel(r.startedAt), endedAt: rel(r.endedAt) })),
  });
};
let latest: RunProgress[] = [];
const benchDir = mkdtempSync(join(tmpdir(), 'gogepo-eta-trace-'));
await runSuite(suite, benchDir, {
  workers: Number(workers),
  backend: 'auto',
  observer: { update: (runs) => ((latest = runs), record(runs)), runEnded: () => record(latest, true) },
});
record(latest, true);
rmSync(benchDir, { recursive: true });
writeFileSync(out, `${JSON.stringify({ workers: Number(workers), snapshots })}\n`);
console.log(`${snapshots.length} snapshots over ${(snapshots.at(-1)!.t / 1000).toFixed(0)} s written to ${out}`);
