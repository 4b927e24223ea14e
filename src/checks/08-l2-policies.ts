/**
 * Check 8: each L2 announcement policy has nodes to announce from. Its `interfaces` compile as Go
 * RE2, its nodeSelector picks at least one declared node (by the labels nodes carry once
 * registered, k3s's own included), and its regexes match an interface of those nodes. Cilium
 * accepts a policy failing any of these and silently answers no ARP/NDP request.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import type { ResolvedCluster, ResolvedL2Policy } from '../model/resolved.js';
import { describeSelector } from '../model/selectors.js';
import { l2InterfacePatternDiagnostics } from './fields.js';

function policyDiagnostics(cluster: ResolvedCluster, policy: ResolvedL2Policy): Diagnostic[] {
  const out: Diagnostic[] = [];
  policy.interfacePatterns.forEach((compiled, k) => {
    out.push(...l2InterfacePatternDiagnostics(at('loadBalancer', 'l2', 'policies', policy.index, 'interfaces', k), policy.spec.interfaces![k], compiled));
  });
  if (policy.nodes.length === 0) {
    const labels = cluster.nodes.map((n) => `${n.name}: ${Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'}`).join('; ');
    out.push(error(at('loadBalancer', 'l2', 'policies', policy.index, 'nodeSelector'),
      `selects none of the nodes (${describeSelector(policy.nodeSelector, 'every node')} vs ${labels})`,
      'Match the labels of at least one node (nodes[].labels, or kubernetes.io/hostname and node-role.kubernetes.io/control-plane, which k3s sets).'));
    return out;
  }
  const patterns = policy.interfaces ?? [];
  // Only a full set of valid patterns tells whether some interface matches.
  if (patterns.length === 0 || out.length > 0 || policy.announcers.length > 0) return out;
  const declared = policy.nodes.map((n) => `${n.name}: ${n.interfaces.join(', ')}`).join('; ');
  out.push(error(at('loadBalancer', 'l2', 'policies', policy.index, 'interfaces'),
    `${patterns.map((p) => JSON.stringify(p)).join(', ')} match${patterns.length === 1 ? 'es' : ''} no interface of the selected nodes (${declared})`,
    'Cilium answers ARP/NDP only on matching interfaces: match the uplink, e.g. ^eth0$, or declare the node\'s interfaces in nodes[].interfaces.'));
  return out;
}

export function checkL2Policies(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.l2Policies.flatMap((policy) => policyDiagnostics(cluster, policy));
}
