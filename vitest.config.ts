import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Dawn owns one device per process; GPU test files run one at a time.
    fileParallelism: false,
    pool: 'forks',
  },
});
