/**
 * Semantic checks of a cluster: what a schema cannot see. Each check is a function from the
 * resolved cluster to diagnostics; `validateCluster` runs them all and returns every finding.
 * README.md "What is checked" lists them with the reason for each.
 */
import type { ClusterSpec } from '../cluster-spec.js';
import type { Diagnostic } from '../diagnostics.js';
import { resolveCluster, ResolvedCluster } from '../resolved-cluster.js';
import { validateApiServer } from './api-server.js';
import { validateBgpAsns } from './bgp-asn.js';
import { validateBgpNodes } from './bgp-nodes.js';
import { validateBgpPeers } from './bgp-peers.js';
import { validateBgpPools } from './bgp-pools.js';
import { validateCanonicalCidrs } from './canonical-cidrs.js';
import { validateCiliumVersion } from './cilium-version.js';
import { validateDirectRouting } from './direct-routing.js';
import { validateDualStack } from './dual-stack.js';
import { validateL2ExternalTrafficPolicy } from './l2-external-traffic-policy.js';
import { validateL2Lease } from './l2-lease.js';
import { validateL2Policies } from './l2-policies.js';
import { validateNames } from './names.js';
import { validateNoAddressOverlaps } from './address-overlaps.js';
import { validatePoolBlocks } from './pool-blocks.js';
import { validatePoolsOnNodeSubnets } from './l2-pools-on-node-subnets.js';
import { validateReservations } from './reservations.js';
import { validateRouting } from './routing.js';
import { validateServers } from './servers.js';
import { validateSysctlInterfacePatterns } from './sysctl-interface-patterns.js';
import { validateSysctls } from './sysctls.js';

/** A check: the resolved cluster in, its findings out. */
export type ClusterCheck = (cluster: ResolvedCluster) => Diagnostic[];

/** Every check, in the order their findings are reported. */
export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
  validateCiliumVersion,
  validateNames,
  validateCanonicalCidrs,
  validatePoolBlocks,
  validateNoAddressOverlaps,
  validatePoolsOnNodeSubnets,
  validateReservations,
  validateL2ExternalTrafficPolicy,
  validateApiServer,
  validateRouting,
  validateL2Policies,
  validateL2Lease,
  validateSysctls,
  validateSysctlInterfacePatterns,
  validateServers,
  validateDualStack,
  validateDirectRouting,
  validateBgpAsns,
  validateBgpPeers,
  validateBgpPools,
  validateBgpNodes,
];

const findingsOf = new WeakMap<ResolvedCluster, Diagnostic[]>();

/**
 * All findings (errors and warnings) for a resolved cluster, computed once per resolved cluster:
 * cdk8s validates the whole app on every chart's toJson(), and the CLI has validated before that.
 */
export function validateCluster(cluster: ResolvedCluster): Diagnostic[] {
  let findings = findingsOf.get(cluster);
  if (!findings) findingsOf.set(cluster, findings = CLUSTER_CHECKS.flatMap((check) => check(cluster)));
  return findings;
}

/** All findings for a cluster spec. */
export function validateClusterSpec(spec: ClusterSpec): Diagnostic[] {
  return validateCluster(resolveCluster(spec));
}
