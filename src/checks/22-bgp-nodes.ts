/**
 * Check 22: the BGP node selector picks at least one node (otherwise nothing is advertised); per-node
 * BGP overrides need BGP and a node the cluster config selects (by the labels nodes carry once
 * registered, k3s's own included); router IDs are unique IPv4 addresses; local addresses are IPs,
 * one per family at most.
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import { parseIp } from '../model/ip.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { describeSelector } from '../model/selectors.js';

export function checkBgpNodes(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (cluster.bgp && cluster.bgp.speakers.length === 0) {
    const labels = cluster.nodes.map((n) => `${n.name}: ${Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'}`).join('; ');
    out.push(error(at('loadBalancer', 'bgp', 'nodeSelector'),
      `selects none of the nodes (${describeSelector(cluster.bgp.nodeSelector, 'every node')} vs ${labels}), so no node peers and nothing is advertised`,
      'Match the labels of at least one node (nodes[].labels, or kubernetes.io/hostname, which the kubelet sets), or remove the selector.'));
  }
  const routerIds = new Map<string, string>();
  const speakers = cluster.bgp && new Set(cluster.bgp.speakers);
  for (const node of cluster.nodes) {
    if (!node.bgp) continue;
    const path = at('nodes', node.index, 'bgp');
    if (!speakers) {
      out.push(error(path, `node "${node.name}" has BGP settings but loadBalancer.bgp is not set`,
        'Configure loadBalancer.bgp or remove the node\'s bgp settings.'));
      continue;
    }
    if (!speakers.has(node)) {
      out.push(warning(path, `node "${node.name}" has BGP settings but loadBalancer.bgp.nodeSelector does not select it`,
        'Add the selected labels to the node, or remove its bgp settings.'));
    }
    const routerId = node.bgp.routerID;
    if (routerId !== undefined) {
      if (parseIp(routerId)?.family !== 4) {
        out.push(error(`${path}.routerID`, `"${routerId}" is not an IPv4 address; a BGP router ID is a 32-bit number written as IPv4`,
          'Use an IPv4 address unique among the BGP speakers, e.g. the node\'s loopback address.'));
      } else if (routerIds.has(routerId)) {
        out.push(error(`${path}.routerID`, `router ID ${routerId} is also node "${routerIds.get(routerId)}"'s; routers drop sessions from duplicate router IDs`,
          'Give every node its own router ID.'));
      } else {
        routerIds.set(routerId, node.name);
      }
    }
    const families = new Set<number>();
    node.bgp.localAddresses.forEach((address, j) => {
      const ip = parseIp(address);
      const addressPath = at('nodes', node.index, 'bgp', 'localAddresses', j);
      if (!ip) {
        out.push(error(addressPath, `"${address}" is not an IP address`, 'Use an address configured on one of the node\'s links, without prefix length.'));
      } else if (families.has(ip.family)) {
        out.push(error(addressPath, `a second IPv${ip.family} local address; each peer uses the one local address of its family`,
          'Keep at most one IPv4 and one IPv6 address.'));
      } else {
        families.add(ip.family);
      }
    });
  }
  return out;
}
