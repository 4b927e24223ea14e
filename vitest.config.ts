import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Snapshot files are plain YAML next to the tests; CI=true makes a missing one fail instead of being written.
    testTimeout: 60_000,
  },
});
