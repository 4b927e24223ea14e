/** A CiliumBGPNodeConfigOverride: one node's router ID and session source addresses. */
import { Construct } from 'constructs';
import { CiliumBgpNodeConfigOverride } from '../imports/cilium-bgp-node-config-override-cilium.io.js';
import { parseIp } from './ip.js';
import type { ResolvedBgp } from './resolved-bgp.js';
import type { ResolvedNode } from './resolved-cluster.js';

export interface BgpNodeConfigOverrideProps {
  /** The resolved BGP settings (instance and peer names must match the cluster config's). */
  readonly bgp: ResolvedBgp;
  /** The node; the object is named after it, which is how Cilium finds it. */
  readonly node: ResolvedNode;
}

export class BgpNodeConfigOverride extends Construct {
  /** The override object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpNodeConfigOverride;

  constructor(scope: Construct, id: string, props: BgpNodeConfigOverrideProps) {
    super(scope, id);
    const { bgp, node } = props;
    const localAddresses = node.bgp?.localAddresses ?? [];
    // Each session takes the source address of its peer's family.
    const peers = bgp.peers.flatMap((peer) => {
      const localAddress = localAddresses.find((a) => parseIp(a)?.family === peer.family);
      return localAddress === undefined ? [] : [{ name: peer.name, localAddress }];
    });
    this.resource = new CiliumBgpNodeConfigOverride(this, 'Resource', {
      metadata: { name: node.name },
      spec: {
        bgpInstances: [{
          name: bgp.instanceName,
          ...(node.bgp?.routerID !== undefined ? { routerId: node.bgp.routerID } : {}),
          ...(peers.length > 0 ? { peers } : {}),
        }],
      },
    });
  }
}
