#!/usr/bin/env node
// Copies the compact evidence of a bench folder into the repository (e.g. evidence/hard):
// the suite, each run's config.json, metrics.jsonl, summary.json, sweep.json and
// policy-map.json, the bench's status, and the report's tables, figures and Markdown.
// Never checkpoints, buffers, snapshots or episode logs (large, and rebuilt by resuming).
//
//   node scripts/collect-evidence.mjs BENCH_DIR DEST
//
// Write the report first (gogepo-bench report BENCH_DIR --no-videos) to include it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [bench, dest] = process.argv.slice(2);
if (!bench || !dest) {
  console.error('usage: node scripts/collect-evidence.mjs BENCH_DIR DEST');
  process.exit(2);
}
if (!existsSync(join(bench, 'suite.json'))) {
  console.error(`error: ${bench} is not a bench folder (no suite.json)`);
  process.exit(2);
}

const RUN_FILES = ['config.json', 'metrics.jsonl', 'summary.json', 'sweep.json', 'policy-map.json', 'bench-error.txt'];
const REPORT_FILES = /\.(csv|svg|md)$/;
let copied = 0;
let bytes = 0;
const copy = (from, to) => {
  mkdirSync(join(to, '..'), { recursive: true });
  copyFileSync(from, to);
  copied += 1;
  bytes += statSync(from).size;
};

for (const f of ['suite.json', 'bench-status.json']) if (existsSync(join(bench, f))) copy(join(bench, f), join(dest, f));
const runs = join(bench, 'runs');
for (const id of existsSync(runs) ? readdirSync(runs).sort() : []) {
  for (const f of RUN_FILES) if (existsSync(join(runs, id, f))) copy(join(runs, id, f), join(dest, 'runs', id, f));
}
const report = join(bench, 'report');
for (const f of existsSync(report) ? readdirSync(report).sort() : []) if (REPORT_FILES.test(f)) copy(join(report, f), join(dest, 'report', f));
console.log(`copied ${copied} files (${(bytes / 1024).toFixed(0)} KiB) from ${bench} to ${dest}`);
