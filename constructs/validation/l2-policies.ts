/**
 * Checks 8 and 9: each L2 announcement policy can announce something. Its `interfaces` compile as
 * Go RE2, its nodeSelector picks at least one declared node, its regexes match an interface of
 * those nodes, and it announces LoadBalancer or external IPs (both default to false upstream).
 * Cilium accepts a policy failing any of these and silently answers no ARP/NDP request.
 */
import type { RE2JS } from 're2js';
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { nodesSelectedBy } from './l2-pools-on-node-subnets.js';
import { compileRe2, re2Matches } from './regex.js';
import { describeSelector } from './reservations.js';

export function validateL2Policies(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  cluster.l2Policies.forEach((policy, i) => {
    const path = fieldPath('loadBalancer', 'l2', 'policies', i);
    if (policy.loadBalancerIPs !== true && policy.externalIPs !== true) {
      out.push({
        severity: 'error', path, message: `policy "${policy.name}" announces nothing: loadBalancerIPs and externalIPs are both false`,
        fix: 'Set loadBalancerIPs: true to announce pool addresses (and externalIPs: true for Services\' externalIPs).',
      });
    }
    const compiled: RE2JS[] = [];
    (policy.interfaces ?? []).forEach((pattern, k) => {
      const result = compileRe2(pattern);
      if ('re' in result) { compiled.push(result.re); return; }
      out.push({
        severity: 'error', path: fieldPath('loadBalancer', 'l2', 'policies', i, 'interfaces', k),
        message: `${JSON.stringify(pattern)} is not a valid Go (RE2) regular expression: ${result.error}`,
        fix: 'Cilium compiles interfaces with Go\'s regexp: there are no lookarounds or backreferences; list alternatives instead, e.g. ^(eth|ens)[0-9]+$.',
      });
    });
    const nodes = nodesSelectedBy(cluster, policy);
    if (nodes.length === 0) {
      const labels = cluster.nodes.map((n) => `${n.name}: ${Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'}`).join('; ');
      out.push({
        severity: 'error', path: `${path}.nodeSelector`,
        message: `selects none of the nodes (${describeSelector(policy.nodeSelector)} vs ${labels})`,
        fix: 'Match the labels of at least one node (nodes[].labels, or kubernetes.io/hostname and node-role.kubernetes.io/control-plane, which k3s sets).',
      });
      return;
    }
    if (!policy.interfaces || policy.interfaces.length === 0 || compiled.length < policy.interfaces.length) return;
    if (nodes.some((n) => n.interfaces.some((iface) => compiled.some((re) => re2Matches(re, iface))))) return;
    const declared = nodes.map((n) => `${n.name}: ${n.interfaces.join(', ')}`).join('; ');
    out.push({
      severity: 'error', path: `${path}.interfaces`,
      message: `${policy.interfaces.map((p) => JSON.stringify(p)).join(', ')} match${policy.interfaces.length === 1 ? 'es' : ''} no interface of the selected nodes (${declared})`,
      fix: 'Cilium answers ARP/NDP only on matching interfaces: match the uplink, e.g. ^eth0$, or declare the node\'s interfaces in nodes[].interfaces.',
    });
  });
  return out;
}

