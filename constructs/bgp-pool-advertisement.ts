/**
 * A CiliumBGPAdvertisement of the LoadBalancer IPs of one LB-IPAM pool. Service advertisements
 * select Services, not pools, so it selects the Services the pool may serve. That is exact as
 * long as no L2 pool may serve the same Services, which the BGP checks enforce.
 */
import { Construct } from 'constructs';
import {
  CiliumBgpAdvertisement, CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType,
  CiliumBgpAdvertisementSpecAdvertisementsSelector, CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses,
} from '../imports/cilium-bgp-advertisement-cilium.io.js';
import type { LabelSelector } from '../src/model/cluster-spec.js';

export interface BgpPoolAdvertisementProps {
  /** Object name. */
  readonly name: string;
  /** Labels the peer configs' `families[].advertisements` select. */
  readonly labels: Readonly<Record<string, string>>;
  /** The Services whose LoadBalancer IPs are advertised (an empty selector selects none upstream). */
  readonly serviceSelector: LabelSelector;
}

export class BgpPoolAdvertisement extends Construct {
  /** The advertisement object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpAdvertisement;

  constructor(scope: Construct, id: string, props: BgpPoolAdvertisementProps) {
    super(scope, id);
    this.resource = new CiliumBgpAdvertisement(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        advertisements: [{
          advertisementType: CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType.SERVICE,
          service: { addresses: [CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses.LOAD_BALANCER_IP] },
          selector: props.serviceSelector as CiliumBgpAdvertisementSpecAdvertisementsSelector,
        }],
      },
    });
  }
}
