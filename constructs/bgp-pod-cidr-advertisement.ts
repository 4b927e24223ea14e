/** A CiliumBGPAdvertisement of each node's pod CIDR, so the network routes to pods without NAT. */
import { Construct } from 'constructs';
import {
  CiliumBgpAdvertisement, CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType,
} from '../imports/cilium-bgp-advertisement-cilium.io.js';

export interface BgpPodCidrAdvertisementProps {
  /** Labels the peer configs' `families[].advertisements` select. */
  readonly labels: Readonly<Record<string, string>>;
}

export class BgpPodCidrAdvertisement extends Construct {
  /** Name of the advertisement object. */
  public static readonly NAME = 'pod-cidrs';
  /** The advertisement object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpAdvertisement;

  constructor(scope: Construct, id: string, props: BgpPodCidrAdvertisementProps) {
    super(scope, id);
    this.resource = new CiliumBgpAdvertisement(this, 'Resource', {
      metadata: { name: BgpPodCidrAdvertisement.NAME, labels: { ...props.labels } },
      // PodCIDR takes no selector; with ipam.mode kubernetes it is the node's spec.podCIDRs that k3s allocates.
      spec: { advertisements: [{ advertisementType: CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType.POD_CIDR }] },
    });
  }
}
