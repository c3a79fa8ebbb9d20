// The settings every test project shares: each package's vitest.config.ts and
// scripts/vitest.config.ts are `testProject(name)`, so a package's tests run
// the same from the repository's root and from the package's folder.
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export function testProject(name: string, include = ['src/**/*.test.ts']) {
  return defineProject({
    test: {
      name,
      include,
      // No test may fail on a wall-clock margin (CI runs on a loaded machine): the limit only stops a hung test.
      testTimeout: 600_000,
      hookTimeout: 600_000,
      // Every temporary file of a test run goes under one folder that the run removes.
      globalSetup: [fileURLToPath(new URL('./scripts/test-temp-root.ts', import.meta.url))],
    },
  });
}
