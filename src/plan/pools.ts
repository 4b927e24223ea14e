/** PLAN.md's pool table: range, usable addresses, pinned Services and who announces each pool. */
import { formatRange, shortRange } from '../model/ip.js';
import type { ResolvedBgpPeer, BgpFamily, ResolvedCluster, ResolvedPool, L2Announcer } from '../model/resolved.js';
import { cappedList, markdownTable } from '../text/markdown.js';

/** Pinned Services listed per pool cell before "+N more", to keep the table readable. */
const PINNED_PER_CELL = 5;
/** Announcing nodes listed per pool cell before "+N more": a 50-node cluster would otherwise fill the row. */
export const NODES_PER_CELL = 5;

/** `tor-a (10.10.0.2, AS 65000)`, naming the family when the peer carries only some of the pool's. */
function peerText(peer: ResolvedBgpPeer, families: readonly BgpFamily[], poolFamilies: readonly BgpFamily[]): string {
  const only = families.length < poolFamilies.length ? `, ${families.join(', ')} only` : '';
  return `${peer.name} (${peer.address}, AS ${peer.asn}${only})`;
}

function announcerText(a: L2Announcer): string {
  return `${a.node.name} (${a.interfaces.join(', ')})`;
}

function announcedText(cluster: ResolvedCluster, pool: ResolvedPool): string {
  const parts: string[] = [];
  if (pool.l2) {
    parts.push(...pool.servingPolicies.map((p) => `L2 via ${p.name}: ${cappedList(p.announcers, NODES_PER_CELL, announcerText) || 'no node'}`));
  } else if (pool.announce !== 'bgp') {
    parts.push('not over L2 (no L2 policy serves it)');
  }
  if (pool.bgpAdvertisement && cluster.bgp) {
    const { name, peers } = pool.bgpAdvertisement;
    parts.push(`BGP via ${name} to ${cappedList(peers, NODES_PER_CELL, (p) => peerText(p.peer, p.families, pool.families)) || 'no peer'}`
      + ` from ${cappedList(cluster.bgp.speakers, NODES_PER_CELL, (n) => n.name) || 'no node'}`);
  }
  // `not announced` only when neither way reaches the network, so a reader can grep for it.
  return pool.l2 || pool.bgpAdvertisement ? parts.join('; ') : 'not announced (no L2 policy serves it)';
}

function blockText(pool: ResolvedPool): string {
  return pool.blocks.filter((b) => b.range).map((b) => (b.cidr !== undefined ? `${b.cidr} (${shortRange(b.range!)})` : formatRange(b.range!))).join(', ');
}

function usableText(pool: ResolvedPool): string {
  const withheld = pool.blocks.reduce((sum, b) => sum + (b.range ? b.range.last - b.range.first + 1n - b.usable : 0n), 0n);
  return `${pool.usable}${withheld > 0n ? ` (${withheld} first/last withheld)` : ''}${pool.disabled ? ', disabled' : ''}`;
}

function pinnedText(pool: ResolvedPool): string {
  const pins = pool.reservations;
  return pins.slice(0, PINNED_PER_CELL).map((p) => `${p.ip} ${p.service}`).join(', ')
    + (pins.length > PINNED_PER_CELL ? `, +${pins.length - PINNED_PER_CELL} more` : '') || '–';
}

export function poolsSection(cluster: ResolvedCluster): string {
  if (cluster.pools.length === 0) return '## LoadBalancer pools\n\nNone: LoadBalancer Services get no address.';
  const rows = cluster.pools.map((pool) => [pool.name, blockText(pool), usableText(pool), pinnedText(pool), announcedText(cluster, pool)]);
  return [
    '## LoadBalancer pools',
    '',
    markdownTable(['pool', 'range', 'usable', 'pinned', 'announced'], rows),
    '',
    `Usable addresses follow Cilium ${cluster.cilium.caps.minor} LB-IPAM: every address of a start/stop range, and every address of a cidr`,
    'block including its first and last, unless the pool sets allowFirstLastIPs: false; then the first and last of each',
    'cidr block of 4 or more addresses are withheld.',
  ].join('\n');
}
