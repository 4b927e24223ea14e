/**
 * Check 9: each L2 announcement policy announces something: `loadBalancerIPs` or `externalIPs`.
 * Both default to false upstream, and Cilium accepts a policy with neither that announces nothing.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

/** The finding of a policy that announces nothing (`path` is the policy's own path); none when it announces something. */
export function policyAnnouncesDiagnostics(path: string, policy: { name: string; loadBalancerIPs: boolean; externalIPs: boolean }): Diagnostic[] {
  if (policy.loadBalancerIPs || policy.externalIPs) return [];
  return [error(path, `policy "${policy.name}" announces nothing: loadBalancerIPs and externalIPs are both false`,
    'Set loadBalancerIPs: true to announce pool addresses (and externalIPs: true for Services\' externalIPs).')];
}

export function checkL2PolicyAnnounces(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.l2Policies.flatMap((policy) => policyAnnouncesDiagnostics(at('loadBalancer', 'l2', 'policies', policy.index), policy));
}
