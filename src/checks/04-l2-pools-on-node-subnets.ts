/**
 * Check 4: a pool announced over L2 lies inside the subnet of a node that announces it. ARP/NDP
 * replies only reach the node's own segment; Cilium accepts any pool and answers for it anyway,
 * so an off-subnet pool allocates addresses nobody can reach. Pools not served by an L2 policy
 * (`l2: false`, e.g. BGP-advertised ones) are exempt. Nor may an L2 pool hand out the network or
 * broadcast address of the node subnet it lies in (IPv4, /30 and larger) or the subnet's first
 * address (IPv6, the Subnet-Router anycast address): clients on the segment treat them as the
 * subnet itself, so a Service given one is unreachable.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatIp, formatRange, rangeContains } from '../model/ip.js';
import { handedOutRange } from '../model/resolve/blocks.js';
import type { ResolvedCluster, ResolvedL2Policy, Subnet } from '../model/resolved.js';
import type { IpRange } from '../model/ip.js';

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

/** The addresses of a node subnet no host may use: IPv4 network and broadcast (subnets of 4+), the IPv6 Subnet-Router anycast address. */
function subnetEdgeDiagnostics(path: string, range: IpRange, handedOut: IpRange, { name, subnet }: AnnouncingSubnet): Diagnostic[] {
  const size = subnet.last - subnet.first + 1n;
  const edges = subnet.family === 4
    ? (size >= 4n ? [[subnet.first, 'network'], [subnet.last, 'broadcast']] as const : [])
    : (size >= 2n ? [[subnet.first, 'Subnet-Router anycast'] as const] : []);
  return edges.filter(([ip]) => handedOut.first <= ip && ip <= handedOut.last).map(([ip, what]) => error(path,
    `${formatRange(range)} includes ${formatIp(subnet.family, ip)}, the ${what} address of node ${name}'s subnet ${subnet.canonical}: `
    + 'hosts on the segment treat it as the subnet itself, so a Service given it is unreachable',
    'Leave it out with start/stop blocks, e.g. from the second to the second-to-last address of the range.'));
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
      const home = subnets.find((n) => rangeContains(n.subnet, range));
      if (home) {
        const handedOut = handedOutRange(block, range, pool.allowFirstLastIPs);
        out.push(...subnetEdgeDiagnostics(at('loadBalancer', 'pools', pool.index, 'blocks', block.index), range, handedOut, home));
        continue;
      }
      const where = subnets.filter((n) => n.subnet.family === range.family)
        .map((n) => `${n.name}: ${n.subnet.canonical}`).join(', ') || `none of them has an IPv${range.family} address`;
      out.push(error(at('loadBalancer', 'pools', pool.index, 'blocks', block.index),
        `${formatRange(range)} is announced over L2 by ${policyNames} but lies outside the subnet of every node announcing it (${where})`,
        'ARP/NDP replies only reach the nodes\' own segment: take the addresses from that subnet, or announce the pool over BGP.'));
    }
  }
  return out;
}
