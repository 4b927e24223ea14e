/**
 * vitest's global setup: one temporary directory per run, which TMPDIR names for the test workers
 * and every program they start (helm, npm, git, cdk8s's Testing.app all write there), so nothing a
 * test makes lands in the system's temp directory. Inside it, the run's `helm template` renders,
 * shared by the test files and their workers (tools/upstream/helm.ts); made per run, it cannot hold
 * a render of an older chart, values file or helm.
 *
 * When the run ends the renders go, and anything else still there is a leftover: a test that made
 * files without test/helpers.ts's tempDir, or a program that wrote beside it. The teardown removes
 * it and fails the run, naming what was left.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELM_RENDER_CACHE_ENV } from '../tools/upstream/helm.js';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'k3s-cilium-test-run-'));
  // Open to every user, sticky, like /tmp: tests run programs as another user (setpriv) in folders made here.
  chmodSync(root, 0o1777);
  const renders = join(root, 'helm-renders');
  mkdirSync(renders);
  process.env[HELM_RENDER_CACHE_ENV] = renders;
  process.env.TMPDIR = root;
  // tsx (the tests run tools with `node --import tsx`) would keep its transform cache in TMPDIR.
  process.env.TSX_DISABLE_CACHE = '1';
  return () => {
    rmSync(renders, { recursive: true, force: true });
    const left = readdirSync(root).sort();
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: the exit code is set as well.
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} entries in the temporary directory (${left.slice(0, 20).join(', ')}${left.length > 20 ? ', …' : ''}): `
        + 'make files with tempDir() of test/helpers.ts, which removes them when the test ends');
    }
  };
}
