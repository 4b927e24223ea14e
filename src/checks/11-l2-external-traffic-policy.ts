/**
 * Check 11 (warning): L2 announcements ignore `externalTrafficPolicy: Local`. The lease winner
 * answers ARP/NDP whether or not it runs an endpoint of the Service, and Local then drops the
 * traffic there. BGP honours Local, so only L2-served pools are flagged.
 */
import { at, Diagnostic, warning } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkL2ExternalTrafficPolicy(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.reservations.flatMap((r) => {
    if (r.externalTrafficPolicy !== 'Local') return [];
    const pool = r.blocks.find((b) => b.pool.l2)?.pool;
    if (!pool) return [];
    return [warning(at('loadBalancer', 'reservations', r.index, 'externalTrafficPolicy'),
      `${r.service} uses externalTrafficPolicy Local, but pool "${pool.name}" is announced over L2, which ignores it: `
      + 'a node without a ready endpoint can win the lease and drop the traffic',
      'Use Cluster (the default), or announce this pool over BGP, which honours Local.')];
  });
}
