/** A CiliumBGPClusterConfig: which nodes speak BGP, with which ASN, to which peers. */
import { Construct } from 'constructs';
import { CiliumBgpClusterConfig, CiliumBgpClusterConfigSpecNodeSelector } from '../imports/cilium-bgp-cluster-config-cilium.io.js';
import type { LabelSelector } from '../src/model/cluster-spec.js';

/** One BGP neighbour of the instance. */
export interface BgpClusterConfigPeer {
  /** Peer name, unique in the instance. */
  readonly name: string;
  /** The router's IPv4 or IPv6 address. */
  readonly address: string;
  /** The router's ASN (0: accept the ASN of its OPEN message). */
  readonly asn: number;
  /** Name of the CiliumBGPPeerConfig the session uses. */
  readonly peerConfig: string;
}

export interface BgpClusterConfigProps {
  /** Object name; one per cluster. */
  readonly name: string;
  /** Name of the one BGP instance (node overrides refer to it). */
  readonly instanceName: string;
  /** The nodes' ASN. */
  readonly localASN: number;
  /** The routers every selected node peers with. */
  readonly peers: readonly BgpClusterConfigPeer[];
  /**
   * The nodes that speak BGP.
   * @default - every node
   */
  readonly nodeSelector?: LabelSelector;
}

export class BgpClusterConfig extends Construct {
  /** The cluster config object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpClusterConfig;

  constructor(scope: Construct, id: string, props: BgpClusterConfigProps) {
    super(scope, id);
    this.resource = new CiliumBgpClusterConfig(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        // Unset selects every node.
        ...(props.nodeSelector ? { nodeSelector: props.nodeSelector as CiliumBgpClusterConfigSpecNodeSelector } : {}),
        bgpInstances: [{
          name: props.instanceName,
          localAsn: props.localASN,
          // v2 peerConfigRef is only a name: the group/kind fields of v2alpha1 were dropped.
          peers: props.peers.map((peer) => ({ name: peer.name, peerAddress: peer.address, peerAsn: peer.asn, peerConfigRef: { name: peer.peerConfig } })),
        }],
      },
    });
  }
}
