/** A CiliumLoadBalancerIPPool (LB-IPAM), cluster-scoped. */
import { Construct } from 'constructs';
import {
  CiliumLoadBalancerIpPool, CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs, CiliumLoadBalancerIpPoolSpecServiceSelector,
} from '../imports/cilium-lb-ipam-cilium.io.js';
import type { LabelSelector } from '../src/model/cluster-spec.js';

/** One block of a pool: a canonical CIDR, or an inclusive range. */
export type LoadBalancerPoolBlock = { readonly cidr: string } | { readonly start: string; readonly stop: string };

export interface LoadBalancerPoolProps {
  /** Object name, a DNS-1123 subdomain. */
  readonly name: string;
  /** The pool's address blocks. */
  readonly blocks: readonly LoadBalancerPoolBlock[];
  /** Whether the first and last address of `cidr` blocks are handed out (Cilium's default since 1.16 is yes). */
  readonly allowFirstLastIPs: boolean;
  /** Whether new allocations are stopped (existing ones are kept). */
  readonly disabled: boolean;
  /**
   * Which Services may take addresses from the pool.
   * @default - every LoadBalancer Service
   */
  readonly serviceSelector?: LabelSelector;
}

export class LoadBalancerPool extends Construct {
  /** The pool object (`cilium.io/v2`). */
  public readonly resource: CiliumLoadBalancerIpPool;

  constructor(scope: Construct, id: string, props: LoadBalancerPoolProps) {
    super(scope, id);
    this.resource = new CiliumLoadBalancerIpPool(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        blocks: props.blocks.map((b) => ('cidr' in b ? { cidr: b.cidr } : { start: b.start, stop: b.stop })),
        // Unset means "Yes" since Cilium 1.16; only the non-default is written.
        ...(props.allowFirstLastIPs ? {} : { allowFirstLastIPs: CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs.NO }),
        ...(props.disabled ? { disabled: true } : {}),
        ...(props.serviceSelector ? { serviceSelector: props.serviceSelector as CiliumLoadBalancerIpPoolSpecServiceSelector } : {}),
      },
    });
  }
}
