/**
 * A CiliumLoadBalancerIPPool (LB-IPAM), cluster-scoped. Used alone, it checks its props as a
 * cluster file's pool is checked: names, blocks without host bits, ranges of one family that are
 * not reversed, and one pool per name in its chart.
 */
import { Construct } from 'constructs';
import {
  CiliumLoadBalancerIpPool, CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs, CiliumLoadBalancerIpPoolSpecServiceSelector,
} from '../imports/cilium-lb-ipam-cilium.io.js';
import {
  blockCidrDiagnostics, blockShapeDiagnostics, duplicateNameDiagnostic, noBlocksDiagnostic, subdomainNameDiagnostics,
} from '../src/checks/fields.js';
import type { LabelSelector, PoolBlockSpec } from '../src/model/cluster-spec.js';
import { fieldPath, type Diagnostic } from '../src/model/diagnostics.js';
import { firstOfName, validateProps } from './prop-checks.js';

/** One block of a pool: a canonical CIDR, or an inclusive range. */
export type LoadBalancerPoolBlock = { readonly cidr: string } | { readonly start: string; readonly stop: string };

export interface LoadBalancerPoolProps {
  /** Object name, a DNS-1123 subdomain, unique among the pools of the chart. */
  readonly name: string;
  /** The pool's address blocks (at least one): a `cidr` without host bits, or `start` ≤ `stop` of one family. */
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

/** The findings of a pool's own props (names and blocks), in the cluster checks' words; `first` is who took the name first. */
function poolPropsDiagnostics(props: LoadBalancerPoolProps, self: Construct, first: Construct): Diagnostic[] {
  const out = subdomainNameDiagnostics('name', 'pool', props.name);
  if (first !== self) out.push(duplicateNameDiagnostic('name', 'pool', props.name, `${first.node.path} in the same chart`));
  if (props.blocks.length === 0) out.push(noBlocksDiagnostic('blocks', props.name));
  props.blocks.forEach((block, i) => {
    const path = fieldPath('blocks', i);
    const shape = blockShapeDiagnostics(path, block as PoolBlockSpec);
    out.push(...shape);
    if (shape.length === 0 && 'cidr' in block) out.push(...blockCidrDiagnostics(`${path}.cidr`, block.cidr));
  });
  return out;
}

/**
 * A `cilium.io/v2` CiliumLoadBalancerIPPool. Used alone, its props are checked at synth with the
 * cluster checks' messages: the name, one pool per name in the chart, at least one block, no host
 * bits in a `cidr` (`10.0.0.201/30` is refused, naming `10.0.0.200/30` and the range that may have
 * been meant), and ranges of one family whose `stop` is not before `start`.
 */
export class LoadBalancerPool extends Construct {
  /** The pool object (`cilium.io/v2`). */
  public readonly resource: CiliumLoadBalancerIpPool;

  constructor(scope: Construct, id: string, props: LoadBalancerPoolProps) {
    super(scope, id);
    validateProps(this, () => poolPropsDiagnostics(props, this, firstOfName(this, (p) => p.resource.name)));
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
