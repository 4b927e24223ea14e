/**
 * A CiliumBGPAdvertisement of the LoadBalancer IPs of one LB-IPAM pool. Service advertisements
 * select Services, not pools, so it selects the Services the pool may serve: the pool's own
 * serviceSelector. That is exact as long as no L2 pool may serve the same Services, which the
 * BGP checks enforce.
 */
import { Construct } from 'constructs';
import {
  CiliumBgpAdvertisement, CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType,
  CiliumBgpAdvertisementSpecAdvertisementsSelector, CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses,
} from '../imports/cilium-bgp-advertisement-cilium.io.js';
import type { LabelSelector, PoolSpec } from './cluster-spec.js';

export interface BgpPoolAdvertisementProps {
  /** The pool whose Services' LoadBalancer IPs are advertised. */
  readonly pool: PoolSpec;
  /** Labels the peer configs' `families[].advertisements` select. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Every Service, as Cilium's docs write it: a Service advertisement without a selector (or with
 * an empty one) selects nothing, so "all" is a NotIn on a label nobody sets.
 */
export const ALL_SERVICES_SELECTOR: LabelSelector = {
  matchExpressions: [{ key: 'k3s-cilium-cdk8s.io/never-set', operator: 'NotIn', values: ['never-used-value'] }],
};

/** The Services a pool may hand addresses to, as an advertisement selector. */
export function poolServiceSelector(pool: PoolSpec): LabelSelector {
  const selector = pool.serviceSelector;
  const empty = !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
  return empty ? ALL_SERVICES_SELECTOR : selector;
}

/** Name of the advertisement of a pool. */
export function poolAdvertisementName(pool: PoolSpec): string {
  return `lb-pool-${pool.name}`;
}

export class BgpPoolAdvertisement extends Construct {
  /** The advertisement object (`cilium.io/v2`). */
  public readonly resource: CiliumBgpAdvertisement;

  constructor(scope: Construct, id: string, props: BgpPoolAdvertisementProps) {
    super(scope, id);
    this.resource = new CiliumBgpAdvertisement(this, 'Resource', {
      metadata: { name: poolAdvertisementName(props.pool), labels: { ...props.labels } },
      spec: {
        advertisements: [{
          advertisementType: CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType.SERVICE,
          service: { addresses: [CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses.LOAD_BALANCER_IP] },
          selector: poolServiceSelector(props.pool) as CiliumBgpAdvertisementSpecAdvertisementsSelector,
        }],
      },
    });
  }
}
