/**
 * The router's side of a cluster's BGP sessions, read from the resolved cluster: for each peer
 * (router), the neighbours it must accept (one per speaking node, at the node's address of the
 * peer's family or the node's override `localAddress`), the session settings of the peer config,
 * and the prefixes the nodes announce to it. Both dialects (frr.ts, bird.ts) render this alone,
 * so FRR and BIRD always accept the same thing.
 */
import { K3S_NODE_CIDR_MASK } from '../model/defaults.js';
import { formatIp, parseCidr, type IpFamily, type IpRange } from '../model/ip.js';
import type { BgpFamily, BgpNodeOverride, ResolvedBgp, ResolvedBgpPeer, ResolvedCluster, ResolvedNode, ResolvedPool } from '../model/resolved.js';

/** A prefix the router accepts: `cidr` and every more specific prefix whose length is in [minLength, maxLength]. */
export interface AcceptedPrefix {
  readonly cidr: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** What it is: the BGP pools' addresses (merged) or the node pod CIDRs. */
  readonly origin: 'pools' | 'node pod CIDRs';
}

export interface RouterNeighbour {
  readonly node: string;
  /** The address the node's session comes from. */
  readonly address: string;
}

export interface RouterFamily {
  readonly family: BgpFamily;
  readonly accept: readonly AcceptedPrefix[];
  /** Most prefixes one node can announce in this family: every address of the accepted pool blocks plus its pod CIDR, capped at 2^32-1. */
  readonly maximumPrefixes: number;
}

export interface RouterSessions {
  readonly cluster: string;
  readonly peer: ResolvedBgpPeer;
  /** The router's AS (the peer's `asn`); undefined when the cluster file says 0 (accept any). */
  readonly routerAsn?: number;
  /** The nodes' AS. */
  readonly clusterAsn: number;
  readonly neighbours: readonly RouterNeighbour[];
  /** Speaking nodes with no address of the peer's family: no session. */
  readonly unreachable: readonly string[];
  /** Families the peer config negotiates. */
  readonly families: readonly RouterFamily[];
  readonly holdTimeSeconds: number;
  readonly keepAliveTimeSeconds: number;
  /** Set only when the cluster file sets it (else each side keeps its own). */
  readonly connectRetrySeconds?: number;
  /** The Secret holding the TCP MD5 password: `<namespace>/<name>`. */
  readonly passwordSecret?: string;
  readonly ebgpMultihop?: number;
  readonly gracefulRestart: boolean;
}

/** The text the password stands as in both dialects, until the user fills it in (or a test does). */
export function passwordPlaceholder(secret: string): string {
  return `<password of Secret ${secret}>`;
}

const FAMILY_NUMBER: Record<BgpFamily, IpFamily> = { ipv4: 4, ipv6: 6 };
const MAX_PREFIXES = 4294967295n;

/** The fewest CIDRs covering exactly `range` (a start/stop block need not be one prefix). */
export function rangeToCidrs(range: IpRange): { network: bigint; prefix: number }[] {
  const bits = range.family === 4 ? 32 : 128;
  const out: { network: bigint; prefix: number }[] = [];
  let first = range.first;
  while (first <= range.last) {
    let size = 0;
    // Grow the block while it stays aligned at `first` and inside the range.
    while (size < bits && (first & ((1n << BigInt(size + 1)) - 1n)) === 0n && first + (1n << BigInt(size + 1)) - 1n <= range.last) size++;
    out.push({ network: first, prefix: bits - size });
    first += 1n << BigInt(size);
  }
  return out;
}

/** Pool blocks by the peer list of their advertisement: pools of the same families share one list (see poolAdvertisements). */
type PoolGroups = Map<NonNullable<ResolvedPool['bgpAdvertisement']>['peers'], ResolvedPool[]>;

function poolGroups(cluster: ResolvedCluster): PoolGroups {
  const groups: PoolGroups = new Map();
  for (const pool of cluster.pools) {
    if (!pool.bgpAdvertisement) continue;
    const list = groups.get(pool.bgpAdvertisement.peers) ?? [];
    list.push(pool);
    groups.set(pool.bgpAdvertisement.peers, list);
  }
  return groups;
}

/** Sorted, overlapping and adjacent ranges merged: the router accepts the same host routes from fewer prefixes. */
function mergeRanges(ranges: IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: IpRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.first <= last.last + 1n) out[out.length - 1] = { ...last, last: r.last > last.last ? r.last : last.last };
    else out.push({ ...r });
  }
  return out;
}

function familySessions(cluster: ResolvedCluster, bgp: ResolvedBgp, groups: PoolGroups, peer: ResolvedBgpPeer, family: BgpFamily): RouterFamily {
  const ipFamily = FAMILY_NUMBER[family];
  const hostLength = ipFamily === 4 ? 32 : 128;
  const accept: AcceptedPrefix[] = [];
  const ranges: IpRange[] = [];
  for (const [peers, pools] of groups) {
    // Cilium advertises each LoadBalancer IP as a host route (/32, /128) to the peers of the pool's advertisement.
    if (!peers.some((p) => p.peer === peer && p.families.includes(family))) continue;
    for (const pool of pools) for (const block of pool.blocks) if (block.range?.family === ipFamily) ranges.push(block.range);
  }
  let addresses = 0n;
  for (const range of mergeRanges(ranges)) {
    addresses += range.last - range.first + 1n;
    for (const c of rangeToCidrs(range)) {
      accept.push({ cidr: `${formatIp(ipFamily, c.network)}/${c.prefix}`, minLength: hostLength, maxLength: hostLength, origin: 'pools' });
    }
  }
  let podCidrs = 0n;
  if (bgp.advertisePodCIDRs) {
    for (const text of cluster.k3s.clusterCidrs) {
      const cidr = parseCidr(text);
      if (cidr?.family !== ipFamily) continue;
      // k3s's node IPAM gives each node one range of this length; Cilium advertises it as is.
      const mask = K3S_NODE_CIDR_MASK[ipFamily];
      accept.push({ cidr: cidr.canonical, minLength: mask, maxLength: mask, origin: 'node pod CIDRs' });
      podCidrs = 1n;
    }
  }
  const max = addresses + podCidrs;
  return { family, accept, maximumPrefixes: Number(max > MAX_PREFIXES ? MAX_PREFIXES : max < 1n ? 1n : max) };
}

/** The router side of each BGP peer of the cluster, in peer order; none without BGP. */
export function routerSessions(cluster: ResolvedCluster): RouterSessions[] {
  const bgp = cluster.bgp;
  if (!bgp) return [];
  const groups = poolGroups(cluster);
  const overrides = new Map<ResolvedNode, BgpNodeOverride>(bgp.nodeOverrides.map((o) => [o.node, o]));
  return bgp.peers.filter((peer) => peer.family !== undefined && peer.peerConfig).map((peer) => {
    const config = peer.peerConfig!;
    const neighbours: RouterNeighbour[] = [];
    const unreachable: string[] = [];
    for (const node of bgp.speakers) {
      const override = overrides.get(node)?.peers.find((p) => p.name === peer.name);
      const address = override?.localAddress ?? node.addresses.find((a) => a.family === peer.family)?.ip;
      if (address === undefined) unreachable.push(node.name);
      else neighbours.push({ node: node.name, address });
    }
    return {
      cluster: cluster.name,
      peer,
      routerAsn: peer.asn === 0 ? undefined : peer.asn,
      clusterAsn: bgp.localASN,
      neighbours,
      unreachable,
      families: config.families.map((f) => familySessions(cluster, bgp, groups, peer, f)),
      holdTimeSeconds: config.holdTimeSeconds,
      keepAliveTimeSeconds: config.keepAliveTimeSeconds,
      connectRetrySeconds: config.timers?.connectRetryTimeSeconds,
      passwordSecret: config.authSecretRef === undefined ? undefined : `${bgp.secretsNamespace}/${config.authSecretRef}`,
      ebgpMultihop: config.ebgpMultihop,
      gracefulRestart: config.gracefulRestart?.enabled ?? false,
    };
  });
}
