/**
 * PLAN.md's list of addresses no pool may use: reserved ranges, node addresses (internal and external), the edges of
 * L2-announcing subnets, the API VIP, BGP peers, pod and Service CIDRs.
 */
import { formatIp, formatRange, parseIp } from '../model/ip.js';
import { isLoopback } from '../model/k3s.js';
import type { ResolvedCluster, Subnet } from '../model/resolved.js';
import { markdownTable } from '../text/markdown.js';

/** The addresses of each L2-announcing subnet no Service can use: IPv4 network and broadcast, the IPv6 Subnet-Router anycast address. */
function l2SubnetEdges(cluster: ResolvedCluster): string[][] {
  const subnets = new Map<string, Subnet>();
  for (const node of cluster.l2Policies.flatMap((p) => p.nodes)) {
    for (const a of node.addresses) {
      if (a.subnet && a.subnet.last - a.subnet.first >= (a.subnet.family === 4 ? 3n : 1n)) subnets.set(a.subnet.canonical, a.subnet);
    }
  }
  return [...subnets.values()].map((s) => s.family === 4
    ? [`subnet ${s.canonical}: network and broadcast`, `${formatIp(4, s.first)}, ${formatIp(4, s.last)}`]
    : [`subnet ${s.canonical}: Subnet-Router anycast`, formatIp(6, s.first)]);
}

export function keptOutSection(cluster: ResolvedCluster): string {
  const { apiHost } = cluster.k3s;
  const apiIsVip = parseIp(apiHost) && !cluster.nodes.some((n) => n.addresses.some((a) => a.ip === apiHost)) && !isLoopback(apiHost);
  const rows: string[][] = [
    ...cluster.reserved.map((r) => [`reserved: ${r.name}`, r.range ? (r.spec.cidr ?? formatRange(r.range)) : String(r.spec.cidr ?? r.spec.start)]),
    ...cluster.nodes.map((n) => [`node ${n.name}`, n.addresses.map((a) => a.ip).join(', ')]),
    ...cluster.nodes.filter((n) => n.externalIps.length > 0).map((n) => [`node ${n.name} (external)`, n.externalIps.join(', ')]),
    ...l2SubnetEdges(cluster),
    ...(apiIsVip ? [['API server VIP', apiHost]] : []),
    // The BGP peer check refuses a pool holding a router's address, so routers are kept out too.
    ...(cluster.bgp?.peers ?? []).map((p) => [`BGP peer ${p.name} (AS ${p.asn})`, p.address]),
    ...cluster.k3s.clusterCidrs.map((c) => ['pod CIDR (k3s cluster-cidr)', c]),
    ...cluster.k3s.serviceCidrs.map((c) => ['Service CIDR (k3s service-cidr)', c]),
  ];
  return ['## Kept out of the pools', '', markdownTable(['what', 'addresses'], rows)].join('\n');
}
