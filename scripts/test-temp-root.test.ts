import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import setup from './test-temp-root.js';

/** Runs `f` with these environment variables, then puts them back. */
async function withEnv(vars: Record<string, string | undefined>, f: () => Promise<void>): Promise<void> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const put = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  put(vars);
  try {
    await f();
  } finally {
    put(before);
  }
}

describe("the test run's temporary folder", () => {
  it('holds this run: the tests and the processes they spawn make their temporary files under it', () => {
    expect(basename(tmpdir())).toMatch(/^gogepo-test-run-/);
    expect(process.env.GOGEPO_TEST_TEMP).toBe(tmpdir());
    expect(execFileSync(process.execPath, ['-p', 'require("node:os").tmpdir()']).toString().trim()).toBe(tmpdir());
  });

  it('is removed with all it holds when the run ends, and TMPDIR is restored', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'gogepo-temp-root-'));
    await withEnv({ TMPDIR: outer, GOGEPO_TEST_TEMP: undefined }, async () => {
      const teardown = setup();
      const root = tmpdir();
      expect(dirname(root)).toBe(outer);
      await setup()(); // a second project's setup and teardown find the folder and leave it be
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
});
