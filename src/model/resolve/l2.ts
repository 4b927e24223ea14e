/** L2 announcement policies: which nodes each one selects and on which of their interfaces it answers. */
import type { L2PolicySpec, LabelSelector } from '../cluster-spec.js';
import { CLUSTER_DEFAULTS } from '../defaults.js';
import { compileRe2, re2NameFilter } from '../regex.js';
import type { ResolvedL2Policy, ResolvedNode } from '../resolved.js';

export function resolveL2Policy(
  policy: L2PolicySpec, index: number, selectNodes: (selector: LabelSelector | undefined) => ResolvedNode[],
): ResolvedL2Policy {
  const interfacePatterns = (policy.interfaces ?? []).map(compileRe2);
  const nodes = selectNodes(policy.nodeSelector);
  const announces = re2NameFilter(interfacePatterns);
  const announcers = nodes
    .map((node) => ({ node, interfaces: policy.interfaces?.length ? node.interfaces.filter(announces) : node.interfaces }))
    .filter((a) => a.interfaces.length > 0);
  return {
    spec: policy,
    index,
    name: policy.name,
    interfaces: policy.interfaces,
    interfacePatterns,
    externalIPs: policy.externalIPs ?? CLUSTER_DEFAULTS['loadBalancer.l2.policies[].externalIPs'],
    loadBalancerIPs: policy.loadBalancerIPs ?? CLUSTER_DEFAULTS['loadBalancer.l2.policies[].loadBalancerIPs'],
    nodeSelector: policy.nodeSelector,
    serviceSelector: policy.serviceSelector,
    nodes,
    announcers,
  };
}
