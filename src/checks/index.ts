/**
 * Semantic checks of a cluster: what a schema cannot see. Each check is a function from the
 * resolved cluster to diagnostics, one file per check of README.md "What is checked", numbered as
 * there (check 14, unknown keys, is the schema stage of src/load/). `checkCluster` runs them all.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { checkCanonicalCidrs } from './01-canonical-cidrs.js';
import { checkPoolBlocks } from './02-pool-blocks.js';
import { checkAddressOverlaps } from './03-address-overlaps.js';
import { checkL2PoolsOnNodeSubnets } from './04-l2-pools-on-node-subnets.js';
import { checkReservations } from './05-reservations.js';
import { checkApiServer } from './06-api-server.js';
import { checkRouting } from './07-routing.js';
import { checkL2Policies } from './08-l2-policies.js';
import { checkL2PolicyAnnounces } from './09-l2-policy-announces.js';
import { checkL2Lease } from './10-l2-lease.js';
import { checkL2ExternalTrafficPolicy } from './11-l2-external-traffic-policy.js';
import { checkSysctls } from './12-sysctls.js';
import { checkNames } from './13-names.js';
import { checkCiliumVersion } from './15-cilium-version.js';
import { checkServers } from './16-servers.js';
import { checkDualStack } from './17-dual-stack.js';
import { checkDirectRouting } from './18-direct-routing.js';
import { checkBgpAsns } from './19-bgp-asns.js';
import { checkBgpPeers } from './20-bgp-peers.js';
import { checkBgpPools } from './21-bgp-pools.js';
import { checkBgpNodes } from './22-bgp-nodes.js';
import { checkLabelsAndSelectors } from './23-labels-and-selectors.js';
import { checkKubeletNodeLabels } from './24-kubelet-node-labels.js';
import { checkK3sSettings } from './25-k3s-settings.js';
import { checkSpecialAddresses } from './26-special-addresses.js';
import { checkCiliumSizing } from './27-cilium-sizing.js';
import { checkL2SharedIp } from './28-l2-shared-ip.js';
import { checkCiliumChartRules } from './29-cilium-chart-rules.js';
import { checkPodCidrSizing } from './30-pod-cidr-sizing.js';
import { checkControlCharacters } from './31-control-characters.js';
import { checkDatapath } from './32-datapath.js';
import { checkDevices } from './33-devices.js';
import { checkK3sTopology } from './34-k3s-topology.js';
import { checkCiliumValues } from './35-cilium-values.js';
import { checkK3sExtraConfig } from './36-k3s-extra-config.js';
import { checkGatewayApi } from './37-gateway-api.js';
import { checkNetworkPlacement } from './38-network-placement.js';
import { checkBgpPeerOnNodeSubnet } from './40-bgp-peer-on-node-subnet.js';
import { checkBgpLocalAddressOnLink } from './41-bgp-local-address-on-link.js';

/** A check: the resolved cluster in, its findings out. */
export type ClusterCheck = (cluster: ResolvedCluster) => Diagnostic[];

/** Every check, in the order their findings are reported (the version first: it decides what the others assume). */
export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
  checkCiliumVersion,
  checkControlCharacters,
  checkNames,
  checkLabelsAndSelectors,
  checkKubeletNodeLabels,
  checkCanonicalCidrs,
  checkSpecialAddresses,
  checkPoolBlocks,
  checkAddressOverlaps,
  checkNetworkPlacement,
  checkL2PoolsOnNodeSubnets,
  checkReservations,
  checkL2ExternalTrafficPolicy,
  checkL2SharedIp,
  checkApiServer,
  checkK3sSettings,
  checkK3sTopology,
  checkK3sExtraConfig,
  checkRouting,
  checkL2PolicyAnnounces,
  checkL2Policies,
  checkL2Lease,
  checkSysctls,
  checkServers,
  checkCiliumSizing,
  checkDualStack,
  checkPodCidrSizing,
  checkDirectRouting,
  checkBgpAsns,
  checkBgpPeers,
  checkBgpPools,
  checkBgpNodes,
  checkDatapath,
  checkDevices,
  checkGatewayApi,
  checkCiliumValues,
  checkBgpPeerOnNodeSubnet,
  checkBgpLocalAddressOnLink,
  checkCiliumChartRules,
];

/** All findings (errors and warnings) of a resolved cluster. */
export function checkCluster(cluster: ResolvedCluster): Diagnostic[] {
  return CLUSTER_CHECKS.flatMap((check) => check(cluster));
}

/**
 * A resolved cluster with its findings: what loading a cluster file gives, and what K3sCiliumCluster renders.
 * @internal
 */
export interface CheckedCluster {
  readonly cluster: ResolvedCluster;
  readonly diagnostics: readonly Diagnostic[];
}
