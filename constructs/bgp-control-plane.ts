/**
 * Every object of the Cilium BGP control plane v2 for one cluster: the cluster config (instance
 * and peers) → peer configs (by `peerConfigRef.name`) → advertisements (by label, through each
 * family's `advertisements` selector), plus per-node overrides.
 */
import { Construct } from 'constructs';
import { BgpClusterConfig, BgpClusterConfigProps } from './bgp-cluster-config.js';
import { BgpNodeConfigOverride, BgpNodeConfigOverrideProps } from './bgp-node-config-override.js';
import { BgpPeerConfig, BgpPeerConfigProps } from './bgp-peer-config.js';
import { BgpPodCidrAdvertisement, BgpPodCidrAdvertisementProps } from './bgp-pod-cidr-advertisement.js';
import { BgpPoolAdvertisement, BgpPoolAdvertisementProps } from './bgp-pool-advertisement.js';

export interface BgpControlPlaneProps {
  /** The cluster config: instance, ASN, peers, speaking nodes. */
  readonly clusterConfig: BgpClusterConfigProps;
  /** One CiliumBGPPeerConfig each. */
  readonly peerConfigs: readonly BgpPeerConfigProps[];
  /** One CiliumBGPAdvertisement per pool advertised. */
  readonly poolAdvertisements: readonly BgpPoolAdvertisementProps[];
  /** One CiliumBGPNodeConfigOverride per node with its own BGP settings. */
  readonly nodeOverrides: readonly BgpNodeConfigOverrideProps[];
  /**
   * The advertisement of every node's pod CIDR.
   * @default - pod CIDRs are not advertised
   */
  readonly podCidrAdvertisement?: BgpPodCidrAdvertisementProps;
}

/**
 * The BGP control plane v2 objects of one cluster, in one chart: a CiliumBGPClusterConfig, its
 * CiliumBGPPeerConfigs, a CiliumBGPAdvertisement per advertised pool (and for the pod CIDRs), and
 * the per-node CiliumBGPNodeConfigOverrides, all `cilium.io/v2`.
 */
export class BgpControlPlane extends Construct {
  constructor(scope: Construct, id: string, props: BgpControlPlaneProps) {
    super(scope, id);
    new BgpClusterConfig(this, 'cluster-config', props.clusterConfig);
    for (const peerConfig of props.peerConfigs) new BgpPeerConfig(this, `peer-config-${peerConfig.name}`, peerConfig);
    for (const advertisement of props.poolAdvertisements) new BgpPoolAdvertisement(this, `advertisement-${advertisement.name}`, advertisement);
    if (props.podCidrAdvertisement) new BgpPodCidrAdvertisement(this, 'advertisement-pod-cidrs', props.podCidrAdvertisement);
    for (const override of props.nodeOverrides) new BgpNodeConfigOverride(this, `node-override-${override.nodeName}`, override);
  }
}
