/** PLAN.md's list of addresses no pool may use: reserved ranges, node addresses, the API VIP, BGP peers, pod and Service CIDRs. */
import { formatRange, parseIp } from '../model/ip.js';
import { isLoopback } from '../model/k3s.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { markdownTable } from '../text/markdown.js';

export function keptOutSection(cluster: ResolvedCluster): string {
  const { apiHost } = cluster.k3s;
  const apiIsVip = parseIp(apiHost) && !cluster.nodes.some((n) => n.addresses.some((a) => a.ip === apiHost)) && !isLoopback(apiHost);
  const rows: string[][] = [
    ...cluster.reserved.map((r) => [`reserved: ${r.name}`, r.range ? (r.spec.cidr ?? formatRange(r.range)) : String(r.spec.cidr ?? r.spec.start)]),
    ...cluster.nodes.map((n) => [`node ${n.name}`, n.addresses.map((a) => a.ip).join(', ')]),
    ...(apiIsVip ? [['API server VIP', apiHost]] : []),
    // The BGP peer check refuses a pool holding a router's address, so routers are kept out too.
    ...(cluster.bgp?.peers ?? []).map((p) => [`BGP peer ${p.name} (AS ${p.asn})`, p.address]),
    ...cluster.k3s.clusterCidrs.map((c) => ['pod CIDR (k3s cluster-cidr)', c]),
    ...cluster.k3s.serviceCidrs.map((c) => ['Service CIDR (k3s service-cidr)', c]),
  ];
  return ['## Kept out of the pools', '', markdownTable(['what', 'addresses'], rows)].join('\n');
}
