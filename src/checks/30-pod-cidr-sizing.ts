/**
 * Check 30: the pod CIDR fits k3s's node IPAM. The kube-controller-manager k3s runs hands every
 * node a /24 (IPv4) or /64 (IPv6) of `k3s.clusterCidr`, and Cilium uses exactly that range (ipam:
 * kubernetes) or hands out ranges of the same CIDRs and sizes itself (cluster-pool): a cluster CIDR
 * smaller than one node range makes the node IPAM refuse to start, an IPv6 one more than 16 bits
 * larger than /64 is refused too (its bitmap limit), and a cluster with more nodes than node ranges
 * leaves the rest without pods (CIDRNotAvailable).
 */
import { K3S_NODE_CIDR_MASK } from '../model/defaults.js';
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { parseCidr } from '../model/ip.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkPodCidrSizing(cluster: ResolvedCluster): Diagnostic[] {
  const path = at('k3s', 'clusterCidr');
  return cluster.k3s.clusterCidrs.flatMap((text) => {
    const cidr = parseCidr(text);
    if (!cidr) return [];
    const mask = K3S_NODE_CIDR_MASK[cidr.family];
    if (cidr.prefix > mask) {
      return [error(path, `${text} is smaller than one node's pod range (/${mask}): k3s's node IPAM refuses to start and no node gets pod addresses`,
        `Use a /${mask} or larger, e.g. ${cidr.family === 4 ? '10.42.0.0/16' : 'fd00:10:42::/56'}.`)];
    }
    // IPv6 only: cidrset's NewCIDRSet refuses more than clusterSubnetMaxDiff (16) bits for a cluster CIDR
    // whose IP.To4() is nil, and takes any IPv4 size (kubernetes pkg/controller/nodeipam/ipam/cidrset/cidr_set.go).
    if (cidr.family === 6 && mask - cidr.prefix > 16) {
      return [error(path, `${text} holds 2^${mask - cidr.prefix} node ranges of /${mask}; Kubernetes' node IPAM allows at most 2^16 `
        + '(an IPv6 cluster CIDR of /48 or longer) and refuses to start', 'Use a /48 to /64, e.g. fd00:10:42::/56.')];
    }
    const ranges = 2n ** BigInt(mask - cidr.prefix);
    const left = cluster.nodes.length - Number(ranges);
    if (left > 0) {
      return [error(path, `${text} holds ${ranges} node range${ranges === 1n ? '' : 's'} of /${mask}, but the cluster has ${cluster.nodes.length} nodes: `
        + `${left} ${left === 1 ? 'gets' : 'get'} no pod CIDR and ${left === 1 ? 'stays' : 'stay'} NotReady`,
        `Use a prefix of at most /${mask - Math.ceil(Math.log2(cluster.nodes.length))}.`)];
    }
    return [];
  });
}
