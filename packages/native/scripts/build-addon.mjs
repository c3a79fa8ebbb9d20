// Compiles the Node-API addon with node-gyp against this Node's own headers
// (nothing is downloaded) into build/Release/gogepo_native.node, and records
// the result in build/native-status.json. Runs at install; `--if-stale` (the
// package's build script) only when a source is newer than the addon. A machine
// without a compiler still installs: the status says why, and gogepo runs its
// tfjs path.
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
