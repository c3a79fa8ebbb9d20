// prepack: puts a prebuilt addon for this platform into prebuilds/<platform>-<arch>/
// (the tarball ships it; a user's install loads it instead of compiling). Built
// here by the package's own build (scripts/build-addon.mjs), from the sources in
// the tarball; only for linux-x64, the platform the project builds and tests on.
// prebuilds/linux-x64/info.json records what the binary needs of the system:
// the newest glibc and libstdc++ (GLIBCXX) symbol versions it uses. (Linking
// the C++ runtime statically was tried: built on glibc 2.36 it then needs
// glibc >= 2.36, which rules out more systems than GCC 12's libstdc++ does.)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = `${process.platform}-${process.arch}`;
rmSync(join(root, 'prebuilds'), { recursive: true, force: true });
if (target !== 'linux-x64') {
  console.warn(`@gogepo/native: no prebuilt addon for ${target} (only linux-x64 is prebuilt); users there compile it at install`);
  process.exit(0);
}
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-addon.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
const addon = join(root, 'build', 'Release', 'gogepo_native.node');
if (build.status !== 0 || !existsSync(addon)) {
  console.error('@gogepo/native: the addon did not build, so the package would ship no prebuilt; fix the build first');
  process.exit(1);
}
const bytes = readFileSync(addon).toString('latin1');
/** The newest version of the symbols `prefix`_x.y[.z] the binary uses. */
const newest = (prefix) => {
  const versions = [...bytes.matchAll(new RegExp(`${prefix}_(\\d+)\\.(\\d+)(?:\\.(\\d+))?`, 'g'))].map((m) => [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]);
  const top = versions.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]).at(-1);
  return top ? `>= ${top.join('.')}` : 'any';
};
const dir = join(root, 'prebuilds', target);
mkdirSync(dir, { recursive: true });
copyFileSync(addon, join(dir, 'gogepo_native.node'));
const info = {
  target,
  napi: 'Node-API (any Node >= 20)',
  glibc: newest('GLIBC'),
  libstdcxx: `GLIBCXX ${newest('GLIBCXX')} (GCC 12's libstdc++ or newer)`,
  cpus: 'x86-64; AVX-512, AVX2+FMA or portable kernels chosen at run time',
  builtWith: `node ${process.version}`,
};
writeFileSync(join(dir, 'info.json'), JSON.stringify(info, null, 2) + '\n');
console.log(`@gogepo/native: prebuilt ${target} addon (glibc ${info.glibc}, ${info.libstdcxx})`);
