/**
 * A CiliumL2AnnouncementPolicy: which nodes answer ARP/NDP for which Service IPs, on which
 * interfaces. Used alone, it checks its props as a cluster file's policy is checked: its name,
 * one policy per name in its chart, interfaces that compile as Go RE2, and that it announces something.
 */
import { Construct } from 'constructs';
import {
  CiliumL2AnnouncementPolicy, CiliumL2AnnouncementPolicySpecNodeSelector, CiliumL2AnnouncementPolicySpecServiceSelector,
} from '../imports/cilium-l2-announcement-cilium.io.js';
import {
  duplicateNameDiagnostic, l2InterfacePatternDiagnostics, policyAnnouncesDiagnostics, subdomainNameDiagnostics,
} from '../src/checks/fields.js';
import type { LabelSelector } from '../src/model/cluster-spec.js';
import { fieldPath, type Diagnostic } from '../src/model/diagnostics.js';
import { compileRe2 } from '../src/model/regex.js';
import { firstOfName, validateProps } from './prop-checks.js';

export interface L2AnnouncementPolicyProps {
  /** Object name, a DNS-1123 subdomain, unique among the policies of the chart. */
  readonly name: string;
  /** Whether Services' external IPs are announced (this or `loadBalancerIPs` must be true). */
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

/** The findings of a policy's own props, in the cluster checks' words; `first` is who took the name first. */
function policyPropsDiagnostics(props: L2AnnouncementPolicyProps, self: Construct, first: Construct): Diagnostic[] {
  const out = subdomainNameDiagnostics('name', 'policy', props.name);
  if (first !== self) out.push(duplicateNameDiagnostic('name', 'policy', props.name, `${first.node.path} in the same chart`));
  // Stryker disable next-line ArrayDeclaration: the mutant's one pattern ("Stryker was here") is valid RE2: no finding, as for no pattern
  (props.interfaces ?? []).forEach((pattern, i) => out.push(...l2InterfacePatternDiagnostics(fieldPath('interfaces', i), pattern, compileRe2(pattern))));
  out.push(...policyAnnouncesDiagnostics('', props));
  return out;
}

/**
 * A `cilium.io/v2alpha1` CiliumL2AnnouncementPolicy. Used alone, its props are checked at synth
 * with the cluster checks' messages: the name, one policy per name in the chart, `interfaces` that
 * Go's regexp compiles, and `loadBalancerIPs` or `externalIPs` set.
 */
export class L2AnnouncementPolicy extends Construct {
  /** The policy object (`cilium.io/v2alpha1`, the only version upstream serves). */
  public readonly resource: CiliumL2AnnouncementPolicy;

  constructor(scope: Construct, id: string, props: L2AnnouncementPolicyProps) {
    super(scope, id);
    validateProps(this, () => policyPropsDiagnostics(props, this, firstOfName(this, (p) => p.resource.name)));
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
