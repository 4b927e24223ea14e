/**
 * PLAN.md's table of Cilium behaviour that changed inside a minor (src/model/cilium-behaviour.ts),
 * for the cluster's exact release, with what it means for this cluster. Shown when the cluster
 * announces over L2, which every entry is about.
 */
import { behaviourReleases, CILIUM_BEHAVIOUR, CiliumBehaviourId, ciliumHas } from '../model/cilium-behaviour.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { cappedList, markdownTable } from '../text/markdown.js';

/** What an entry means for this cluster, by whether its release behaves so. */
const HERE: Record<CiliumBehaviourId, (cluster: ResolvedCluster, has: boolean) => string> = {
  l2HonoursEtpLocal: (cluster, has) => {
    const local = cluster.reservations.filter((r) => r.externalTrafficPolicy === 'Local' && r.pools[0]?.l2).map((r) => r.service);
    if (local.length === 0) return 'no pinned Service on an L2 pool uses Local';
    const [use, are] = local.length === 1 ? ['uses', 'is'] : ['use', 'are'];
    return has ? `${cappedList(local, 3)} ${use} Local and ${are} announced only from nodes with an endpoint`
      : `${cappedList(local, 3)} ${use} Local: a node without an endpoint can take the lease (a warning)`;
  },
  l2SharedIpElectedPerService: (cluster, has) => {
    const shared = new Set(cluster.reservations.filter((r) => r.sharingKey !== undefined && r.pools[0]?.l2
      && cluster.reservations.some((o) => o !== r && o.ip === r.ip && o.sharingKey === r.sharingKey)).map((r) => r.ip));
    if (shared.size === 0) return 'no IP on an L2 pool is shared by pinned Services';
    const [are, it] = shared.size === 1 ? ['is', 'it'] : ['are', 'each'];
    return `${cappedList([...shared], 3)} ${are} shared over L2${has ? `: two nodes can answer for ${it} (a warning)` : ''}`;
  },
};

export function ciliumBehaviourSection(cluster: ResolvedCluster): string | undefined {
  if (cluster.l2Policies.length === 0) return undefined;
  const version = cluster.cilium.version;
  const rows = CILIUM_BEHAVIOUR.map((entry) => {
    const has = ciliumHas(version, entry.id);
    return [entry.behaviour, `${has ? 'yes' : 'no'} (${behaviourReleases(entry)})`, HERE[entry.id](cluster, has), entry.source];
  });
  return [
    `## Cilium ${version}: behaviour that depends on the patch release`,
    '',
    markdownTable(['behaviour', `Cilium ${version}`, 'this cluster', 'source'], rows),
  ].join('\n');
}
