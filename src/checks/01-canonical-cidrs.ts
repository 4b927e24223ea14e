/**
 * Check 1: every CIDR parses and has no host bits set. Cilium and k3s silently mask a CIDR such
 * as 192.168.1.100/28 to 192.168.1.96/28, so the addresses the author meant are not the ones used.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { parseCidr } from '../model/ip.js';
import { commaList } from '../model/resolve/blocks.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { blockCidrDiagnostics, canonicalCidrDiagnostics } from './fields.js';

export function checkCanonicalCidrs(cluster: ResolvedCluster): Diagnostic[] {
  const spec = cluster.spec;
  const out: Diagnostic[] = [];
  for (const field of ['clusterCidr', 'serviceCidr'] as const) {
    for (const cidr of commaList(spec.k3s[field])) out.push(...canonicalCidrDiagnostics(at('k3s', field), cidr));
  }
  if (spec.cilium.ipv4NativeRoutingCIDR !== undefined) out.push(...canonicalCidrDiagnostics(at('cilium', 'ipv4NativeRoutingCIDR'), spec.cilium.ipv4NativeRoutingCIDR));
  for (const node of cluster.nodes) {
    // A node address carries the host on purpose (192.168.1.10/24): only its syntax is checked.
    for (const address of commaList(String(node.spec.address))) {
      if (parseCidr(address)) continue;
      out.push(error(at('nodes', node.index, 'address'), `${JSON.stringify(address)} is not an address with a prefix length`,
        'Write the node IP with the prefix length of its L2 subnet, e.g. 192.168.1.10/24 (dual-stack: 192.168.1.10/24,fd00:1::10/64): '
        + 'the checks use the subnet to know which addresses ARP/NDP reaches.'));
    }
  }
  for (const pool of cluster.pools) {
    for (const block of pool.blocks) {
      if (block.cidr !== undefined) out.push(...blockCidrDiagnostics(at('loadBalancer', 'pools', pool.index, 'blocks', block.index, 'cidr'), block.cidr));
    }
  }
  for (const r of cluster.reserved) {
    if (r.spec.cidr !== undefined) out.push(...blockCidrDiagnostics(at('loadBalancer', 'reserved', r.index, 'cidr'), r.spec.cidr));
  }
  return out;
}
