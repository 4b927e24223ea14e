/** A CiliumL2AnnouncementPolicy: which nodes answer ARP/NDP for which Service IPs, on which interfaces. */
import { Construct } from 'constructs';
import {
  CiliumL2AnnouncementPolicy, CiliumL2AnnouncementPolicySpecNodeSelector, CiliumL2AnnouncementPolicySpecServiceSelector,
} from '../imports/cilium-l2-announcement-cilium.io.js';
import type { LabelSelector } from '../src/model/cluster-spec.js';

export interface L2AnnouncementPolicyProps {
  /** Object name, a DNS-1123 subdomain. */
  readonly name: string;
  /** Whether Services' external IPs are announced. */
  readonly externalIPs: boolean;
  /** Whether Services' LoadBalancer IPs are announced. */
  readonly loadBalancerIPs: boolean;
  /**
   * Go (RE2) regexes of the interfaces to answer on.
   * @default - every interface Cilium manages
   */
  readonly interfaces?: readonly string[];
  /**
   * The nodes that may answer.
   * @default - every node
   */
  readonly nodeSelector?: LabelSelector;
  /**
   * The Services announced.
   * @default - every Service
   */
  readonly serviceSelector?: LabelSelector;
}

export class L2AnnouncementPolicy extends Construct {
  /** The policy object (`cilium.io/v2alpha1`, the only version upstream serves). */
  public readonly resource: CiliumL2AnnouncementPolicy;

  constructor(scope: Construct, id: string, props: L2AnnouncementPolicyProps) {
    super(scope, id);
    this.resource = new CiliumL2AnnouncementPolicy(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        // Both are false upstream when unset: written either way so the policy's intent is visible in review.
        externalIPs: props.externalIPs,
        loadBalancerIPs: props.loadBalancerIPs,
        ...(props.interfaces ? { interfaces: [...props.interfaces] } : {}),
        ...(props.nodeSelector ? { nodeSelector: props.nodeSelector as CiliumL2AnnouncementPolicySpecNodeSelector } : {}),
        ...(props.serviceSelector ? { serviceSelector: props.serviceSelector as CiliumL2AnnouncementPolicySpecServiceSelector } : {}),
      },
    });
  }
}
