import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backendFallbacks, initBackend, loadOptional } from './backend.js';

describe('backend choice', () => {
  it('says why an optional native package was passed over: missing, or installed but broken', async () => {
    expect(await loadOptional('@tensorflow/tfjs-node')).toBe('@tensorflow/tfjs-node is not installed');
    const broken = join(mkdtempSync(join(tmpdir(), 'gogepo-broken-')), 'index.mjs');
    writeFileSync(broken, "throw new Error('libtensorflow.so.2: cannot open shared object file');\n");
    expect(await loadOptional(broken)).toBe(`${broken} is installed but failed to load: libtensorflow.so.2: cannot open shared object file`);
    // a package that is there but misses a file of its own is broken, not missing
    const partial = join(mkdtempSync(join(tmpdir(), 'gogepo-partial-')), 'index.mjs');
    writeFileSync(partial, "await import('./lib/napi-v8/tfjs_binding.node');\n");
    expect(await loadOptional(partial)).toMatch(/^\/.*index\.mjs is installed but failed to load: /);
  });

  it('auto picks the native kernels when the addon is built', async () => {
    expect(await initBackend('auto')).toMatch(/^native \((avx512|avx2|portable) kernels, tensors on wasm\)$/);
    expect(backendFallbacks()).toEqual([]);
  });

  it('auto falls back to wasm without the addon and records each reason once', () => {
    // a fresh process: the addon is looked for once per process
    const nn = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
    const script = `const nn = await import(${JSON.stringify(nn)}); console.log(JSON.stringify([await nn.initBackend('auto'), nn.backendFallbacks()]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, GOGEPO_NATIVE: 'off' }, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([
      'wasm',
      [
        'native: disabled by GOGEPO_NATIVE=off',
        'tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed',
        'tensorflow: @tensorflow/tfjs-node is not installed',
      ],
    ]);
  });

  it('an explicit choice that cannot load is a one-line error with the fix', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(
      'backend "tensorflow" could not be loaded: @tensorflow/tfjs-node is not installed (add it with `pnpm add @tensorflow/tfjs-node@4.22.0`)',
    );
  });
});
