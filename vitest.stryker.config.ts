/**
 * The vitest configuration StrykerJS runs (stryker.config.json, `npm run mutate`); `npm test` uses
 * vitest.config.ts. Stryker runs each mutant against the tests that covered it (coverageAnalysis
 * perTest), so a test file that takes minutes and covers none of the mutated folders only slows the
 * first, measuring run: those are left out here. Every other test file runs, as in `npm test`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// Stryker runs in a copy of the checkout under .stryker-tmp/sandbox-*/, where `../shared` (the
// upstream reference data beside a checkout, src/conformance/shared-dir.ts) does not resolve; point
// the tests at the checkout's own `../shared` unless the data is named explicitly.
// The sandbox's folder is `--tempDirName`: `.stryker-tmp` or one of its own per run (`.stryker-tmp-<name>`, `.stryker-tmp/<name>`).
const here = dirname(fileURLToPath(import.meta.url));
const sandbox = /\/\.stryker-tmp[^/]*\//.exec(here);
const checkout = sandbox ? here.slice(0, sandbox.index) : here;
process.env.K3S_CILIUM_CHECKOUT_SHARED_DIR ??= resolve(checkout, '..', 'shared');

// `npm run mutate:<folder>` names its test files here rather than with Stryker's `--testFiles`: with
// `--testFiles`, Stryker 9.6 activates a static mutant (a module-level value) after its module was
// imported, so every static mutant survives whatever the tests check
// (https://github.com/stryker-mutator/stryker-js/issues/6144).
const only = process.env.K3S_CILIUM_MUTATE_TESTS?.split(',').filter((file) => file !== '');

export default defineConfig({
  test: {
    ...base.test,
    ...(only === undefined || only.length === 0 ? {} : { include: only }),
    exclude: [
      '**/node_modules/**',
      // npm pack / npm install of the package, a git install, the bundled launcher: they run the built
      // package in child processes, which Stryker's per-test coverage cannot see into.
      'test/package/**',
      'test/launch/**',
      'test/template/**',
      'test/template-mode.test.ts',
      // The real Cilium chart through helm (each file renders every example per release: minutes under
      // load) and the reference-data download: their rules are the model's (src/model/cilium-chart-*),
      // which test/checks and test/conformance exercise in process.
      'test/upstream/**',
      'test/upstream-data/**',
      // Real bgpd, BIRD and gobgpd in network namespaces; the rendering of routers/ stays in.
      'test/routers/real-daemons.test.ts',
      // The Argo CD plugin image and the typecheck, API-docs and architecture tools: whole-program tools
      // over the tree, not over one mutated function.
      'test/argocd/plugin.test.ts',
      'test/tools/typecheck.test.ts',
      'test/docs/**',
      'test/architecture/**',
      'test/examples/github-actions.test.ts',
    ],
    // Stryker's runner prints through its own reporter.
    reporters: ['default'],
  },
});
