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
import type { ResolvedCluster, ResolvedNode, ResolvedNodeAddress, ResolvedPool } from '../resolved-cluster.js';
import { compatibleIndex, matchingIndex } from '../selector-index.js';
import { nodeSelectorLabels } from './selector-labels.js';

/** Per resolved cluster: which nodes each policy selects, which policies serve a pool. Built once, asked per pool. */
interface L2Lookups {
  nodes: (policy: L2PolicySpec) => ResolvedNode[];
  policies: (pool: ResolvedPool) => L2PolicySpec[];
}
const lookups = new WeakMap<ResolvedCluster, L2Lookups>();

function l2Lookups(cluster: ResolvedCluster): L2Lookups {
  let found = lookups.get(cluster);
  if (!found) {
    const selectNodes = matchingIndex(cluster.nodes, nodeSelectorLabels);
    // policyServesPool: the policy announces LoadBalancer IPs and its serviceSelector is compatible with the pool's.
    const servingPolicies = compatibleIndex(cluster.l2Policies.filter((p) => p.loadBalancerIPs === true), (p) => p.serviceSelector);
    const nodesOf = new Map<L2PolicySpec, ResolvedNode[]>();
    found = {
      nodes: (policy) => {
        let nodes = nodesOf.get(policy);
        if (!nodes) nodesOf.set(policy, (nodes = selectNodes(policy.nodeSelector)));
        return nodes;
      },
      policies: (pool) => servingPolicies(pool.spec.serviceSelector),
    };
    lookups.set(cluster, found);
  }
  return found;
}

/** Nodes a policy's nodeSelector picks, in node order. */
export function nodesSelectedBy(cluster: ResolvedCluster, policy: L2PolicySpec): ResolvedNode[] {
  return l2Lookups(cluster).nodes(policy);
}

/** The L2 policies that announce a pool's addresses, in file order. */
export function policiesServing(cluster: ResolvedCluster, pool: ResolvedPool): L2PolicySpec[] {
  return l2Lookups(cluster).policies(pool);
}

/** A node subnet L2 replies reach, with the first node on it (for messages). */
type AnnouncingSubnet = { name: string; subnet: NonNullable<ResolvedNodeAddress['subnet']> };

/** The distinct node subnets of the nodes some of `policies` select (first node per subnet), computed once per set of policies. */
function announcingSubnets(cluster: ResolvedCluster, policies: L2PolicySpec[], cache: Map<string, AnnouncingSubnet[]>): AnnouncingSubnet[] {
  const key = policies.map((p) => cluster.l2Policies.indexOf(p)).join(',');
  let subnets = cache.get(key);
  if (!subnets) {
    const nodes = [...new Set(policies.flatMap((p) => nodesSelectedBy(cluster, p)))];
    const found: AnnouncingSubnet[] = [...new Map(nodes.flatMap((n) => n.addresses.filter((a) => a.subnet).map((a) => [a.subnet!.canonical, { name: n.name, subnet: a.subnet! }] as const))).values()];
    cache.set(key, found);
    return found;
  }
  return subnets;
}

export function validatePoolsOnNodeSubnets(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const subnetCache = new Map<string, AnnouncingSubnet[]>();
  cluster.pools.forEach((pool, i) => {
    if (!pool.l2) return;
    const policies = policiesServing(cluster, pool);
    // A policy that selects no node is reported by the L2 policy check.
    if (!policies.some((p) => nodesSelectedBy(cluster, p).length > 0)) return;
    const subnets = announcingSubnets(cluster, policies, subnetCache);
    const policyNames = policies.map((p) => `"${p.name}"`).join(', ');
    pool.blocks.forEach((block, j) => {
      if (!block.range) return;
      const path = fieldPath('loadBalancer', 'pools', i, 'blocks', j);
      // IPv6 L2 pools on a release without NDP are reported by the dual-stack check.
      if (block.range.family === 6 && !cluster.cilium.caps.l2AnnouncementsIpv6) return;
      if (subnets.some((n) => rangeContains(n.subnet, block.range!))) return;
      const where = subnets.filter((n) => n.subnet.family === block.range!.family)
        .map((n) => `${n.name}: ${n.subnet.canonical}`).join(', ') || `none of them has an IPv${block.range.family} address`;
      out.push({
        severity: 'error', path,
        message: `${formatRange(block.range)} is announced over L2 by ${policyNames} but lies outside the subnet of every node announcing it (${where})`,
        fix: 'ARP/NDP replies only reach the nodes\' own segment: take the addresses from that subnet, or announce the pool over BGP.',
      });
    });
  });
  return out;
}
