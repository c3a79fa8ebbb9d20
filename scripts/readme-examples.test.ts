import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every ```ts block of a package README runs as written: type-checked and run
 * as a consumer's module would be (a folder whose node_modules holds the built
 * packages), each in an empty working directory.
 */
const root = resolve(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages'));
const examples = packages.flatMap((pkg) =>
  [...readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ name: `${pkg}-${i}`, code: m[1] })),
);

function consumerFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gogepo-readme-'));
  mkdirSync(join(dir, 'node_modules', '@gogepo'), { recursive: true });
  for (const pkg of packages) symlinkSync(join(root, 'packages', pkg), join(dir, 'node_modules', '@gogepo', pkg));
  symlinkSync(realpathSync(join(root, 'packages', 'core', 'node_modules', 'zod')), join(dir, 'node_modules', 'zod'));
  symlinkSync(realpathSync(join(root, 'node_modules', '@types')), join(dir, 'node_modules', '@types'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const e of examples) writeFileSync(join(dir, `${e.name}.ts`), e.code);
  return dir;
}

describe('the package READMEs', () => {
  it('have examples, and every one type-checks and runs', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const dir = consumerFolder();
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--strict',
        // tfjs's and @mujoco/mujoco's own declaration files need DOM / Emscripten types (README "Consuming the packages")
        '--skipLibCheck', '--types', 'node', ...examples.map((e) => `${e.name}.ts`)],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr, 'tsc').toBe('');
    for (const e of examples) {
      const run = spawnSync(process.execPath, [join(dir, `${e.name}.js`)], { cwd: mkdtempSync(join(tmpdir(), 'gogepo-readme-run-')), encoding: 'utf8', timeout: 240_000 });
      expect({ example: e.name, status: run.status, stderr: run.stderr.split('\n').slice(-5).join('\n') }).toEqual({ example: e.name, status: 0, stderr: '' });
    }
  }, 600_000);
});
