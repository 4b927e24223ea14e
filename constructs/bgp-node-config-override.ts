/** A CiliumBGPNodeConfigOverride: one node's router ID and session source addresses. */
import { Construct } from 'constructs';
import { CiliumBgpNodeConfigOverride } from '../imports/cilium-bgp-node-config-override-cilium.io.js';

/** One session's source address on the node. */
export interface BgpNodeConfigOverridePeer {
  /** The peer's name in the cluster config. */
  readonly name: string;
  /** The node's address the session starts from (of the peer's family). */
  readonly localAddress: string;
}

export interface BgpNodeConfigOverrideProps {
  /** The node; the object is named after it, which is how Cilium finds it. */
  readonly nodeName: string;
  /** The BGP instance the override applies to (the cluster config's). */
  readonly instanceName: string;
  /** Per peer (by the cluster config's peer name), the node's source address. */
  readonly peers: readonly BgpNodeConfigOverridePeer[];
  /**
   * The node's BGP router ID.
   * @default - Cilium's choice (the node's IPv4 address)
   */
  readonly routerID?: string;
}

export class BgpNodeConfigOverride extends Construct {
  /** The override object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpNodeConfigOverride;

  constructor(scope: Construct, id: string, props: BgpNodeConfigOverrideProps) {
    super(scope, id);
    this.resource = new CiliumBgpNodeConfigOverride(this, 'Resource', {
      metadata: { name: props.nodeName },
      spec: {
        bgpInstances: [{
          name: props.instanceName,
          // Stryker disable next-line ConditionalExpression: cdk8s drops a field whose value is undefined: `routerID: undefined` renders no field
          ...(props.routerID !== undefined ? { routerId: props.routerID } : {}),
          ...(props.peers.length > 0 ? { peers: props.peers.map((p) => ({ ...p })) } : {}),
        }],
      },
    });
  }
}
