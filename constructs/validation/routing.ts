/**
 * Check 7: native routing. Cilium masquerades pod traffic to destinations outside
 * `ipv4NativeRoutingCIDR`, so it must be IPv4 and cover the pod CIDR (the default is the pod
 * CIDR). `autoDirectNodeRoutes` installs a route to each node's pods via that node's address,
 * which only works when every node is on one L2 subnet; with tunnelling it is not rendered.
 */
import type { Diagnostic } from '../diagnostics.js';
import { parseCidr, rangeContains } from '../ip.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { cidrList } from './canonical-cidrs.js';

function nativeRoutingCidr(cluster: ResolvedCluster): Diagnostic[] {
  const path = 'cilium.ipv4NativeRoutingCIDR';
  const native = parseCidr(cluster.cilium.ipv4NativeRoutingCIDR);
  // An unparsable CIDR is reported by the canonical-CIDR check.
  if (!native) return [];
  if (native.family !== 4) {
    return [{ severity: 'error', path, message: `${cluster.cilium.ipv4NativeRoutingCIDR} is not an IPv4 CIDR`, fix: 'Write the IPv4 network pods are routed in, usually the pod CIDR (the default).' }];
  }
  const pods = cidrList(cluster.k3s.clusterCidr).map(parseCidr).find((c) => c?.family === 4);
  if (pods && !rangeContains(native, pods)) {
    return [{
      severity: 'error', path,
      message: `${native.canonical} does not contain the pod CIDR ${pods.canonical}: pod-to-pod traffic outside it is masqueraded`,
      fix: `Leave it unset (it defaults to ${pods.canonical}), or write a network that contains it.`,
    }];
  }
  return [];
}

function directRoutes(cluster: ResolvedCluster): Diagnostic[] {
  if (cluster.spec.cilium.autoDirectNodeRoutes !== true) return [];
  const path = 'cilium.autoDirectNodeRoutes';
  if (cluster.cilium.routingMode === 'tunnel') {
    return [{ severity: 'error', path, message: 'autoDirectNodeRoutes has no effect with routingMode tunnel', fix: 'Remove it, or use routingMode: native.' }];
  }
  if (cluster.nodesShareOneSubnet) return [];
  const subnets = cluster.nodes.map((n) => `${n.name}: ${n.subnet?.canonical ?? n.ip}`).join(', ');
  return [{
    severity: 'error', path,
    message: `autoDirectNodeRoutes needs every node on one L2 subnet, but the nodes are on different ones (${subnets})`,
    fix: 'Remove it (routes to other subnets then come from BGP or your router), or use routingMode: tunnel.',
  }];
}

export function validateRouting(cluster: ResolvedCluster): Diagnostic[] {
  if (cluster.cilium.routingMode !== 'native') return directRoutes(cluster);
  return [...nativeRoutingCidr(cluster), ...directRoutes(cluster)];
}
