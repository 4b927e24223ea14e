import type { Diagnostic } from '../diagnostics.js';
import { bgpFamily } from '../resolved-bgp.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { compatibleIndex } from '../selector-index.js';
import { policiesServing } from './l2-pools-on-node-subnets.js';

/**
 * Pools marked for BGP: BGP must be configured, every family of their addresses must be
 * negotiated with some peer (else nothing advertises them), and L2 must not announce them too
 * unless the pool says `announce: both` — neither directly (an L2 policy serving a BGP-only pool)
 * nor through Services the BGP advertisement selects (an L2-only pool whose Services a BGP
 * pool's selector may also match).
 */
export function validateBgpPools(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bgp = cluster.bgp;
  const advertisedFamilies = new Set(bgp?.peers.flatMap((p) => p.peerConfig?.families ?? []) ?? []);
  // Families are unknown while a peer's config is (the peer checks report that).
  const familiesKnown = bgp?.peers.every((p) => p.peerConfig) ?? false;
  const bgpPoolsCompatibleWith = compatibleIndex(cluster.pools.filter((p) => p.bgp), (p) => p.spec.serviceSelector);
  cluster.pools.forEach((pool, i) => {
    const path = `loadBalancer.pools[${i}]`;
    if (pool.bgp && !bgp) {
      out.push({
        severity: 'error', path: `${path}.announce`,
        message: `pool "${pool.name}" is to be advertised by BGP but loadBalancer.bgp is not set`,
        fix: 'Configure loadBalancer.bgp, or set announce: l2.',
      });
      return;
    }
    if (pool.bgp && bgp && familiesKnown) {
      const families = [...new Set(pool.blocks.flatMap((b) => (b.range ? [bgpFamily(b.range.family)] : [])))].sort();
      for (const family of families.filter((f) => !advertisedFamilies.has(f))) {
        out.push({
          severity: 'error', path,
          message: `pool "${pool.name}" has ${family === 'ipv4' ? 'IPv4' : 'IPv6'} addresses but no BGP peer negotiates ${family} unicast, so no advertisement reaches a router`,
          fix: `Add ${family} to the families of a peer config that a peer uses.`,
        });
      }
    }
    if (pool.announce === 'bgp') {
      for (const policy of policiesServing(cluster, pool)) {
        out.push({
          severity: 'error', path: `${path}.announce`,
          message: `pool "${pool.name}" is announced only by BGP, but L2 policy "${policy.name}" also announces its addresses`,
          fix: `Set announce: both if the pool should be announced both ways, or give policy "${policy.name}" a serviceSelector that excludes the pool's Services.`,
        });
      }
    }
    if (pool.announce === 'l2' && bgp) {
      for (const other of bgpPoolsCompatibleWith(pool.spec.serviceSelector)) {
        out.push({
          severity: 'error', path: `${path}.serviceSelector`,
          message: `L2 pool "${pool.name}" may serve the same Services as BGP pool "${other.name}", whose advertisement selects Services by the pool's serviceSelector, so BGP would advertise addresses of "${pool.name}" too`,
          fix: `Give the two pools serviceSelectors no Service can match both, or set announce: both on "${pool.name}".`,
        });
      }
    }
  });
  return out;
}
