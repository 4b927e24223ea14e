import type { Diagnostic } from '../diagnostics.js';
import { parseIp } from '../ip.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { selectorMatches } from '../selectors.js';

/**
 * Per-node BGP overrides: they need BGP and a node the cluster config selects; router IDs are
 * unique IPv4 addresses; local addresses are IPs, one per family at most.
 */
export function validateBgpNodes(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const routerIds = new Map<string, string>();
  cluster.nodes.forEach((node, i) => {
    if (!node.bgp) return;
    const path = `nodes[${i}].bgp`;
    if (!cluster.bgp) {
      out.push({ severity: 'error', path, message: `node "${node.name}" has BGP settings but loadBalancer.bgp is not set`, fix: 'Configure loadBalancer.bgp or remove the node\'s bgp settings.' });
      return;
    }
    if (!selectorMatches(cluster.bgp.nodeSelector, node.labels)) {
      out.push({
        severity: 'warning', path,
        message: `node "${node.name}" has BGP settings but loadBalancer.bgp.nodeSelector does not select it by the labels in this file`,
        fix: 'Add the selected labels to the node, or remove its bgp settings.',
      });
    }
    const routerId = node.bgp.routerID;
    if (routerId !== undefined) {
      if (parseIp(routerId)?.family !== 4) {
        out.push({ severity: 'error', path: `${path}.routerID`, message: `"${routerId}" is not an IPv4 address; a BGP router ID is a 32-bit number written as IPv4`, fix: 'Use an IPv4 address unique among the BGP speakers, e.g. the node\'s loopback address.' });
      } else if (routerIds.has(routerId)) {
        out.push({ severity: 'error', path: `${path}.routerID`, message: `router ID ${routerId} is also node "${routerIds.get(routerId)}"'s; routers drop sessions from duplicate router IDs`, fix: 'Give every node its own router ID.' });
      } else {
        routerIds.set(routerId, node.name);
      }
    }
    const families = new Set<number>();
    (node.bgp.localAddresses ?? []).forEach((address, j) => {
      const ip = parseIp(address);
      if (!ip) {
        out.push({ severity: 'error', path: `${path}.localAddresses[${j}]`, message: `"${address}" is not an IP address`, fix: 'Use an address configured on one of the node\'s links, without prefix length.' });
      } else if (families.has(ip.family)) {
        out.push({ severity: 'error', path: `${path}.localAddresses[${j}]`, message: `a second IPv${ip.family} local address; each peer uses the one local address of its family`, fix: 'Keep at most one IPv4 and one IPv6 address.' });
      } else {
        families.add(ip.family);
      }
    });
  });
  return out;
}
