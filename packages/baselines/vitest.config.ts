import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'baselines', include: ['src/**/*.test.ts'] },
});
