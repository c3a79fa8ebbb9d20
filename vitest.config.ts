import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'scripts'],
    // vitest's default is one worker fewer than the cores: a single worker on a
    // 2-core machine, idle whenever its test waits on a child process (most of
    // the slow ones do). Two at least keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
