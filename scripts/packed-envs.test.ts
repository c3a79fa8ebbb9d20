import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `@gogepo/envs` on its own, as a user gets it: packed with pnpm (the
 * tarball a release publishes), installed with npm into an empty project
 * outside the workspace (its registry dependencies from the registry, no
 * workspace links), and the README's random-policy loop on Ant-v5 run there
 * as written.
 */
const root = resolve(import.meta.dirname, '..');
const pnpm = ['--yes', 'pnpm@10.34.9'];
const run = (command: string, args: string[], cwd: string) => {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  expect(r.status, `${command} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

describe('@gogepo/envs packed and installed alone', () => {
  it("runs the README's Ant-v5 loop in a fresh npm project", () => {
    const tarballs = mkdtempSync(join(tmpdir(), 'gogepo-tarballs-'));
    for (const pkg of ['random', 'envs']) run('npx', [...pnpm, 'pack', '--pack-destination', tarballs], join(root, 'packages', pkg));
    const project = mkdtempSync(join(tmpdir(), 'gogepo-consumer-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...readdirSync(tarballs).map((t) => join(tarballs, t))], project);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', '@gogepo', 'envs', 'package.json'), 'utf8')) as { files: string[] };
    expect(installed.files).toEqual(['dist', 'models']);
    const readme = readFileSync(join(root, 'packages', 'envs', 'README.md'), 'utf8');
    const example = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.includes("make('Ant-v5')"));
    expect(example, 'the README has the Ant-v5 loop').toBeDefined();
    expect(example!.trim().split('\n').length).toBeLessThanOrEqual(14);
    writeFileSync(join(project, 'ant.js'), example!);
    const out = run(process.execPath, ['ant.js'], project);
    expect(out).toMatch(/^return -?\d+\.\d\n$/);
  }, 300_000);
});
