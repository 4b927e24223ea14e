/**
 * Check 7: native routing. Cilium masquerades pod traffic to destinations outside
 * `ipv4NativeRoutingCIDR`, so it must be IPv4 and cover the pod CIDR (the default is the pod
 * CIDR). `autoDirectNodeRoutes` installs a route to each node's pods via that node's address,
 * which only works when every node is on one L2 subnet; with tunnelling it is not rendered.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { parseCidr, rangeContains } from '../model/ip.js';
import type { ResolvedCluster } from '../model/resolved.js';

function nativeRoutingCidr(cluster: ResolvedCluster): Diagnostic[] {
  const path = at('cilium', 'ipv4NativeRoutingCIDR');
  const native = parseCidr(cluster.cilium.ipv4NativeRoutingCIDR);
  // An unparsable CIDR is reported by the canonical-CIDR check; a defaulted IPv6 one (an IPv6-only
  // pod CIDR) by the dual-stack check.
  if (!native || (native.family !== 4 && cluster.spec.cilium.ipv4NativeRoutingCIDR === undefined)) return [];
  if (native.family !== 4) {
    return [error(path, `${cluster.cilium.ipv4NativeRoutingCIDR} is not an IPv4 CIDR`,
      'Write the IPv4 network pods are routed in, usually the pod CIDR (the default).')];
  }
  const pods = cluster.k3s.clusterCidrs.map(parseCidr).find((c) => c?.family === 4);
  if (pods && !rangeContains(native, pods)) {
    return [error(path, `${native.canonical} does not contain the pod CIDR ${pods.canonical}: pod-to-pod traffic outside it is masqueraded`,
      `Leave it unset (it defaults to ${pods.canonical}), or write a network that contains it.`)];
  }
  return [];
}

function directRoutes(cluster: ResolvedCluster): Diagnostic[] {
  if (cluster.spec.cilium.autoDirectNodeRoutes !== true) return [];
  const path = at('cilium', 'autoDirectNodeRoutes');
  if (cluster.cilium.routingMode === 'tunnel') {
    return [error(path, 'autoDirectNodeRoutes has no effect with routingMode tunnel', 'Remove it, or use routingMode: native.')];
  }
  if (cluster.nodesShareOneSubnet) return [];
  const subnets = cluster.nodes.map((n) => `${n.name}: ${n.subnet?.canonical ?? n.ip}`).join(', ');
  return [error(path, `autoDirectNodeRoutes needs every node on one L2 subnet, but the nodes are on different ones (${subnets})`,
    'Remove it (routes to other subnets then come from BGP or your router), or use routingMode: tunnel.')];
}

export function checkRouting(cluster: ResolvedCluster): Diagnostic[] {
  if (cluster.cilium.routingMode !== 'native') return directRoutes(cluster);
  return [...nativeRoutingCidr(cluster), ...directRoutes(cluster)];
}
