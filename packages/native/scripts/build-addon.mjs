// At install: uses the prebuilt addon the package ships for this platform
// (prebuilds/<platform>-<arch>/, made by scripts/prebuild.mjs; linux-x64) when
// it loads here; otherwise compiles the Node-API addon with node-gyp against
// this Node's own headers (nothing is downloaded) into
// build/Release/gogepo_native.node. Either way it records what happened in
// build/native-status.json and says it once. A machine where neither works
// still installs: the status says why, and gogepo runs its tfjs (wasm) path.
// `--if-stale` (the package's build script, in the workspace) only compiles,
// and only when a source is newer than the addon.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build');
const addon = join(out, 'Release', 'gogepo_native.node');
const status = (s) => {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'native-status.json'), JSON.stringify({ ...s, at: new Date().toISOString() }, null, 2) + '\n');
};

if (process.argv.includes('--if-stale') && existsSync(addon) && process.env.GOGEPO_NATIVE !== 'off') {
  const built = statSync(addon).mtimeMs;
  const sources = [join(root, 'binding.gyp'), ...readdirSync(join(root, 'csrc')).map((f) => join(root, 'csrc', f))];
  if (sources.every((f) => statSync(f).mtimeMs <= built)) process.exit(0);
}

const target = `${process.platform}-${process.arch}`;
const prebuilt = join(root, 'prebuilds', target, 'gogepo_native.node');
if (!process.argv.includes('--if-stale') && process.env.GOGEPO_NATIVE !== 'off' && existsSync(prebuilt)) {
  // loaded in a child process: a binary that does not fit this machine (an older glibc, say) must not take the installer down
  const check = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(prebuilt)})`], { encoding: 'utf8' });
  if (check.status === 0) {
    status({ built: false, prebuilt: true });
    console.log(`@gogepo/native: using the prebuilt ${target} addon (nothing to compile)`);
    process.exit(0);
  }
  const why = `${check.stderr}`.split('\n').find((l) => /error/i.test(l))?.trim() ?? `exit code ${check.status}`;
  console.warn(`@gogepo/native: the prebuilt ${target} addon does not load here (${why}); compiling it instead`);
}

function fail(reason) {
  status({ built: false, reason });
  console.warn(`@gogepo/native: the addon was not built (${reason}); gogepo will use its tfjs path`);
  process.exit(0);
}

if (process.env.GOGEPO_NATIVE === 'off') fail('disabled by GOGEPO_NATIVE=off');
const nodeDir = resolve(dirname(process.execPath), '..');
if (!existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) fail(`no Node headers next to ${process.execPath} (include/node/node_api.h)`);
let gyp;
try {
  gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
} catch {
  fail('node-gyp is not installed');
}
const result = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodeDir}`, '--jobs=max', '--loglevel=warn'], { cwd: root, encoding: 'utf8' });
if (result.status !== 0) {
  const lines = `${result.stderr ?? ''}\n${result.error?.message ?? ''}`.split('\n').filter((l) => /error/i.test(l));
  fail(`node-gyp failed: ${(lines[0] ?? `exit code ${result.status}`).trim()}`);
}
status({ built: true });
