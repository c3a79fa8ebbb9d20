#!/usr/bin/env node
// Byte-identity of runs across a refactor: trains short runs of every
// algorithm on both backends (and GoGePo with two update threads) with the
// built CLI, and records a SHA-256 of each file of each run folder (logs,
// buffer, snapshots, checkpoint, summary) with the wall times and the
// provenance (date, commit, machine) taken out.
//
//   node scripts/run-identity.mjs record FILE   # before the change
//   node scripts/run-identity.mjs check FILE    # after: names every file that differs
//
// The hashes hold for one machine (the native kernels pick AVX-512 or AVX2);
// record and check on the same one.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../apps/cli/dist/main.js', import.meta.url));
const tiny = { policyHidden: [16, 16], headHidden: [32], evaluatorHidden: [32], probingStates: 16, generatorSteps: 3, evaluatorSteps: 2 };
const common = { evalInterval: 500, evalEpisodes: 2, snapshots: 2 };
const runs = [
  ['gogepo', 'native', { gogepo: tiny }],
  ['gogepo', 'wasm', { gogepo: tiny }],
  ['gogepo', 'native', { gogepo: { ...tiny, updateThreads: 2 } }],
  ['gogepo', 'wasm', { gogepo: { ...tiny, updateThreads: 2 } }],
  ['ars', 'native', {}],
  ['ars', 'wasm', {}],
  ['ddpg', 'native', { ddpg: { policyHidden: [32, 32], criticHidden: [32, 32], startSteps: 300 } }],
  ['ddpg', 'wasm', { ddpg: { policyHidden: [32, 32], criticHidden: [32, 32], startSteps: 300 } }],
  ['udrl', 'native', {}],
  ['udrl', 'wasm', {}],
];

/** A file's bytes with what legitimately changes between runs taken out. */
function stable(path) {
  const bytes = readFileSync(path);
  if (!/\.(json|jsonl)$/.test(path)) return bytes;
  let text = bytes.toString('utf8').replace(/"wallSeconds":\s*[\d.e+-]+,?/g, '');
  if (path.endsWith('config.json')) {
    const { config } = JSON.parse(text);
    text = JSON.stringify(config); // the run's settings; not its date, commit or machine
  }
  if (path.endsWith('manifest.json')) {
    const { metricsBytes, episodesBytes, ...manifest } = JSON.parse(text); // the logs' lengths vary with the wall times' digits
    text = JSON.stringify(manifest);
  }
  return Buffer.from(text);
}

function hashes(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.lock')) out[relative(dir, path)] = createHash('sha256').update(stable(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function trainAll() {
  const root = mkdtempSync(join(tmpdir(), 'gogepo-identity-'));
  const result = {};
  try {
    for (const [algo, backend, extra] of runs) {
      const name = `${algo}-${backend}${extra.gogepo?.updateThreads ? `-threads${extra.gogepo.updateThreads}` : ''}`;
      const settings = join(root, `${name}.json`);
      writeFileSync(settings, JSON.stringify({ ...common, ...extra }));
      const out = join(root, name);
      const args = ['train', '--algo', algo, '--env', 'InvertedPendulum-v2', '--steps', '2000', '--seed', '3', '--backend', backend, '--config', settings, '--out', out];
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr.trim()}`);
      result[name] = hashes(out);
      process.stderr.write(`${name}: ${Object.keys(result[name]).length} files\n`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return result;
}

const [command, file] = process.argv.slice(2);
if (!['record', 'check'].includes(command) || !file) {
  console.error('usage: node scripts/run-identity.mjs record|check FILE');
  process.exit(2);
}
if (command === 'record') {
  if (existsSync(file)) {
    console.error(`${file} exists; remove it to record again`);
    process.exit(2);
  }
  writeFileSync(file, `${JSON.stringify(trainAll(), null, 1)}\n`);
  console.log(`recorded ${runs.length} runs in ${file}`);
} else {
  const before = JSON.parse(readFileSync(file, 'utf8'));
  const after = trainAll();
  const differ = [];
  for (const run of new Set([...Object.keys(before), ...Object.keys(after)])) {
    for (const f of new Set([...Object.keys(before[run] ?? {}), ...Object.keys(after[run] ?? {})])) {
      if (before[run]?.[f] !== after[run]?.[f]) differ.push(`${run}/${f}`);
    }
  }
  if (differ.length > 0) {
    console.log(`differ (${differ.length}):\n  ${differ.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`identical: ${Object.keys(after).length} runs, ${Object.values(after).reduce((n, r) => n + Object.keys(r).length, 0)} files, byte for byte`);
}
