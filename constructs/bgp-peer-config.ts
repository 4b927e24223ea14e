/** A CiliumBGPPeerConfig: session settings shared by peers, and which advertisements they get. */
import { Construct } from 'constructs';
import {
  CiliumBgpPeerConfig, CiliumBgpPeerConfigSpecFamiliesAfi, CiliumBgpPeerConfigSpecFamiliesSafi,
} from '../imports/cilium-bgp-peer-config-cilium.io.js';
import type { ResolvedBgpPeerConfig } from './resolved-bgp.js';

export interface BgpPeerConfigProps {
  /** The resolved peer config of the cluster file. */
  readonly peerConfig: ResolvedBgpPeerConfig;
  /** Labels of the CiliumBGPAdvertisements every family sends. */
  readonly advertisementLabels: Readonly<Record<string, string>>;
}

const AFI = { ipv4: CiliumBgpPeerConfigSpecFamiliesAfi.IPV4, ipv6: CiliumBgpPeerConfigSpecFamiliesAfi.IPV6 };

export class BgpPeerConfig extends Construct {
  /** The peer config object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpPeerConfig;

  constructor(scope: Construct, id: string, props: BgpPeerConfigProps) {
    super(scope, id);
    const { spec, name, families } = props.peerConfig;
    this.resource = new CiliumBgpPeerConfig(this, 'Resource', {
      metadata: { name },
      spec: {
        // Only the Secret's name: the password never leaves the cluster's secrets namespace.
        ...(spec.authSecretRef !== undefined ? { authSecretRef: spec.authSecretRef } : {}),
        ...(spec.ebgpMultihop !== undefined ? { ebgpMultihop: spec.ebgpMultihop } : {}),
        // Families are always listed: a family without an advertisements selector advertises nothing.
        families: families.map((family) => ({
          afi: AFI[family],
          safi: CiliumBgpPeerConfigSpecFamiliesSafi.UNICAST,
          advertisements: { matchLabels: { ...props.advertisementLabels } },
        })),
        ...(spec.gracefulRestart ? { gracefulRestart: { ...spec.gracefulRestart } } : {}),
        ...(spec.timers ? { timers: { ...spec.timers } } : {}),
      },
    });
  }
}
