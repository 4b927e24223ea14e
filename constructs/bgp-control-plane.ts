/**
 * Every object of the Cilium BGP control plane v2 for one cluster: the cluster config (instance
 * and peers) → peer configs (by `peerConfigRef.name`) → advertisements (by label, through each
 * family's `advertisements` selector), plus per-node overrides.
 */
import { Construct } from 'constructs';
import { BgpClusterConfig } from './bgp-cluster-config.js';
import { BgpNodeConfigOverride } from './bgp-node-config-override.js';
import { BgpPeerConfig } from './bgp-peer-config.js';
import { BgpPodCidrAdvertisement } from './bgp-pod-cidr-advertisement.js';
import { BgpPoolAdvertisement } from './bgp-pool-advertisement.js';
import { BGP_ADVERTISEMENT_LABELS, ResolvedBgp } from './resolved-bgp.js';
import type { ResolvedCluster } from './resolved-cluster.js';

export interface BgpControlPlaneProps {
  /** The resolved cluster; renders nothing unless it has `bgp`. */
  readonly cluster: ResolvedCluster;
}

export class BgpControlPlane extends Construct {
  constructor(scope: Construct, id: string, props: BgpControlPlaneProps) {
    super(scope, id);
    const { cluster } = props;
    const bgp = cluster.bgp as ResolvedBgp;
    new BgpClusterConfig(this, 'cluster-config', { name: cluster.name, bgp });
    for (const peerConfig of bgp.peerConfigs) {
      new BgpPeerConfig(this, `peer-config-${peerConfig.name}`, { peerConfig, advertisementLabels: BGP_ADVERTISEMENT_LABELS });
    }
    for (const pool of cluster.pools.filter((p) => p.bgp)) {
      new BgpPoolAdvertisement(this, `advertisement-${pool.name}`, { pool: pool.spec, labels: BGP_ADVERTISEMENT_LABELS });
    }
    if (bgp.advertisePodCIDRs) new BgpPodCidrAdvertisement(this, 'advertisement-pod-cidrs', { labels: BGP_ADVERTISEMENT_LABELS });
    for (const node of cluster.nodes.filter((n) => n.bgp)) {
      new BgpNodeConfigOverride(this, `node-override-${node.name}`, { bgp, node });
    }
  }
}
