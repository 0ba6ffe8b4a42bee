import { defineConfig } from 'vitest/config';

// Tests that measure throughput across several processes (test/alone/): run after the main suite,
// one file at a time, so that other test files do not share the two cores with them.
export default defineConfig({
  test: {
    include: ['test/alone/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-alone.json' }]],
  },
});
