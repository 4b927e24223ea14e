/**
 * Check 11 (warning): L2 announcements ignore `externalTrafficPolicy: Local`. The lease winner
 * answers ARP/NDP whether or not it runs an endpoint of the Service, and Local then drops the
 * traffic there. BGP honours Local, so only L2-served pools are flagged.
 */
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import { parseIp } from '../ip.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { poolBlockIndex } from './range-index.js';

export function validateL2ExternalTrafficPolicy(cluster: ResolvedCluster): Diagnostic[] {
  const index = poolBlockIndex(cluster);
  const out: Diagnostic[] = [];
  cluster.reservations.forEach((r, i) => {
    if (r.externalTrafficPolicy !== 'Local') return;
    const ip = parseIp(r.ip);
    const pool = ip && index.containing(ip.family, ip.value).find((b) => b.pool.l2)?.pool;
    if (!pool) return;
    out.push({
      severity: 'warning', path: fieldPath('loadBalancer', 'reservations', i, 'externalTrafficPolicy'),
      message: `${r.service} uses externalTrafficPolicy Local, but pool "${pool.name}" is announced over L2, which ignores it: a node without a ready endpoint can win the lease and drop the traffic`,
      fix: 'Use Cluster (the default), or announce this pool over BGP, which honours Local.',
    });
  });
  return out;
}
