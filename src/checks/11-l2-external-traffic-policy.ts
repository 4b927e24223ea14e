/**
 * Check 11 (warning): `externalTrafficPolicy: Local` on an L2-announced pool, on a release whose
 * L2 announcements ignore it (every release before 1.20.2: src/model/cilium-behaviour.ts). The
 * lease winner answers ARP/NDP whether or not it runs an endpoint of the Service, and Local then
 * drops the traffic there. BGP honours Local, so only L2-served pools are flagged.
 */
import { behaviourReleases, CILIUM_BEHAVIOUR, ciliumHas } from '../model/cilium-behaviour.js';
import { at, Diagnostic, warning } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkL2ExternalTrafficPolicy(cluster: ResolvedCluster): Diagnostic[] {
  const version = cluster.cilium.version;
  if (ciliumHas(version, 'l2HonoursEtpLocal')) return [];
  // l2HonoursEtpLocal is the table's first entry, so a predicate true for every entry finds it too (the fix is read whole in test/checks/edges-cluster).
  // Stryker disable next-line ConditionalExpression: equivalent, see above
  const honoured = behaviourReleases(CILIUM_BEHAVIOUR.find((b) => b.id === 'l2HonoursEtpLocal')!);
  return cluster.reservations.flatMap((r) => {
    if (r.externalTrafficPolicy !== 'Local') return [];
    const pool = r.blocks.find((b) => b.pool.l2)?.pool;
    if (!pool) return [];
    return [warning(at('loadBalancer', 'reservations', r.index, 'externalTrafficPolicy'),
      `${r.service} uses externalTrafficPolicy Local, but pool "${pool.name}" is announced over L2, whose announcements ignore it on Cilium ${version}: `
      + 'a node without a ready endpoint can win the lease and drop the traffic',
      `Use Cluster (the default), announce this pool over BGP, which honours Local, or use a release that honours it (${honoured}).`)];
  });
}
