import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // End-to-end tests share one Docker engine, one registry set and one sshd.
    fileParallelism: false,
    reporters: ['default'],
  },
});
