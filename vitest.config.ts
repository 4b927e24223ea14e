import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Snapshot files are plain text next to the tests' rendered trees (test/snapshots/); CI=true makes
    // a missing or different one fail instead of being written.
    // Generous limits: the suite must pass on a loaded 2-core machine, and no test measures speed.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
