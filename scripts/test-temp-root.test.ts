import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import setup from './test-temp-root.js';

describe("the test run's temporary folder", () => {
  afterEach(() => vi.unstubAllEnvs());

  it('holds this run: the tests and the processes they spawn make their temporary files under it', () => {
    expect(basename(tmpdir())).toMatch(/^gogepo-test-run-/);
    expect(process.env.GOGEPO_TEST_TEMP).toBe(tmpdir());
    expect(execFileSync(process.execPath, ['-p', 'require("node:os").tmpdir()']).toString().trim()).toBe(tmpdir());
  });

  it('is removed with all it holds when the run ends, and TMPDIR is restored', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'gogepo-temp-root-'));
    vi.stubEnv('TMPDIR', outer);
    vi.stubEnv('GOGEPO_TEST_TEMP', undefined);
    const teardown = setup();
    const root = tmpdir();
    expect(dirname(root)).toBe(outer);
    const second = setup(); // a second project's setup and teardown find the folder and leave it be
    expect(tmpdir()).toBe(root);
    await second();
    expect(existsSync(root)).toBe(true);
    expect(tmpdir()).toBe(root);
    const left = mkdtempSync(join(tmpdir(), 'gogepo-run-'));
    mkdirSync(join(left, 'checkpoints', 'deep'), { recursive: true });
    writeFileSync(join(left, 'checkpoints', 'deep', 'state.bin'), 'x');
    await teardown();
    expect(existsSync(root)).toBe(false);
    expect(existsSync(outer)).toBe(true);
    expect(process.env.TMPDIR).toBe(outer);
    expect(process.env.GOGEPO_TEST_TEMP).toBeUndefined();
  });
});
