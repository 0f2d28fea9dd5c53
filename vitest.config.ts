import { defineConfig } from 'vitest/config';

// Two projects run side by side: the lab tests one file at a time (they share one set of lab namespaces and wait
// for each other on the lab lock, which would otherwise eat their hook time), everything else in parallel.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'lab', include: ['test/lab/**/*.test.ts'], fileParallelism: false } },
      { extends: true, test: { name: 'rest', include: ['test/**/*.test.ts'], exclude: ['test/lab/**', '**/node_modules/**'] } },
    ],
  },
});
