/** A CiliumBGPClusterConfig: which nodes speak BGP, with which ASN, to which peers. */
import { Construct } from 'constructs';
import { CiliumBgpClusterConfig, CiliumBgpClusterConfigSpecNodeSelector } from '../imports/cilium-bgp-cluster-config-cilium.io.js';
import type { ResolvedBgp } from './resolved-bgp.js';

export interface BgpClusterConfigProps {
  /** Object name; one per cluster. */
  readonly name: string;
  /** The resolved BGP settings of the cluster file. */
  readonly bgp: ResolvedBgp;
}

export class BgpClusterConfig extends Construct {
  /** The cluster config object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpClusterConfig;

  constructor(scope: Construct, id: string, props: BgpClusterConfigProps) {
    super(scope, id);
    const { bgp } = props;
    this.resource = new CiliumBgpClusterConfig(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        // Unset selects every node, which is what the cluster file's default says.
        ...(bgp.nodeSelector ? { nodeSelector: bgp.nodeSelector as CiliumBgpClusterConfigSpecNodeSelector } : {}),
        bgpInstances: [{
          name: bgp.instanceName,
          localAsn: bgp.localASN,
          // v2 peerConfigRef is only a name: the group/kind fields of v2alpha1 were dropped.
          peers: bgp.peers.map((peer) => ({
            name: peer.name,
            peerAddress: peer.address,
            peerAsn: peer.asn,
            peerConfigRef: { name: peer.peerConfig?.name ?? String(peer.spec.peerConfig) },
          })),
        }],
      },
    });
  }
}
