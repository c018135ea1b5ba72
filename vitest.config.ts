import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        // Unit tests own their temp dirs, ports and env, so their files run in parallel: at least two at a
        // time, also on a 2-CPU runner, where vitest's default (CPUs - 1) would run them one by one.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: Math.max(2, availableParallelism() - 1), sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // End-to-end tests share one Docker engine, one registry set and one sshd: one file at a time,
        // and only after the unit files, so their timings do not compete with unit tests for the CPU.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
