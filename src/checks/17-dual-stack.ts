/**
 * Check 17: dual-stack. `v4,v6` values well formed and consistent (pod and Service CIDRs of the
 * same families in the same order, every node with an address of each), IPv4 always present, IPv6
 * pools only on a dual-stack cluster, and IPv6 L2 announcements only where Cilium answers NDP.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { IpFamily, parseCidr, parseIp } from '../model/ip.js';
import { isLoopback } from '../model/k3s.js';
import type { ResolvedCluster } from '../model/resolved.js';

const name = (f: IpFamily) => `IPv${f}`;

/** Families of a `v4,v6` list, or the diagnostic saying why it is not one. */
function familiesOf(
  entries: readonly string[], path: string, what: string, parse: (s: string) => IpFamily | undefined, out: Diagnostic[],
): IpFamily[] | undefined {
  if (entries.length < 2) return entries.map(parse).filter((f): f is IpFamily => f !== undefined);
  const families = entries.map(parse);
  const bad = entries.findIndex((_, i) => families[i] === undefined);
  if (bad >= 0) {
    out.push(error(path, `"${entries[bad]}" is not ${what}`, `Write ${what}, or an IPv4 and an IPv6 one separated by a comma.`));
    return undefined;
  }
  if (entries.length > 2 || families[0] === families[1]) {
    const found = families.map((f) => name(f as IpFamily)).join(', ');
    out.push(error(path, `holds ${entries.length} entries of families ${found}; dual-stack is exactly one IPv4 and one IPv6 entry`,
      'Write `<IPv4>,<IPv6>` (or `<IPv6>,<IPv4>` for IPv6-primary).'));
    return undefined;
  }
  return families as IpFamily[];
}

const cidrFamily = (s: string) => parseCidr(s)?.family;
const ipFamily = (s: string) => parseIp(s)?.family;

export function checkDualStack(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const clusterFamilies = familiesOf(cluster.k3s.clusterCidrs, at('k3s', 'clusterCidr'), 'a CIDR', cidrFamily, out);
  const serviceFamilies = familiesOf(cluster.k3s.serviceCidrs, at('k3s', 'serviceCidr'), 'a CIDR', cidrFamily, out);
  if (clusterFamilies?.length && !clusterFamilies.includes(4)) {
    out.push(error(at('k3s', 'clusterCidr'), 'IPv6-only clusters are not supported: Cilium\'s native routing and the L2 checks here need an IPv4 pod CIDR',
      'Add an IPv4 CIDR: `10.42.0.0/16,<IPv6 CIDR>`.'));
  }
  if (clusterFamilies?.length && serviceFamilies?.length && clusterFamilies.join() !== serviceFamilies.join()) {
    out.push(error(at('k3s', 'serviceCidr'),
      `families ${serviceFamilies.map(name).join(',')} differ from k3s.clusterCidr's ${clusterFamilies.map(name).join(',')}; `
      + 'Kubernetes needs the same families, primary first, for pods and Services',
      `Write the service CIDRs in the order ${clusterFamilies.map(name).join(',')}.`));
  }
  const families = clusterFamilies ?? [];
  for (const node of cluster.nodes) {
    const path = at('nodes', node.index, 'address');
    const nodeFamilies = familiesOf(node.addresses.map((a) => a.ip), path, 'an address with prefix length', ipFamily, out);
    if (nodeFamilies && families.length === 2 && nodeFamilies.join() !== families.join()) {
      const has = nodeFamilies.length === 1 ? `only an ${name(nodeFamilies[0])} address` : `addresses in the order ${nodeFamilies.map(name).join(',')}`;
      out.push(error(path,
        `node "${node.name}" has ${has} but the cluster is dual-stack ${families.map(name).join(',')}; `
        + 'the kubelet\'s node-ip needs one address of each family, in that order',
        `Write \`<${name(families[0])}>/<len>,<${name(families[1])}>/<len>\`.`));
    }
    if (nodeFamilies && families.length === 1 && nodeFamilies.length === 2) {
      out.push(error(path, `node "${node.name}" has two addresses but k3s.clusterCidr is single-stack`,
        'Add the IPv6 CIDRs to k3s.clusterCidr and k3s.serviceCidr, or keep one address.'));
    }
    if (node.externalIps.length > 0) familiesOf(node.externalIps, at('nodes', node.index, 'externalAddress'), 'an IP address', ipFamily, out);
  }
  if (!cluster.dualStack && cluster.spec.cilium.ipv6NativeRoutingCIDR !== undefined) {
    out.push(error(at('cilium', 'ipv6NativeRoutingCIDR'), 'is set but the cluster has no IPv6 (k3s.clusterCidr holds no IPv6 CIDR)',
      'Remove it, or make the cluster dual-stack.'));
  }
  if (isLoopback(cluster.k3s.apiHost) && families[0] === 6 && parseIp(cluster.k3s.apiHost)?.family !== 6) {
    out.push(error(at('k3s', 'apiServer', 'host'), 'with an IPv6 primary service CIDR, k3s\'s local API load balancer listens on [::1], not 127.0.0.1',
      'Use host ::1.'));
  }
  for (const pool of cluster.pools) {
    const v6 = pool.blocks.find((b) => b.range?.family === 6);
    if (!v6) continue;
    const path = at('loadBalancer', 'pools', pool.index, 'blocks', v6.index);
    if (!cluster.dualStack) {
      out.push(error(path, `pool "${pool.name}" has IPv6 addresses but the cluster has no IPv6, so no Service can use them`,
        'Make the cluster dual-stack (an IPv6 CIDR in k3s.clusterCidr and k3s.serviceCidr, IPv6 node addresses) or remove the block.'));
    } else if (pool.l2 && !cluster.cilium.caps.l2AnnouncementsIpv6) {
      out.push(error(path,
        `pool "${pool.name}" has IPv6 addresses announced over L2, but Cilium ${cluster.cilium.version} L2 announcements answer ARP only; `
        + 'NDP for IPv6 came in Cilium 1.19',
        'Use Cilium 1.19 or newer, or advertise the IPv6 block over BGP (announce: bgp).'));
    }
  }
  return out;
}
