/**
 * Semantic checks of a cluster: what a schema cannot see. Each check is a function from the
 * resolved cluster to diagnostics; `validateCluster` runs them all and returns every finding.
 */
import type { ClusterSpec } from '../cluster-spec.js';
import type { Diagnostic } from '../diagnostics.js';
import { resolveCluster, ResolvedCluster } from '../resolved-cluster.js';
import { validateCiliumVersion } from './cilium-version.js';
import { validateSysctls } from './sysctls.js';

/** A check: the resolved cluster in, its findings out. */
export type ClusterCheck = (cluster: ResolvedCluster) => Diagnostic[];

/** Every check, in the order their findings are reported. */
export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
  validateCiliumVersion,
  validateSysctls,
];

/** All findings (errors and warnings) for a resolved cluster. */
export function validateCluster(cluster: ResolvedCluster): Diagnostic[] {
  return CLUSTER_CHECKS.flatMap((check) => check(cluster));
}

/** All findings for a cluster spec. */
export function validateClusterSpec(spec: ClusterSpec): Diagnostic[] {
  return validateCluster(resolveCluster(spec));
}
