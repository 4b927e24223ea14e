/**
 * One check on a cluster spec, in process: the spec is resolved as loading a cluster file resolves
 * it and the check's findings come back as `[warning: ]path: message. fix` lines, so a test reads
 * a check's whole output (what it reports, where, and the fix) without the loader's other stages.
 * test/limits/checks.test.ts runs the same limits through both YAML paths and the library.
 */
import type { ClusterCheck } from '../../src/checks/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { setPath, specOf } from '../limits/paths.js';

export const HOMELAB = 'test/fixtures/clusters/homelab.yaml';
export const BGP = 'examples/bgp-tor.yaml';
export const DUAL = 'examples/dual-stack.yaml';

/** A fresh copy of a repository cluster file with `edits` (`[path, value]`, see setPath) applied in order. */
export function edited(file: string, ...edits: [string, unknown][]): ClusterSpec {
  const spec = specOf(file);
  for (const [path, value] of edits) setPath(spec, path, value);
  return spec;
}

/** The check's findings on the spec, one line each. */
export function run(check: ClusterCheck, spec: ClusterSpec): string[] {
  return check(resolveCluster(spec)).map((d) => `${d.severity === 'warning' ? 'warning: ' : ''}${d.path}: ${d.message}.${d.fix ? ` ${d.fix}` : ''}`);
}
