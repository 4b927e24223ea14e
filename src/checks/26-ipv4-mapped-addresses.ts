/**
 * Check 26: no IPv4-mapped IPv6 address (`::ffff:192.168.1.10`, `::ffff:c0a8:10a`) anywhere an
 * address is written. It is an IPv4 address in the form IPv6 sockets see it, not an IPv6 address:
 * Go (Cilium, k3s) reads it as the IPv4 address, while a reader, and the family checks here, take
 * it for IPv6. Written as IPv4, every check sees what upstream will use.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatIp, parseIp } from '../model/ip.js';
import { commaList } from '../model/resolve/blocks.js';
import type { ResolvedCluster } from '../model/resolved.js';

const MAPPED = 0xffffn << 32n;

/** The IPv4 text an IPv4-mapped address or CIDR stands for, or undefined when it is not one. */
export function unmappedIpv4(text: string): string | undefined {
  const [address, prefix] = text.split('/');
  const ip = parseIp(address);
  if (ip?.family !== 6 || ip.value >> 32n !== 0xffffn) return undefined;
  const v4 = formatIp(4, ip.value - MAPPED);
  if (prefix === undefined) return v4;
  return Number(prefix) >= 96 ? `${v4}/${Number(prefix) - 96}` : undefined;
}

export function checkIpv4MappedAddresses(cluster: ResolvedCluster): Diagnostic[] {
  const spec = cluster.spec;
  const fields: [string, string | undefined][] = [
    [at('k3s', 'clusterCidr'), spec.k3s.clusterCidr], [at('k3s', 'serviceCidr'), spec.k3s.serviceCidr],
    [at('k3s', 'apiServer', 'host'), spec.k3s.apiServer.host],
    [at('cilium', 'ipv4NativeRoutingCIDR'), spec.cilium.ipv4NativeRoutingCIDR], [at('cilium', 'ipv6NativeRoutingCIDR'), spec.cilium.ipv6NativeRoutingCIDR],
    ...(spec.k3s.tlsSan ?? []).map((s, i): [string, string] => [at('k3s', 'tlsSan', i), s]),
  ];
  for (const node of cluster.nodes) {
    fields.push([at('nodes', node.index, 'address'), node.spec.address], [at('nodes', node.index, 'externalAddress'), node.spec.externalAddress]);
    fields.push([at('nodes', node.index, 'bgp', 'routerID'), node.bgp?.routerID]);
    (node.bgp?.localAddresses ?? []).forEach((a, j) => fields.push([at('nodes', node.index, 'bgp', 'localAddresses', j), a]));
  }
  for (const pool of cluster.pools) {
    for (const b of pool.blocks) {
      for (const key of ['cidr', 'start', 'stop'] as const) fields.push([at('loadBalancer', 'pools', pool.index, 'blocks', b.index, key), b.spec[key]]);
    }
  }
  for (const r of cluster.reserved) {
    for (const key of ['cidr', 'start', 'stop'] as const) fields.push([at('loadBalancer', 'reserved', r.index, key), r.spec[key]]);
  }
  for (const r of cluster.reservations) fields.push([at('loadBalancer', 'reservations', r.index, 'ip'), r.ip]);
  for (const p of cluster.bgp?.peers ?? []) fields.push([at('loadBalancer', 'bgp', 'peers', p.index, 'address'), p.address]);

  return fields.flatMap(([path, value]) => (typeof value !== 'string' ? [] : commaList(value).flatMap((text) => {
    const v4 = unmappedIpv4(text);
    return v4 === undefined ? [] : [error(path,
      `${text} is an IPv4-mapped IPv6 address: the IPv4 address ${v4.split('/')[0]} as IPv6 sockets see it, not an IPv6 address of its own; `
      + 'Cilium and k3s read it as IPv4', `Write ${v4}.`)];
  })));
}
