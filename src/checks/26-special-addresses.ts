/**
 * Check 26: special addresses. No IPv4-mapped IPv6 address (`::ffff:192.168.1.10`, `::ffff:c0a8:10a`)
 * anywhere an address is written: it is an IPv4 address in the form IPv6 sockets see it, which Go
 * (Cilium, k3s) reads as IPv4 while a reader, and the family checks here, take it for IPv6. And no
 * special-purpose block (src/model/special-addresses.ts) where it cannot work: in a pool or a
 * pinned IP (no client reaches a loopback, link-local, multicast or reserved LoadBalancer IP), as a
 * node address (the kubelet refuses unspecified, loopback, link-local and multicast node IPs), as a
 * BGP peer or router ID, the API host (loopback is k3s's own load balancer, the rest is nothing),
 * or in the pod and Service CIDRs.
 */
import type { ClusterSpec } from '../model/cluster-spec.js';
import { at, Diagnostic, error, type PathSegments } from '../model/diagnostics.js';
import { formatIp, formatRange, IpRange, parseCidr, parseIp } from '../model/ip.js';
import { commaList } from '../model/resolve/blocks.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { SpecialBlock, specialBlock } from '../model/special-addresses.js';

const MAPPED = 0xffffn << 32n;

/** The IPv4 text an IPv4-mapped address or CIDR stands for, or undefined when it is not one. */
export function unmappedIpv4(text: string): string | undefined {
  // Most addresses are IPv4: no colon, nothing to parse.
  if (!text.includes(':')) return undefined;
  const [address, prefix] = text.split('/');
  const ip = parseIp(address);
  if (ip?.family !== 6 || ip.value >> 32n !== 0xffffn) return undefined;
  const v4 = formatIp(4, ip.value - MAPPED);
  if (prefix === undefined) return v4;
  return Number(prefix) >= 96 ? `${v4}/${Number(prefix) - 96}` : undefined;
}

/** What a special address is where it may not be, and why that breaks. */
function specialDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const single = (text: string | undefined): IpRange | undefined => {
    const ip = text === undefined ? undefined : parseIp(text);
    return ip && { family: ip.family, first: ip.value, last: ip.value };
  };
  // The field path as segments, made into text only for a finding (a large cluster has thousands of addresses and none special).
  const report = (segments: PathSegments<ClusterSpec>, range: IpRange | undefined, why: string, fix: string, kinds?: SpecialBlock['kind'][]) => {
    // An IPv4-mapped address is mappedDiagnostics' finding.
    const mapped = range?.family === 6 && range.first >> 32n === 0xffffn;
    const special = range && !mapped ? specialBlock(range, kinds) : undefined;
    if (!special) return;
    const inside = special.first <= range!.first && range!.last <= special.last;
    out.push(error(at(...segments), `${formatRange(range!)} ${inside ? 'is in' : 'includes addresses of'} the ${special.name} block: ${why}`, fix));
  };
  for (const pool of cluster.pools) {
    for (const b of pool.blocks) {
      report(['loadBalancer', 'pools', pool.index, 'blocks', b.index], b.range, 'no client can reach a LoadBalancer IP there',
        'Take the pool from the nodes\' segment (L2) or from a routed range (BGP).');
    }
  }
  for (const r of cluster.reservations) {
    if (r.pools.length > 0) continue;
    report(['loadBalancer', 'reservations', r.index, 'ip'], single(r.ip), 'no client can reach a LoadBalancer IP there', 'Pin an address of a pool.');
  }
  const kubelet: SpecialBlock['kind'][] = ['unspecified', 'loopback', 'link-local', 'multicast'];
  for (const node of cluster.nodes) {
    for (const a of node.addresses) {
      report(['nodes', node.index, 'address'], single(a.ip), 'the kubelet refuses it as a node IP, so k3s does not start',
        'Write the address the node has on its LAN.', kubelet);
    }
    for (const ip of node.externalIps) {
      report(['nodes', node.index, 'externalAddress'], single(ip), 'the kubelet refuses it as a node address', 'Write the node\'s public address.', kubelet);
    }
    report(['nodes', node.index, 'bgp', 'routerID'], single(node.bgp?.routerID), 'a BGP router ID must be a non-zero unicast address',
      'Use an IPv4 address unique among the speakers, e.g. the node\'s loopback address 10.255.0.x.', ['unspecified', 'multicast', 'reserved']);
  }
  cluster.bgp?.peers.forEach((peer) => report(['loadBalancer', 'bgp', 'peers', peer.index, 'address'], single(peer.address),
    'no BGP session can be opened to it', 'Use the router\'s unicast address on the nodes\' network.'));
  report(['k3s', 'apiServer', 'host'], single(cluster.k3s.apiHost), 'nothing serves the API there', 'Use a server\'s IP, a VIP, a DNS name or 127.0.0.1.',
    ['unspecified', 'link-local', 'multicast', 'reserved']);
  for (const [field, cidrs] of [['clusterCidr', cluster.k3s.clusterCidrs], ['serviceCidr', cluster.k3s.serviceCidrs]] as const) {
    for (const text of cidrs) {
      report(['k3s', field], parseCidr(text), 'the kernel never routes those addresses to pods or Services',
        'Use a private range, e.g. 10.42.0.0/16 for pods and 10.43.0.0/16 for Services (fd00::/8 for IPv6).');
    }
  }
  return out;
}

export function checkSpecialAddresses(cluster: ResolvedCluster): Diagnostic[] {
  return [...mappedDiagnostics(cluster), ...specialDiagnostics(cluster)];
}

function mappedDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const spec = cluster.spec;
  // Paths as segments, made into text only for a finding: a large cluster has thousands of fields and none mapped.
  const fields: [PathSegments<ClusterSpec>, string | undefined][] = [
    [['k3s', 'clusterCidr'], spec.k3s.clusterCidr], [['k3s', 'serviceCidr'], spec.k3s.serviceCidr],
    [['k3s', 'apiServer', 'host'], spec.k3s.apiServer.host],
    [['cilium', 'ipv4NativeRoutingCIDR'], spec.cilium.ipv4NativeRoutingCIDR], [['cilium', 'ipv6NativeRoutingCIDR'], spec.cilium.ipv6NativeRoutingCIDR],
    ...cluster.k3s.tlsSanAsWritten.map((s, i): [PathSegments<ClusterSpec>, string] => [['k3s', 'tlsSan', i], s]),
  ];
  for (const node of cluster.nodes) {
    fields.push([['nodes', node.index, 'address'], node.spec.address], [['nodes', node.index, 'externalAddress'], node.spec.externalAddress]);
    fields.push([['nodes', node.index, 'bgp', 'routerID'], node.bgp?.routerID]);
    node.bgp?.localAddresses.forEach((a, j) => fields.push([['nodes', node.index, 'bgp', 'localAddresses', j], a]));
  }
  for (const pool of cluster.pools) {
    for (const b of pool.blocks) {
      for (const key of ['cidr', 'start', 'stop'] as const) fields.push([['loadBalancer', 'pools', pool.index, 'blocks', b.index, key], b.spec[key]]);
    }
  }
  for (const r of cluster.reserved) {
    for (const key of ['cidr', 'start', 'stop'] as const) fields.push([['loadBalancer', 'reserved', r.index, key], r.spec[key]]);
  }
  for (const r of cluster.reservations) fields.push([['loadBalancer', 'reservations', r.index, 'ip'], r.ip]);
  cluster.bgp?.peers.forEach((p) => fields.push([['loadBalancer', 'bgp', 'peers', p.index, 'address'], p.address]));

  return fields.flatMap(([segments, value]) => (typeof value !== 'string' ? [] : commaList(value).flatMap((text) => {
    const v4 = unmappedIpv4(text);
    return v4 === undefined ? [] : [error(at(...segments),
      `${text} is an IPv4-mapped IPv6 address: the IPv4 address ${v4.split('/')[0]} as IPv6 sockets see it, not an IPv6 address of its own; `
      + 'Cilium and k3s read it as IPv4', `Write ${v4}.`)];
  })));
}
