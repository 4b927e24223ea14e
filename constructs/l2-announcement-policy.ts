/** A CiliumL2AnnouncementPolicy: which nodes answer ARP/NDP for which Service IPs, on which interfaces. */
import { Construct } from 'constructs';
import {
  CiliumL2AnnouncementPolicy, CiliumL2AnnouncementPolicySpecNodeSelector, CiliumL2AnnouncementPolicySpecServiceSelector,
} from '../imports/cilium-l2-announcement-cilium.io.js';
import type { L2PolicySpec } from './cluster-spec.js';

export interface L2AnnouncementPolicyProps {
  /** The policy as written in the cluster file. */
  readonly policy: L2PolicySpec;
}

export class L2AnnouncementPolicy extends Construct {
  /** The policy object (`cilium.io/v2alpha1`, the only version upstream serves). */
  public readonly resource: CiliumL2AnnouncementPolicy;

  constructor(scope: Construct, id: string, props: L2AnnouncementPolicyProps) {
    super(scope, id);
    const { policy } = props;
    this.resource = new CiliumL2AnnouncementPolicy(this, 'Resource', {
      metadata: { name: policy.name },
      spec: {
        // Both default to false upstream: write them so the policy's intent is visible in review.
        externalIPs: policy.externalIPs ?? false,
        loadBalancerIPs: policy.loadBalancerIPs ?? false,
        ...(policy.interfaces ? { interfaces: policy.interfaces } : {}),
        ...(policy.nodeSelector ? { nodeSelector: policy.nodeSelector as CiliumL2AnnouncementPolicySpecNodeSelector } : {}),
        ...(policy.serviceSelector ? { serviceSelector: policy.serviceSelector as CiliumL2AnnouncementPolicySpecServiceSelector } : {}),
      },
    });
  }
}
