// Every test project's global setup (vitest.project.ts): one temporary folder
// per test run that holds every temporary file of the run, and is removed when
// the run ends.
//
// Tests, the bench's workers, the CLIs the tests spawn, Redis, Chromium and npm
// all make their temporary folders under os.tmpdir(), which reads TMPDIR; the
// setup points TMPDIR at the run's own folder before vitest creates its
// workers, so they and every process they spawn inherit it. Without it a run
// of the whole suite left about 1 GB behind in the system's temporary folder
// (the packed test's npm project alone is about 380 MB), run after run.
//
// A run from the repository's root sets up every project in one process: the
// first setup makes the folder and the others find it (GOGEPO_TEST_TEMP) and
// leave it to the first, whose teardown runs last.
//
// GOGEPO_KEEP_TEST_TEMP=1 keeps the folder, to look into a failed test's files;
// the teardown then prints where it is.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => Promise<void> {
  if (process.env.GOGEPO_TEST_TEMP !== undefined) return async () => {};
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'gogepo-test-run-'));
  process.env.TMPDIR = process.env.GOGEPO_TEST_TEMP = root;
  return async () => {
    delete process.env.GOGEPO_TEST_TEMP;
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.GOGEPO_KEEP_TEST_TEMP === '1') {
      console.log(`the test run's temporary files are kept in ${root}`);
      return;
    }
    // Asynchronous: a run's folder can hold tens of thousands of files (an npm
    // project), and vitest is still stopping its workers meanwhile.
    try {
      await rm(root, { recursive: true, force: true });
    } catch (e) {
      throw new Error(`could not remove the test run's temporary folder ${root}: ${(e as Error).message}`);
    }
  };
}
