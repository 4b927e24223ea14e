/** A CiliumLoadBalancerIPPool (LB-IPAM), cluster-scoped. */
import { Construct } from 'constructs';
import {
  CiliumLoadBalancerIpPool, CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs, CiliumLoadBalancerIpPoolSpecServiceSelector,
} from '../imports/cilium-lb-ipam-cilium.io.js';
import type { PoolSpec } from './cluster-spec.js';

export interface LoadBalancerPoolProps {
  /** The pool as written in the cluster file. */
  readonly pool: PoolSpec;
}

export class LoadBalancerPool extends Construct {
  /** The pool object (`cilium.io/v2`). */
  public readonly resource: CiliumLoadBalancerIpPool;

  constructor(scope: Construct, id: string, props: LoadBalancerPoolProps) {
    super(scope, id);
    const { pool } = props;
    this.resource = new CiliumLoadBalancerIpPool(this, 'Resource', {
      metadata: { name: pool.name },
      spec: {
        blocks: pool.blocks.map((b) => (b.cidr !== undefined ? { cidr: b.cidr } : { start: b.start, stop: b.stop ?? b.start })),
        // Unset means "Yes" since Cilium 1.16; only the non-default is written.
        ...(pool.allowFirstLastIPs === false ? { allowFirstLastIPs: CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs.NO } : {}),
        ...(pool.disabled ? { disabled: true } : {}),
        ...(pool.serviceSelector ? { serviceSelector: pool.serviceSelector as CiliumLoadBalancerIpPoolSpecServiceSelector } : {}),
      },
    });
  }
}
