/**
 * vitest's global setup: a new directory for this run's `helm template` renders, shared by the test
 * files and their workers (tools/upstream/helm.ts), removed when the run ends. Made per run, it cannot
 * hold a render of an older chart, values file or helm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELM_RENDER_CACHE_ENV } from '../tools/upstream/helm.js';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'k3s-cilium-helm-renders-'));
  process.env[HELM_RENDER_CACHE_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
