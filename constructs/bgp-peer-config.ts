/** A CiliumBGPPeerConfig: session settings shared by peers, and which advertisements they get. */
import { Construct } from 'constructs';
import {
  CiliumBgpPeerConfig, CiliumBgpPeerConfigSpecFamiliesAfi, CiliumBgpPeerConfigSpecFamiliesSafi,
} from '../imports/cilium-bgp-peer-config-cilium.io.js';
import type { BgpGracefulRestartSpec, BgpTimersSpec } from '../src/model/cluster-spec.js';

export interface BgpPeerConfigProps {
  /** Object name, a DNS-1123 subdomain. */
  readonly name: string;
  /** Address families negotiated and advertised (unicast). */
  readonly families: readonly ('ipv4' | 'ipv6')[];
  /** Labels of the CiliumBGPAdvertisements every family sends. */
  readonly advertisementLabels: Readonly<Record<string, string>>;
  /**
   * Name of the Secret holding the TCP MD5 password (key `password`).
   * @default - no authentication
   */
  readonly authSecretRef?: string;
  /**
   * TTL of eBGP packets.
   * @default - Cilium's, 1
   */
  readonly ebgpMultihop?: number;
  /**
   * Timers; unset ones take Cilium's defaults.
   * @default - Cilium's timers
   */
  readonly timers?: BgpTimersSpec;
  /**
   * Graceful restart.
   * @default - off
   */
  readonly gracefulRestart?: BgpGracefulRestartSpec;
}

const AFI = { ipv4: CiliumBgpPeerConfigSpecFamiliesAfi.IPV4, ipv6: CiliumBgpPeerConfigSpecFamiliesAfi.IPV6 };

export class BgpPeerConfig extends Construct {
  /** The peer config object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpPeerConfig;

  constructor(scope: Construct, id: string, props: BgpPeerConfigProps) {
    super(scope, id);
    this.resource = new CiliumBgpPeerConfig(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        // Only the Secret's name: the password never leaves the cluster's secrets namespace.
        // Stryker disable next-line ConditionalExpression: cdk8s drops a field whose value is undefined: `authSecretRef: undefined` renders no field
        ...(props.authSecretRef !== undefined ? { authSecretRef: props.authSecretRef } : {}),
        // Stryker disable next-line ConditionalExpression: cdk8s drops a field whose value is undefined: `ebgpMultihop: undefined` renders no field
        ...(props.ebgpMultihop !== undefined ? { ebgpMultihop: props.ebgpMultihop } : {}),
        // Families are always listed: a family without an advertisements selector advertises nothing.
        families: props.families.map((family) => ({
          afi: AFI[family],
          safi: CiliumBgpPeerConfigSpecFamiliesSafi.UNICAST,
          advertisements: { matchLabels: { ...props.advertisementLabels } },
        })),
        ...(props.gracefulRestart ? { gracefulRestart: { ...props.gracefulRestart } } : {}),
        ...(props.timers ? { timers: { ...props.timers } } : {}),
      },
    });
  }
}
