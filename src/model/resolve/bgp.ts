/**
 * The BGP control plane: peers tied to their peer configs, the speaking nodes, each BGP pool's
 * advertisement and the per-node overrides. Like the rest of the resolver, it never throws on bad
 * values; the BGP checks report them.
 */
import type { PoolBlockIndex } from '../address-index.js';
import type { BgpSpec, LabelSelector } from '../cluster-spec.js';
import { CLUSTER_DEFAULTS } from '../defaults.js';
import { parseIp } from '../ip.js';
import type { BgpFamily, PoolBgpAdvertisement, ResolvedBgp, ResolvedBgpPeer, ResolvedBgpPeerConfig, ResolvedNode, ResolvedPool } from '../resolved.js';
import { isEmptySelector } from '../selectors.js';
import type { PoolDraft } from './pools.js';

/** The label every rendered CiliumBGPAdvertisement carries and every peer config family selects. */
export const BGP_ADVERTISEMENT_LABELS: Readonly<Record<string, string>> = { 'k3s-cilium-cdk8s.io/advertise': 'bgp' };

/** Name of the pod CIDR advertisement. */
export const POD_CIDR_ADVERTISEMENT = 'pod-cidrs';

/**
 * Every Service, as Cilium's docs write it: a Service advertisement without a selector (or with
 * an empty one) selects nothing, so "all" is a NotIn on a label nobody sets.
 */
export const ALL_SERVICES_SELECTOR: LabelSelector = {
  matchExpressions: [{ key: 'k3s-cilium-cdk8s.io/never-set', operator: 'NotIn', values: ['never-used-value'] }],
};

/** The families a peer config negotiates by default: those the cluster runs. */
function clusterFamilies(dualStack: boolean): BgpFamily[] {
  return dualStack ? ['ipv4', 'ipv6'] : ['ipv4'];
}

export function resolveBgp(
  spec: BgpSpec, dualStack: boolean, nodes: readonly ResolvedNode[],
  selectNodes: (selector: LabelSelector | undefined) => ResolvedNode[], poolAddresses: PoolBlockIndex<ResolvedPool>,
): ResolvedBgp {
  const peerConfigs = (spec.peerConfigs ?? []).map((config, index): ResolvedBgpPeerConfig => ({
    spec: config,
    index,
    name: config.name,
    families: config.families ?? clusterFamilies(dualStack),
    holdTimeSeconds: config.timers?.holdTimeSeconds ?? CLUSTER_DEFAULTS['loadBalancer.bgp.peerConfigs[].timers.holdTimeSeconds'],
    keepAliveTimeSeconds: config.timers?.keepAliveTimeSeconds ?? CLUSTER_DEFAULTS['loadBalancer.bgp.peerConfigs[].timers.keepAliveTimeSeconds'],
    connectRetryTimeSeconds: config.timers?.connectRetryTimeSeconds ?? CLUSTER_DEFAULTS['loadBalancer.bgp.peerConfigs[].timers.connectRetryTimeSeconds'],
    restartTimeSeconds: config.gracefulRestart?.restartTimeSeconds ?? CLUSTER_DEFAULTS['loadBalancer.bgp.peerConfigs[].gracefulRestart.restartTimeSeconds'],
    authSecretRef: config.authSecretRef,
    ebgpMultihop: config.ebgpMultihop,
    timers: config.timers,
    gracefulRestart: config.gracefulRestart,
  }));
  const peers = (spec.peers ?? []).map((peer, index): ResolvedBgpPeer => {
    const configName = peer.peerConfig ?? (peerConfigs.length === 1 ? peerConfigs[0].name : undefined);
    const peerConfig = peerConfigs.find((c) => c.name === configName);
    const ip = parseIp(peer.address);
    const holding = ip ? poolAddresses.containing(ip.family, ip.value) : [];
    return {
      spec: peer,
      index,
      name: peer.name,
      address: peer.address,
      family: ip?.family,
      asn: peer.asn,
      peerConfig,
      peerConfigName: peerConfig?.name ?? String(peer.peerConfig),
      inPools: holding.filter((b, k) => k === 0 || holding[k - 1].pool !== b.pool),
    };
  });
  const nodeOverrides = nodes.flatMap((node) => {
    if (!node.bgp) return [];
    const { routerID, localAddresses } = node.bgp;
    // Each session takes the source address of its peer's family.
    const overridePeers = peers.flatMap((peer) => {
      const localAddress = localAddresses.find((a) => parseIp(a)?.family === peer.family);
      return localAddress === undefined ? [] : [{ name: peer.name, localAddress }];
    });
    return [{ node, routerID, localAddresses, peers: overridePeers }];
  });
  return {
    spec,
    localASN: spec.localASN,
    instanceName: `instance-${spec.localASN}`,
    nodeSelector: spec.nodeSelector,
    peerConfigs,
    peers,
    advertisePodCIDRs: spec.advertisePodCIDRs ?? CLUSTER_DEFAULTS['loadBalancer.bgp.advertisePodCIDRs'],
    secretsNamespace: spec.secretsNamespace ?? CLUSTER_DEFAULTS['loadBalancer.bgp.secretsNamespace'],
    speakers: selectNodes(spec.nodeSelector),
    advertisementLabels: BGP_ADVERTISEMENT_LABELS,
    nodeOverrides,
  };
}

/**
 * The advertisement of each pool marked for BGP: its Services' LoadBalancer IPs, to the peers of
 * its families. Pools of the same families share one peer list: a fleet has thousands of pools
 * and hundreds of peers, but at most three family sets.
 */
export function poolAdvertisements(bgp: ResolvedBgp): (pool: PoolDraft) => NonNullable<ResolvedPool['bgpAdvertisement']> {
  const peersByFamilies = new Map<string, PoolBgpAdvertisement['peers']>();
  return (pool) => {
    // Stryker disable next-line StringLiteral: family names hold no comma and no list of them joins to another list's text, so any separator keys the same
    const key = pool.families.join(',');
    let peers = peersByFamilies.get(key);
    if (!peers) {
      peers = bgp.peers
        .map((peer) => ({ peer, families: pool.families.filter((f) => peer.peerConfig?.families.includes(f)) }))
        .filter((p) => p.families.length > 0);
      peersByFamilies.set(key, peers);
    }
    return {
      name: `lb-pool-${pool.name}`,
      // A Service advertisement selects Services, not pools: those the pool may serve.
      serviceSelector: isEmptySelector(pool.serviceSelector) ? ALL_SERVICES_SELECTOR : pool.serviceSelector!,
      peers,
    };
  };
}
