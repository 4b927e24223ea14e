/**
 * Check 38: where the cluster's ranges sit relative to the nodes' own segment, beyond the single
 * addresses check 3 compares.
 * - A pod or Service CIDR overlapping a node subnet: hosts on the segment own those addresses, so
 *   pods would be unreachable from them (and they from pods), even when no node address collides.
 * - A pool announced only over BGP inside a node subnet: hosts on that subnet ARP/NDP for its
 *   addresses directly instead of asking the router, and no node answers.
 * - A Service CIDR with more than 20 host bits: kube-apiserver refuses to start
 *   ("specified --service-cluster-ip-range is too large; for 128-bit addresses, the mask must be
 *   >= 108", cmd/kube-apiserver/app/options/validation.go validateMaxCIDRRange, maxCIDRBits 20).
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatRange, parseCidr, parseIp, rangesOverlap } from '../model/ip.js';
import type { ResolvedCluster, Subnet } from '../model/resolved.js';

/** kube-apiserver's limit on the host bits of a Service CIDR. */
const SERVICE_CIDR_MAX_HOST_BITS = 20;

/** Every distinct node subnet, with the first node on it. */
function nodeSubnets(cluster: ResolvedCluster): { node: string; subnet: Subnet }[] {
  const seen = new Map<string, { node: string; subnet: Subnet }>();
  for (const n of cluster.nodes) {
    for (const a of n.addresses) if (a.subnet && !seen.has(a.subnet.canonical)) seen.set(a.subnet.canonical, { node: n.name, subnet: a.subnet });
  }
  return [...seen.values()];
}

function cidrDiagnostics(cluster: ResolvedCluster, subnets: readonly { node: string; subnet: Subnet }[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const nodeIps = cluster.nodes.flatMap((n) => n.addresses.map((a) => parseIp(a.ip)).filter((ip) => ip !== undefined));
  for (const [field, what, cidrs] of [['clusterCidr', 'pod', cluster.k3s.clusterCidrs], ['serviceCidr', 'Service', cluster.k3s.serviceCidrs]] as const) {
    for (const text of cidrs) {
      const range = parseCidr(text);
      if (!range) continue;
      // A node address inside the CIDR is check 3's finding already.
      if (nodeIps.some((ip) => ip.family === range.family && range.first <= ip.value && ip.value <= range.last)) continue;
      for (const { node, subnet } of subnets) {
        if (!rangesOverlap(range, subnet)) continue;
        out.push(error(at('k3s', field), `the ${what} CIDR ${text} overlaps node ${node}'s subnet ${subnet.canonical}, whose addresses hosts on the segment own`,
          `${what === 'pod' ? 'Pod' : what} addresses are routed inside the cluster: pods and those hosts could not reach each other. Choose a ${what} CIDR outside every node subnet.`));
      }
    }
  }

  for (const text of cluster.k3s.serviceCidrs) {
    const range = parseCidr(text);
    if (!range) continue;
    const bits = range.family === 4 ? 32 : 128;
    const hostBits = (range.last - range.first + 1n).toString(2).length - 1;
    if (hostBits > SERVICE_CIDR_MAX_HOST_BITS) {
      out.push(error(at('k3s', 'serviceCidr'), `${text} has ${hostBits} host bits; kube-apiserver refuses a Service CIDR with more than ${SERVICE_CIDR_MAX_HOST_BITS} `
        + `("for ${bits}-bit addresses, the mask must be >= ${bits - SERVICE_CIDR_MAX_HOST_BITS}") and k3s does not start`,
      `Use a /${bits - SERVICE_CIDR_MAX_HOST_BITS} or smaller, e.g. ${range.family === 4 ? '10.43.0.0/16' : 'fd00:43::/112'}.`));
    }
  }

  return out;
}

function bgpPoolDiagnostics(cluster: ResolvedCluster, subnets: readonly { node: string; subnet: Subnet }[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const pool of cluster.pools) {
    // Pools some L2 policy answers for are check 21's (announce: both, or a policy announcing a BGP-only pool).
    if (!pool.bgp || pool.l2 || pool.servingPolicies.length > 0) continue;
    for (const block of pool.blocks) {
      const range = block.range;
      if (!range) continue;
      const home = subnets.find((s) => rangesOverlap(s.subnet, range));
      if (!home) continue;
      out.push(error(at('loadBalancer', 'pools', pool.index, 'blocks', block.index),
        `${formatRange(range)} is advertised only over BGP but lies in node ${home.node}'s subnet ${home.subnet.canonical}: hosts on that subnet ask for it `
        + 'with ARP/NDP instead of going through the router, and no node answers',
        'Take the pool from outside the nodes\' subnets, or announce it over L2 too (announce: both, with an L2 policy serving it).'));
    }
  }
  return out;
}

export function checkNetworkPlacement(cluster: ResolvedCluster): Diagnostic[] {
  const subnets = nodeSubnets(cluster);
  return [...cidrDiagnostics(cluster, subnets), ...bgpPoolDiagnostics(cluster, subnets)];
}
