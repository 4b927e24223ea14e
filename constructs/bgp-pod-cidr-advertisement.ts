/** A CiliumBGPAdvertisement of each node's pod CIDR, so the network routes to pods without NAT. */
import { Construct } from 'constructs';
import {
  CiliumBgpAdvertisement, CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType,
} from '../imports/cilium-bgp-advertisement-cilium.io.js';

export interface BgpPodCidrAdvertisementProps {
  /** Object name. */
  readonly name: string;
  /** Labels the peer configs' `families[].advertisements` select. */
  readonly labels: Readonly<Record<string, string>>;
}

export class BgpPodCidrAdvertisement extends Construct {
  /** The advertisement object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpAdvertisement;

  constructor(scope: Construct, id: string, props: BgpPodCidrAdvertisementProps) {
    super(scope, id);
    this.resource = new CiliumBgpAdvertisement(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      // PodCIDR takes no selector; with ipam.mode kubernetes it is the node's spec.podCIDRs that k3s allocates.
      spec: { advertisements: [{ advertisementType: CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType.POD_CIDR }] },
    });
  }
}
