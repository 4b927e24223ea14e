/**
 * Check 18 (warning): native routing between nodes on different subnets: without a shared subnet
 * some router must know the pod CIDRs (BGP can advertise them).
 */
import { at, Diagnostic, warning } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkDirectRouting(cluster: ResolvedCluster): Diagnostic[] {
  const c = cluster.cilium;
  if (c.routingMode !== 'native' || cluster.nodes.length < 2 || cluster.nodesShareOneSubnet) return [];
  // An explicit autoDirectNodeRoutes across subnets is the routing check's error.
  if (cluster.spec.cilium.autoDirectNodeRoutes === true || cluster.bgp?.advertisePodCIDRs) return [];
  return [warning(at('cilium', 'routingMode'),
    'native routing across nodes on different subnets needs the network to route the pod CIDRs, and nothing here advertises them',
    'Set loadBalancer.bgp.advertisePodCIDRs: true, route the pod CIDRs statically, or use routingMode: tunnel.')];
}
