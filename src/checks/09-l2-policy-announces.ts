/**
 * Check 9: each L2 announcement policy announces something: `loadBalancerIPs` or `externalIPs`.
 * Both default to false upstream, and Cilium accepts a policy with neither that announces nothing.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkL2PolicyAnnounces(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.l2Policies.filter((p) => !p.loadBalancerIPs && !p.externalIPs).map((policy) => error(
    at('loadBalancer', 'l2', 'policies', policy.index), `policy "${policy.name}" announces nothing: loadBalancerIPs and externalIPs are both false`,
    'Set loadBalancerIPs: true to announce pool addresses (and externalIPs: true for Services\' externalIPs).'));
}
