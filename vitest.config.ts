import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongFilesFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A temporary directory per run (TMPDIR for the workers and what they start), where test files
    // share the renders of `helm template` (the same chart and values are rendered by several of
    // test/upstream/); the run fails if a test leaves anything else in it.
    globalSetup: ['test/global-setup.ts'],
    // Before each test file: removes the temporary folders made outside a test when the file ends.
    setupFiles: ['test/setup.ts'],
    // Snapshot files are plain text next to the tests' rendered trees (test/snapshots/); CI=true makes
    // a missing or different one fail instead of being written.
    // Generous limits: the suite must pass on a loaded 2-core machine, and no test measures speed.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One module graph per worker instead of one per test file: re-importing cdk8s, yaml, imports/ and
    // src/ for each of the 61 files took 46 s of import time against 13 s shared (loaded 2-core VM).
    // No test relies on a fresh module state (spies are restored in afterEach, process.env in finally);
    // a test that leaves module state changed for the files after it would break this.
    isolate: false,
    // Two workers even on 2 cores (vitest's default there is one): much of the suite waits on child
    // processes (helm, kubectl, npm, tsc, the BGP daemons), so a second file runs while one waits.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The long files start first (test/sequencer.ts), so no long file starts last and runs alone.
    sequence: { sequencer: LongFilesFirst },
    // The default reporter, then one line per reason a test was skipped (test/requirements.ts).
    reporters: ['default', './test/skip-summary.ts'],
  },
});
