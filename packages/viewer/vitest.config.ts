import { defineProject } from 'vitest/config';

export default defineProject({
  // No test may fail on a wall-clock margin (CI runs on a loaded machine): the limit only stops a hung test.
  test: { name: 'viewer', include: ['src/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
});
