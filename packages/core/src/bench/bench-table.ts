/**
 * The update-speed bench for every backend x update-thread count, one process
 * each (a process loads one backend), one after the other, as a table:
 *
 *   node packages/core/dist/bench/bench-table.js [episodes] [backends] [threads]
 *   e.g. ... 3 wasm,native 1,2
 *
 * GFLOP/s is the episode's matrix-product work over its time. The work is the
 * same for every thread count (same seed, same batches), but wasm's helper
 * threads count theirs in their own isolates, so each backend's work is taken
 * from its row that counted the most (its one-thread row).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const episodes = process.argv[2] ?? '3';
const backends = (process.argv[3] ?? 'wasm,native').split(',');
const threads = (process.argv[4] ?? '1,2').split(',');
const bench = join(dirname(fileURLToPath(import.meta.url)), 'update-speed.js');

interface Result {
  backend: string;
  meanSeconds: number;
  updateSeconds: number[];
  gflop: number;
  evaluatorSeconds: number;
  generatorSeconds: number;
  runner: string;
  stepSeconds: number;
}

const rows = [['backend', 'threads', "one episode's updates", 'GFLOP/s', 'evaluator / generator step', 'policy step']];
for (const backend of backends) {
  const results = threads.map((t) => {
    const out = execFileSync(process.execPath, [bench, episodes, t, '--json'], { env: { ...process.env, GOGEPO_BACKEND: backend }, encoding: 'utf8' });
    console.error(`done: ${backend}, ${t} thread(s)`);
    return JSON.parse(out.trim().split('\n').pop()!) as Result;
  });
  const work = Math.max(...results.map((r) => r.gflop));
  results.forEach((r, i) => {
    rows.push([
      r.backend,
      threads[i],
      `${r.meanSeconds.toFixed(2)} s (${r.updateSeconds.map((s) => s.toFixed(2)).join(', ')})`,
      `${(work / r.meanSeconds).toFixed(1)} (${work.toFixed(1)} GFLOP)`,
      `${(1000 * r.evaluatorSeconds).toFixed(0)} / ${(1000 * r.generatorSeconds).toFixed(0)} ms`,
      `${(1e6 * r.stepSeconds).toFixed(1)} us (${r.runner})`,
    ]);
  });
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r: string[]) => console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`);
line(rows[0]);
line(widths.map((w) => '-'.repeat(w)));
rows.slice(1).forEach(line);
