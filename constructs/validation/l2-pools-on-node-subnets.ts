/**
 * Check 4: a pool announced over L2 lies inside the subnet of a node that announces it. ARP/NDP
 * replies only reach the node's own segment; Cilium accepts any pool and answers for it anyway,
 * so an off-subnet pool allocates addresses nobody can reach. Pools not served by an L2 policy
 * (`l2: false`, e.g. BGP-advertised ones) are exempt.
 */
import type { L2PolicySpec } from '../cluster-spec.js';
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import { formatRange, rangeContains } from '../ip.js';
import { policyServesPool, ResolvedCluster, ResolvedNode, ResolvedPool, selectorMatches } from '../resolved-cluster.js';
import { nodeSelectorLabels } from './selector-labels.js';

/** Nodes a policy's nodeSelector picks. */
export function nodesSelectedBy(cluster: ResolvedCluster, policy: L2PolicySpec): ResolvedNode[] {
  return cluster.nodes.filter((n) => selectorMatches(policy.nodeSelector, nodeSelectorLabels(n)));
}

/** The L2 policies that announce a pool's addresses. */
export function policiesServing(cluster: ResolvedCluster, pool: ResolvedPool): L2PolicySpec[] {
  return cluster.l2Policies.filter((p) => policyServesPool(p, pool.spec));
}

export function validatePoolsOnNodeSubnets(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  cluster.pools.forEach((pool, i) => {
    if (!pool.l2) return;
    const policies = policiesServing(cluster, pool);
    const nodes = [...new Set(policies.flatMap((p) => nodesSelectedBy(cluster, p)))];
    // A policy that selects no node is reported by the L2 policy check.
    if (nodes.length === 0) return;
    const subnets = [...new Map(nodes.filter((n) => n.subnet).map((n) => [n.subnet!.canonical, n])).values()];
    const policyNames = policies.map((p) => `"${p.name}"`).join(', ');
    pool.blocks.forEach((block, j) => {
      if (!block.range) return;
      const path = fieldPath('loadBalancer', 'pools', i, 'blocks', j);
      if (block.range.family === 6 && !cluster.cilium.caps.l2AnnouncementsIpv6) {
        out.push({
          severity: 'error', path,
          message: `${formatRange(block.range)} is IPv6, but Cilium ${cluster.cilium.caps.minor} L2 announcements answer ARP only, not NDP`,
          fix: 'Use Cilium 1.19 or newer, or announce this pool over BGP.',
        });
        return;
      }
      if (subnets.some((n) => rangeContains(n.subnet!, block.range!))) return;
      const where = subnets.filter((n) => n.subnet!.family === block.range!.family)
        .map((n) => `${n.name}: ${n.subnet!.canonical}`).join(', ') || `none of them has an IPv${block.range.family} address`;
      out.push({
        severity: 'error', path,
        message: `${formatRange(block.range)} is announced over L2 by ${policyNames} but lies outside the subnet of every node announcing it (${where})`,
        fix: 'ARP/NDP replies only reach the nodes\' own segment: take the addresses from that subnet, or announce the pool over BGP.',
      });
    });
  });
  return out;
}
