/**
 * Check 27: Cilium numbers that must fit the cluster. More operator replicas than nodes leave the
 * rest Pending: the operator's required pod anti-affinity allows one replica per node (a warning:
 * the running ones work). `l2ServiceCount` cannot exceed the ClusterIPs of the Service CIDR: every
 * LoadBalancer Service takes one, so a larger count only inflates the API client's rate limit.
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkCiliumSizing(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const replicas = cluster.cilium.operatorReplicas;
  const nodes = cluster.nodes.length;
  if (replicas > nodes) {
    out.push(warning(at('cilium', 'operatorReplicas'),
      `${replicas} operator replicas on ${nodes} node${nodes === 1 ? '' : 's'}: the operator's required pod anti-affinity allows one replica per node, `
      + `so ${replicas - nodes} stay${replicas - nodes === 1 ? 's' : ''} Pending`,
      `Set operatorReplicas to at most ${nodes}, or leave it unset (1 on a one-node cluster, else 2).`));
  }
  const count = cluster.spec.cilium.l2ServiceCount;
  const capacity = cluster.rateLimit.serviceCidrCapacity;
  if (count !== undefined && count > capacity) {
    out.push(error(at('cilium', 'l2ServiceCount'),
      `${count} L2 Services, but k3s.serviceCidr ${cluster.k3s.serviceCidrs[0]} has ${capacity} addresses `
      + 'and every LoadBalancer Service takes a ClusterIP from it',
      `Set l2ServiceCount to the Services you expect (at most ${capacity}), or leave it unset to size from the pools.`));
  }
  return out;
}
