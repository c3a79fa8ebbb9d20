import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it("auto falls back to wasm and records each reason once; an explicit native choice is a one-line error with the fix", async () => {
    expect(await initBackend('auto')).toBe('wasm');
    expect(backendFallbacks()).toEqual([
      'tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed',
      'tensorflow: @tensorflow/tfjs-node is not installed',
    ]);
    await expect(initBackend('tensorflow')).rejects.toThrow(
      'backend "tensorflow" could not be loaded: @tensorflow/tfjs-node is not installed (add it with `pnpm add @tensorflow/tfjs-node@4.22.0`)',
    );
  });
});
