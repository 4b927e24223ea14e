/**
 * Check 21: pools marked for BGP. BGP must be configured, every family of their addresses must be
 * negotiated with some peer (else nothing advertises them), and L2 must not announce them too
 * unless the pool says `announce: both` — neither directly (an L2 policy serving a BGP-only pool
 * inside the subnet of a node it selects; outside every such subnet nobody asks, a noted no-op)
 * nor through Services the BGP advertisement selects (an L2-only pool whose Services a BGP
 * pool's selector may also match).
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import { rangesOverlap } from '../model/ip.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkBgpPools(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bgp = cluster.bgp;
  const advertisedFamilies = new Set(bgp?.peers.flatMap((p) => p.peerConfig?.families ?? []) ?? []);
  // Families are unknown while a peer's config is (the peer checks report that).
  const familiesKnown = bgp?.peers.every((p) => p.peerConfig) ?? false;
  for (const pool of cluster.pools) {
    const path = at('loadBalancer', 'pools', pool.index);
    if (pool.bgp && !bgp) {
      out.push(error(`${path}.announce`, `pool "${pool.name}" is to be advertised by BGP but loadBalancer.bgp is not set`,
        'Configure loadBalancer.bgp, or set announce: l2.'));
      continue;
    }
    if (pool.bgp && familiesKnown) {
      for (const family of pool.families.filter((f) => !advertisedFamilies.has(f))) {
        out.push(error(path,
          `pool "${pool.name}" has ${family === 'ipv4' ? 'IPv4' : 'IPv6'} addresses but no BGP peer negotiates ${family} unicast, `
          + 'so no advertisement reaches a router',
          `Add ${family} to the families of a peer config that a peer uses.`));
      }
    }
    if (pool.announce === 'bgp') {
      for (const policy of pool.servingPolicies) {
        // Off every subnet the policy's nodes sit on, nobody sends ARP/NDP for the addresses: the L2 announcement is a no-op.
        const subnets = policy.nodes.flatMap((n) => n.addresses.flatMap((a) => a.subnet ?? []));
        if (pool.blocks.every((b) => b.range && !subnets.some((s) => rangesOverlap(s, b.range!)))) {
          out.push(warning(`${path}.announce`, `L2 policy "${policy.name}" also answers ARP/NDP for pool "${pool.name}", but its addresses lie outside the subnets `
            + 'of every node the policy selects, so nobody on those segments asks for them: a harmless no-op',
          `Give policy "${policy.name}" a serviceSelector that excludes the pool's Services to make that explicit.`));
          continue;
        }
        out.push(error(`${path}.announce`, `pool "${pool.name}" is announced only by BGP, but L2 policy "${policy.name}" also announces its addresses`,
          `Set announce: both if the pool should be announced both ways, or give policy "${policy.name}" a serviceSelector that excludes `
          + 'the pool\'s Services.'));
      }
    }
    for (const other of pool.bgpPoolsSelectingItsServices) {
      out.push(error(`${path}.serviceSelector`,
        `L2 pool "${pool.name}" may serve the same Services as BGP pool "${other.name}", whose advertisement selects Services by the pool's serviceSelector, `
        + `so BGP would advertise addresses of "${pool.name}" too`,
        `Give the two pools serviceSelectors no Service can match both, or set announce: both on "${pool.name}".`));
    }
  }
  return out;
}
