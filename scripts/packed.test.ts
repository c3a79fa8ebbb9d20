import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every package as a user gets it: packed with pnpm (the tarballs a release
 * publishes: `workspace:*` becomes the version), installed with npm into an
 * empty project outside the workspace (no workspace links; the third-party
 * dependencies from the registry; the native addon built at install), and
 * then, there:
 * - the types of every export resolve under `moduleResolution` node16 and bundler;
 * - every ```ts example of every package README type-checks and runs as written;
 * - the installed `gogepo` answers --version and trains, `gogepo-bench` answers --help;
 * - on linux-x64 the native addon is the prebuilt one the tarball ships: the
 *   install runs with every compiler hidden (CC, CXX and node-gyp's python
 *   point nowhere), and `gogepo train` still reports the native backend;
 * - each tarball holds its LICENSE and README and no tests.
 * It prints each package's packed size.
 */
const root = resolve(import.meta.dirname, '..');
const folders = [...readdirSync(join(root, 'packages')).map((p) => join('packages', p)), ...readdirSync(join(root, 'apps')).map((a) => join('apps', a))];
const manifest = (folder: string) => JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as { name: string; version: string; exports?: Record<string, unknown>; files: string[] };
const run = (command: string, args: string[], cwd: string, timeout = 240_000, env = process.env) => {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env });
  expect({ command: `${command} ${args.join(' ')}`, status: r.status, stderr: r.stderr.split('\n').slice(-6).join('\n') }).toMatchObject({ status: 0 });
  return r.stdout;
};
const tsc = (cwd: string, args: string[]) => run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--target', 'ES2022', '--strict', '--skipLibCheck', '--types', 'node', ...args], cwd);

describe('the packages as published', () => {
  it('install from their tarballs into an empty npm project, where their types resolve, their README examples run and the CLIs work', () => {
    const tarballs = mkdtempSync(join(tmpdir(), 'gogepo-tarballs-'));
    for (const folder of folders) run('npx', ['--yes', 'pnpm@10.34.9', 'pack', '--pack-destination', tarballs], join(root, folder));
    const packed = readdirSync(tarballs).sort();
    expect(packed).toHaveLength(folders.length);
    for (const tarball of packed) {
      const files = run('tar', ['tzf', join(tarballs, tarball)], tarballs).trim().split('\n');
      expect(files, tarball).toContain('package/LICENSE');
      expect(files, tarball).toContain('package/README.md');
      expect(files.filter((f) => /\.test\.|testkit|\/src\//.test(f)), tarball).toEqual([]);
      console.log(`${tarball.padEnd(30)} ${(statSync(join(tarballs, tarball)).size / 1024).toFixed(0).padStart(5)} KiB packed, ${files.length} files`);
    }

    const project = mkdtempSync(join(tmpdir(), 'gogepo-consumer-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // (@types/node for the examples' type-check, as a user's TypeScript project has it)
    const prebuilt = process.platform === 'linux' && process.arch === 'x64';
    const noCompiler = { ...process.env, CC: '/nonexistent/cc', CXX: '/nonexistent/c++', npm_config_python: '/nonexistent/python3' };
    const installed = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--foreground-scripts', ...packed.map((t) => join(tarballs, t)), '@types/node@20.19.25'], project, 600_000, prebuilt ? noCompiler : process.env);
    if (prebuilt) {
      expect(installed).toContain('@gogepo/native: using the prebuilt linux-x64 addon (nothing to compile)');
      const status = JSON.parse(readFileSync(join(project, 'node_modules', '@gogepo', 'native', 'build', 'native-status.json'), 'utf8')) as { prebuilt?: boolean };
      expect(status.prebuilt).toBe(true);
    }

    // every export of every library, and its types, under both resolutions
    const specifiers = folders.map(manifest).flatMap((m) => Object.keys(m.exports ?? {}).filter((k) => !k.includes('*')).map((k) => m.name + k.slice(1)));
    expect(specifiers).toContain('@gogepo/core/policy');
    writeFileSync(join(project, 'imports.ts'), specifiers.map((s, i) => `import * as m${i} from '${s}';\nconsole.log(typeof m${i});\n`).join(''));
    tsc(project, ['--module', 'node16', '--moduleResolution', 'node16', '--noEmit', 'imports.ts']);
    tsc(project, ['--module', 'esnext', '--moduleResolution', 'bundler', '--noEmit', 'imports.ts']);

    // the README examples, as written (in an empty working directory each)
    const examples = folders.flatMap((folder) =>
      [...readFileSync(join(root, folder, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ name: `${folder.replace('/', '-')}-${i}`, code: m[1] })),
    );
    expect(examples.length).toBeGreaterThanOrEqual(9);
    for (const e of examples) writeFileSync(join(project, `${e.name}.ts`), e.code);
    tsc(project, ['--module', 'NodeNext', '--moduleResolution', 'NodeNext', ...examples.map((e) => `${e.name}.ts`)]);
    for (const e of examples) run(process.execPath, [join(project, `${e.name}.js`)], mkdtempSync(join(tmpdir(), 'gogepo-example-')));
    expect(run(process.execPath, [join(project, 'packages-envs-0.js')], project)).toMatch(/^return -?\d+\.\d\n$/); // the Ant-v5 loop

    // the command-line tools, installed
    const bin = (name: string) => join(project, 'node_modules', '.bin', name);
    expect(run(bin('gogepo'), ['--version'], project).trim()).toBe(manifest('apps/cli').version);
    const trained = run(bin('gogepo'), ['train', '--env', 'InvertedPendulum-v5', '--algo', 'ars', '--steps', '2000', '--out', join(project, 'runs', 'ip')], project);
    expect(trained).toMatch(/finished: \d+ steps/);
    expect(trained).toMatch(/^backend: native/m); // the prebuilt addon (linux-x64), or the one compiled at install
    expect(run(bin('gogepo-bench'), ['--help'], project)).toMatch(/^Usage: gogepo-bench/);
  }, 900_000);
});
