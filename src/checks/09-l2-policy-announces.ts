/**
 * Check 9: each L2 announcement policy announces something: `loadBalancerIPs` or `externalIPs`.
 * Both default to false upstream, and Cilium accepts a policy with neither that announces nothing.
 */
import { at, Diagnostic } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { policyAnnouncesDiagnostics } from './fields.js';

export function checkL2PolicyAnnounces(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.l2Policies.flatMap((policy) => policyAnnouncesDiagnostics(at('loadBalancer', 'l2', 'policies', policy.index), policy));
}
