/**
 * Who answers for a pool's addresses. L2: the nodes and interfaces an L2 policy lets answer ARP/NDP
 * (a changed `interfaces` regex or `nodeSelector` moves them silently); a lease holder that stops
 * announcing hands its addresses to another node, or to none. BGP: the speaking nodes and the peers
 * whose routes carry the pool.
 */
import type { ResolvedCluster, ResolvedPool } from '../model/resolved.js';
import type { Change } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

const list = (items: readonly string[]) => items.map(code).join(', ');

/** `node (iface)` of every node and interface that answers ARP/NDP for the pool. */
function l2Answerers(pool: ResolvedPool): string[] {
  if (!pool.l2) return [];
  return [...new Set(pool.servingPolicies.flatMap((p) => p.announcers.flatMap((a) => a.interfaces.map((i) => `${a.node.name} (${i})`))))].sort();
}

/** `peer` names that receive the pool's routes, and the speaking nodes. */
function bgpReach(pool: ResolvedPool, cluster: ResolvedCluster): { peers: string[]; nodes: string[] } {
  if (!pool.bgpAdvertisement || !cluster.bgp) return { peers: [], nodes: [] };
  return { peers: pool.bgpAdvertisement.peers.map((p) => p.peer.name), nodes: cluster.bgp.speakers.map((n) => n.name) };
}

export function announcementChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const out: Change[] = [];
  for (const pool of before.pools) {
    const next = after.pools.find((p) => p.name === pool.name);
    if (!next) continue;
    const [was, is] = [l2Answerers(pool), l2Answerers(next)];
    const stopped = was.filter((a) => !is.includes(a));
    const started = is.filter((a) => !was.includes(a));
    if (was.length > 0 && is.length === 0) {
      out.push({
        level: 'breaking', topics: ['l2', 'neighbours'],
        text: `Pool ${code(pool.name)} is no longer announced over L2 (was: ${list(was)}): its addresses stop answering ARP/NDP.`,
      });
    } else if (stopped.length > 0) {
      out.push({
        level: 'breaking', topics: ['l2', 'neighbours'],
        text: `L2 announcements of pool ${code(pool.name)} move: ${list(stopped)} stop${stopped.length === 1 ? 's' : ''} answering`
          + `${started.length ? `, ${list(started)} start${started.length === 1 ? 's' : ''}` : ''}; addresses held there fail over to another lease holder.`,
      });
    } else if (started.length > 0) {
      out.push({ level: 'safe', topics: ['l2'], text: `Pool ${code(pool.name)} is also announced over L2 from ${list(started)}.` });
    }
    const [a, b] = [bgpReach(pool, before), bgpReach(next, after)];
    const lostPeers = a.peers.filter((p) => !b.peers.includes(p));
    const lostNodes = a.nodes.filter((n) => !b.nodes.includes(n));
    if (a.peers.length > 0 && b.peers.length === 0) {
      out.push({
        level: 'breaking',
        topics: ['bgp'],
        text: `Pool ${code(pool.name)} is no longer advertised over BGP: its routes are withdrawn from ${list(a.peers)}.`,
      });
    } else if (lostPeers.length > 0 || lostNodes.length > 0) {
      const parts = [...(lostPeers.length ? [`${list(lostPeers)} no longer receive${lostPeers.length === 1 ? 's' : ''} its routes`] : []),
        ...(lostNodes.length ? [`${list(lostNodes)} no longer advertise${lostNodes.length === 1 ? 's' : ''} it`] : [])];
      out.push({ level: 'breaking', topics: ['bgp'], text: `BGP advertisement of pool ${code(pool.name)} shrinks: ${parts.join('; ')}.` });
    } else if (b.peers.length > 0 && (a.peers.length === 0 || b.peers.some((p) => !a.peers.includes(p)))) {
      out.push({ level: 'safe', topics: ['bgp'], text: `Pool ${code(pool.name)} is advertised over BGP to ${list(b.peers)}.` });
    }
  }
  return out;
}
