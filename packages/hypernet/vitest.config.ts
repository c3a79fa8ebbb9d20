import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'hypernet', include: ['src/**/*.test.ts'] },
});
