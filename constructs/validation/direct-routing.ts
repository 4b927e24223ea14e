import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedCluster } from '../resolved-cluster.js';

/**
 * Native routing between nodes: `autoDirectNodeRoutes` installs routes via other nodes' IPs,
 * which only works when they share an L2 subnet; without it and without a shared subnet, some
 * router must know the pod CIDRs (BGP can advertise them).
 */
export function validateDirectRouting(cluster: ResolvedCluster): Diagnostic[] {
  const c = cluster.cilium;
  if (c.routingMode !== 'native' || cluster.nodes.length < 2 || cluster.nodesShareOneSubnet) return [];
  if (cluster.spec.cilium.autoDirectNodeRoutes === true) {
    return [{
      severity: 'error', path: 'cilium.autoDirectNodeRoutes',
      message: 'the nodes are not all on one L2 subnet, and a direct route to a node on another subnet has no next hop',
      fix: 'Leave it unset (it is on only when all nodes share a subnet), and advertise pod CIDRs over BGP or use routingMode: tunnel.',
    }];
  }
  if (cluster.bgp?.advertisePodCIDRs) return [];
  return [{
    severity: 'warning', path: 'cilium.routingMode',
    message: 'native routing across nodes on different subnets needs the network to route the pod CIDRs, and nothing here advertises them',
    fix: 'Set loadBalancer.bgp.advertisePodCIDRs: true, route the pod CIDRs statically, or use routingMode: tunnel.',
  }];
}
