/**
 * Semantic checks of a cluster: what a schema cannot see. Each check is a function from the
 * resolved cluster to diagnostics; `validateCluster` runs them all and returns every finding.
 */
import type { ClusterSpec } from '../cluster-spec.js';
import type { Diagnostic } from '../diagnostics.js';
import { resolveCluster, ResolvedCluster } from '../resolved-cluster.js';
import { validateBgpAsns } from './bgp-asn.js';
import { validateBgpNodes } from './bgp-nodes.js';
import { validateBgpPeers } from './bgp-peers.js';
import { validateBgpPools } from './bgp-pools.js';
import { validateCiliumVersion } from './cilium-version.js';
import { validateDirectRouting } from './direct-routing.js';
import { validateDualStack } from './dual-stack.js';
import { validateServers } from './servers.js';
import { validateSysctls } from './sysctls.js';

/** A check: the resolved cluster in, its findings out. */
export type ClusterCheck = (cluster: ResolvedCluster) => Diagnostic[];

/** Every check, in the order their findings are reported. */
export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
  validateCiliumVersion,
  validateSysctls,
  validateServers,
  validateDualStack,
  validateDirectRouting,
  validateBgpAsns,
  validateBgpPeers,
  validateBgpPools,
  validateBgpNodes,
];

/** All findings (errors and warnings) for a resolved cluster. */
export function validateCluster(cluster: ResolvedCluster): Diagnostic[] {
  return CLUSTER_CHECKS.flatMap((check) => check(cluster));
}

/** All findings for a cluster spec. */
export function validateClusterSpec(spec: ClusterSpec): Diagnostic[] {
  return validateCluster(resolveCluster(spec));
}
