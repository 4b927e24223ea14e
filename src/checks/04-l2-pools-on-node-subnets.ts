/**
 * Check 4: a pool announced over L2 lies inside the subnet of a node that announces it. ARP/NDP
 * replies only reach the node's own segment; Cilium accepts any pool and answers for it anyway,
 * so an off-subnet pool allocates addresses nobody can reach. Pools not served by an L2 policy
 * (`l2: false`, e.g. BGP-advertised ones) are exempt.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatRange, rangeContains } from '../model/ip.js';
import type { ResolvedCluster, ResolvedL2Policy, Subnet } from '../model/resolved.js';

/** A node subnet L2 replies reach, with the first node on it (for messages). */
type AnnouncingSubnet = { name: string; subnet: Subnet };

/** The distinct subnets of the nodes some of `policies` select, first node per subnet. */
function announcingSubnets(policies: readonly ResolvedL2Policy[]): AnnouncingSubnet[] {
  const nodes = [...new Set(policies.flatMap((p) => p.nodes))];
  const bySubnet = new Map<string, AnnouncingSubnet>();
  for (const n of nodes) {
    for (const a of n.addresses) if (a.subnet && !bySubnet.has(a.subnet.canonical)) bySubnet.set(a.subnet.canonical, { name: n.name, subnet: a.subnet });
  }
  return [...bySubnet.values()];
}

export function checkL2PoolsOnNodeSubnets(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Thousands of pools share a few sets of serving policies: their subnets are collected once per set.
  const subnetsOf = new Map<string, AnnouncingSubnet[]>();
  for (const pool of cluster.pools) {
    if (!pool.l2) continue;
    const policies = pool.servingPolicies;
    // A policy that selects no node is reported by the L2 policy check.
    if (!policies.some((p) => p.nodes.length > 0)) continue;
    const key = policies.map((p) => p.index).join(',');
    let subnets = subnetsOf.get(key);
    if (!subnets) subnetsOf.set(key, (subnets = announcingSubnets(policies)));
    const policyNames = policies.map((p) => `"${p.name}"`).join(', ');
    for (const block of pool.blocks) {
      const range = block.range;
      if (!range) continue;
      // IPv6 L2 pools on a release without NDP are reported by the dual-stack check.
      if (range.family === 6 && !cluster.cilium.caps.l2AnnouncementsIpv6) continue;
      if (subnets.some((n) => rangeContains(n.subnet, range))) continue;
      const where = subnets.filter((n) => n.subnet.family === range.family)
        .map((n) => `${n.name}: ${n.subnet.canonical}`).join(', ') || `none of them has an IPv${range.family} address`;
      out.push(error(at('loadBalancer', 'pools', pool.index, 'blocks', block.index),
        `${formatRange(range)} is announced over L2 by ${policyNames} but lies outside the subnet of every node announcing it (${where})`,
        'ARP/NDP replies only reach the nodes\' own segment: take the addresses from that subnet, or announce the pool over BGP.'));
    }
  }
  return out;
}
