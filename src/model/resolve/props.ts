/**
 * The one place that maps the resolved cluster to the props of the constructs that render it
 * (constructs/): K3sCiliumCluster passes these through unchanged. Every default was applied by the
 * resolver; this only reshapes. The shapes are the constructs' Props interfaces, checked where
 * K3sCiliumCluster passes them (the model does not import the constructs: dependencies point down).
 */
import type { ResolvedBgp, ResolvedCluster, ResolvedL2Policy, ResolvedNode, ResolvedPool } from '../resolved.js';
import { POD_CIDR_ADVERTISEMENT } from './bgp.js';

/** K3sNodeConfigProps of one node. */
export function nodeConfigProps(cluster: ResolvedCluster, node: ResolvedNode) {
  return { clusterName: cluster.name, nodeName: node.name, role: node.role, config: node.k3sConfig };
}

/** CiliumHelmChartProps. */
export function ciliumHelmChartProps(cluster: ResolvedCluster) {
  return { version: cluster.cilium.version, values: cluster.cilium.values };
}

/** RpFilterDaemonSetProps. */
export function rpFilterProps(cluster: ResolvedCluster) {
  const { rpFilter, interfaces, intervalSeconds, image, namespace } = cluster.sysctls;
  return { rpFilter, interfaces, intervalSeconds, image, namespace };
}

/** LoadBalancerPoolProps of one pool. */
export function poolProps(pool: ResolvedPool) {
  return {
    name: pool.name,
    blocks: pool.blocks.map((b) => (b.cidr !== undefined ? { cidr: b.cidr } : { start: b.start!, stop: b.stop! })),
    allowFirstLastIPs: pool.allowFirstLastIPs,
    disabled: pool.disabled,
    serviceSelector: pool.serviceSelector,
  };
}

/** BgpControlPlaneProps: the cluster config, peer configs, advertisements and node overrides. */
export function bgpProps(clusterName: string, bgp: ResolvedBgp, pools: readonly ResolvedPool[]) {
  const labels = bgp.advertisementLabels;
  return {
    clusterConfig: {
      name: clusterName,
      instanceName: bgp.instanceName,
      localASN: bgp.localASN,
      nodeSelector: bgp.nodeSelector,
      peers: bgp.peers.map((p) => ({ name: p.name, address: p.address, asn: p.asn, peerConfig: p.peerConfigName })),
    },
    peerConfigs: bgp.peerConfigs.map((c) => ({
      name: c.name, families: c.families, advertisementLabels: labels,
      authSecretRef: c.authSecretRef, ebgpMultihop: c.ebgpMultihop, timers: c.timers, gracefulRestart: c.gracefulRestart,
    })),
    poolAdvertisements: pools.flatMap((p) => (p.bgpAdvertisement
      ? [{ name: p.bgpAdvertisement.name, labels, serviceSelector: p.bgpAdvertisement.serviceSelector }]
      : [])),
    podCidrAdvertisement: bgp.advertisePodCIDRs ? { name: POD_CIDR_ADVERTISEMENT, labels } : undefined,
    nodeOverrides: bgp.nodeOverrides.map((o) => ({ nodeName: o.node.name, instanceName: bgp.instanceName, routerID: o.routerID, peers: o.peers })),
  };
}

/** L2AnnouncementPolicyProps of one policy. */
export function l2PolicyProps(policy: ResolvedL2Policy) {
  const { name, externalIPs, loadBalancerIPs, interfaces, nodeSelector, serviceSelector } = policy;
  return { name, externalIPs, loadBalancerIPs, interfaces, nodeSelector, serviceSelector };
}
