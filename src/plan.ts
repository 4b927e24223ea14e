/**
 * The IP plan of a cluster: its nodes, pools (range, usable addresses under Cilium's first/last
 * rule, pinned Services, who announces them), what is kept out of the pools, and the API
 * rate-limit sizing with its arithmetic. Printed after a synth and written as dist/<name>/PLAN.md,
 * so a pull request shows how the address plan changed. Ends with the verification checklist.
 */
import { basename } from 'node:path';
import { poolAdvertisementName } from '../constructs/bgp-pool-advertisement.js';
import { parseGoDuration } from '../constructs/go-duration.js';
import { formatRange, parseIp } from '../constructs/ip.js';
import { bgpFamily, BgpFamily, ResolvedBgpPeer } from '../constructs/resolved-bgp.js';
import {
  CILIUM_DEFAULT_BURST, CILIUM_DEFAULT_QPS, blockRange, isLoopback, ResolvedCluster, ResolvedNode, ResolvedPool,
} from '../constructs/resolved-cluster.js';
import { shortRange } from '../constructs/validation/canonical-cidrs.js';
import { selectorMatches } from '../constructs/selectors.js';
import { nodesSelectedBy, policiesServing } from '../constructs/validation/l2-pools-on-node-subnets.js';
import { poolBlockIndex } from '../constructs/validation/range-index.js';
import { compileRe2, re2Matches } from '../constructs/validation/regex.js';
import { nodeSelectorLabels } from '../constructs/validation/selector-labels.js';
import { verificationChecklist } from './plan-checklist.js';

/** Pinned Services listed per pool cell before "+N more", to keep the table readable. */
const PINNED_PER_CELL = 5;
/** Announcing nodes listed per pool cell before "+N more": a 50-node cluster would otherwise fill the row. */
const NODES_PER_CELL = 5;
/** Pool names listed in a sentence before "+N more". */
const POOLS_PER_NOTE = 5;

/** The first `max` items joined, then "+N more" for the rest. */
export function cappedList(items: string[], max: number): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, +${items.length - max} more` : '');
}

/** A markdown table; `|` in cells is escaped. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The nodes (with the matching interfaces) that announce a pool over L2, per policy. */
export function l2Announcers(cluster: ResolvedCluster, pool: ResolvedPool): { policy: string; nodes: { name: string; interfaces: string[] }[] }[] {
  return policiesServing(cluster, pool).map((policy) => {
    const patterns = (policy.interfaces ?? []).map(compileRe2).flatMap((r) => ('re' in r ? [r.re] : []));
    const nodes = nodesSelectedBy(cluster, policy).map((n) => ({
      name: n.name,
      interfaces: policy.interfaces?.length ? n.interfaces.filter((i) => patterns.some((re) => re2Matches(re, i))) : n.interfaces,
    }));
    return { policy: policy.name, nodes: nodes.filter((n) => n.interfaces.length > 0) };
  });
}

const speakersOf = new WeakMap<ResolvedCluster, ResolvedNode[]>();

/** The nodes the BGP cluster config's nodeSelector picks (by the labels they carry once registered). */
export function bgpSpeakers(cluster: ResolvedCluster): ResolvedNode[] {
  if (!cluster.bgp) return [];
  // One answer per cluster: every BGP pool asks, and a fleet-scale cluster has thousands of each.
  let speakers = speakersOf.get(cluster);
  if (!speakers) speakersOf.set(cluster, speakers = cluster.nodes.filter((n) => selectorMatches(cluster.bgp!.nodeSelector, nodeSelectorLabels(n))));
  return speakers;
}

/** The address families of a pool's blocks, as BGP names them. */
export function poolBgpFamilies(pool: ResolvedPool): BgpFamily[] {
  return [...new Set(pool.blocks.flatMap((b) => (b.range ? [bgpFamily(b.range.family)] : [])))].sort();
}

/**
 * How a BGP pool reaches the routers: its CiliumBGPAdvertisement, the peers whose peer config
 * negotiates a family of the pool (the others never receive its routes), and the speaking nodes.
 */
export function bgpAdvertisement(cluster: ResolvedCluster, pool: ResolvedPool): {
  advertisement: string; peers: { peer: ResolvedBgpPeer; families: BgpFamily[] }[]; nodes: ResolvedNode[];
} {
  const families = poolBgpFamilies(pool);
  const peers = (cluster.bgp?.peers ?? [])
    .map((peer) => ({ peer, families: families.filter((f) => peer.peerConfig?.families.includes(f)) }))
    .filter((p) => p.families.length > 0);
  return { advertisement: poolAdvertisementName(pool.spec), peers, nodes: bgpSpeakers(cluster) };
}

/** `tor-a (10.10.0.2, AS 65000)`, naming the family when the peer carries only some of the pool's. */
function peerText(peer: ResolvedBgpPeer, families: BgpFamily[], poolFamilies: BgpFamily[]): string {
  const only = families.length < poolFamilies.length ? `, ${families.join(', ')} only` : '';
  return `${peer.name} (${peer.address}, AS ${peer.asn}${only})`;
}

function announcedText(cluster: ResolvedCluster, pool: ResolvedPool): string {
  const parts: string[] = [];
  if (pool.l2) {
    parts.push(...l2Announcers(cluster, pool).map((a) => `L2 via ${a.policy}: ${cappedList(a.nodes.map((n) => `${n.name} (${n.interfaces.join(', ')})`), NODES_PER_CELL) || 'no node'}`));
  } else if (pool.announce !== 'bgp') {
    parts.push('not over L2 (no L2 policy serves it)');
  }
  if (pool.bgp && cluster.bgp) {
    const { advertisement, peers, nodes } = bgpAdvertisement(cluster, pool);
    const families = poolBgpFamilies(pool);
    parts.push(`BGP via ${advertisement} to ${cappedList(peers.map((p) => peerText(p.peer, p.families, families)), NODES_PER_CELL) || 'no peer'}`
      + ` from ${cappedList(nodes.map((n) => n.name), NODES_PER_CELL) || 'no node'}`);
  }
  // `not announced` only when neither way reaches the network, so a reader can grep for it.
  return pool.l2 || (pool.bgp && cluster.bgp) ? parts.join('; ') : 'not announced (no L2 policy serves it)';
}

/** Reservations per pool name, in file order. */
export function reservationsByPool(cluster: ResolvedCluster): Map<string, { service: string; ip: string }[]> {
  const index = poolBlockIndex(cluster);
  const out = new Map<string, { service: string; ip: string }[]>();
  for (const r of cluster.reservations) {
    const ip = parseIp(r.ip);
    const block = ip && index.containing(ip.family, ip.value)[0];
    if (block) out.set(block.pool.name, [...(out.get(block.pool.name) ?? []), { service: r.service, ip: r.ip }]);
  }
  return out;
}

function blockText(pool: ResolvedPool): string {
  return pool.blocks.filter((b) => b.range).map((b) => (b.spec.cidr !== undefined ? `${b.spec.cidr} (${shortRange(b.range!)})` : formatRange(b.range!))).join(', ');
}

function usableText(pool: ResolvedPool): string {
  const withheld = pool.blocks.reduce((sum, b) => sum + (b.range ? b.range.last - b.range.first + 1n - b.usable : 0n), 0n);
  return `${pool.usable}${withheld > 0n ? ` (${withheld} first/last withheld)` : ''}${pool.spec.disabled ? ', disabled' : ''}`;
}

function poolsSection(cluster: ResolvedCluster): string {
  if (cluster.pools.length === 0) return '## LoadBalancer pools\n\nNone: LoadBalancer Services get no address.';
  const pinned = reservationsByPool(cluster);
  const rows = cluster.pools.map((pool) => {
    const pins = pinned.get(pool.name) ?? [];
    const pinText = pins.slice(0, PINNED_PER_CELL).map((p) => `${p.ip} ${p.service}`).join(', ')
      + (pins.length > PINNED_PER_CELL ? `, +${pins.length - PINNED_PER_CELL} more` : '') || '–';
    return [pool.name, blockText(pool), usableText(pool), pinText, announcedText(cluster, pool)];
  });
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

function keptOutSection(cluster: ResolvedCluster): string {
  const rows: string[][] = [
    ...cluster.reserved.map((r) => { const range = blockRange(r); return [`reserved: ${r.name}`, range ? (r.cidr ?? formatRange(range)) : String(r.cidr ?? r.start)]; }),
    ...cluster.nodes.map((n) => [`node ${n.name}`, n.addresses.map((a) => a.ip).join(', ')]),
    ...(parseIp(cluster.k3s.apiHost) && !cluster.nodes.some((n) => n.addresses.some((a) => a.ip === cluster.k3s.apiHost)) && !isLoopback(cluster.k3s.apiHost)
      ? [['API server VIP', cluster.k3s.apiHost]] : []),
    // The BGP peer check refuses a pool holding a router's address, so routers are kept out too.
    ...(cluster.bgp?.peers ?? []).map((p) => [`BGP peer ${p.name} (AS ${p.asn})`, p.address]),
    ...cluster.k3s.clusterCidrs.map((c) => ['pod CIDR (k3s cluster-cidr)', c]),
    ...cluster.k3s.serviceCidrs.map((c) => ['Service CIDR (k3s service-cidr)', c]),
  ];
  return ['## Kept out of the pools', '', markdownTable(['what', 'addresses'], rows)].join('\n');
}

/** The BGP cell of a node: whether it speaks BGP, with its per-node overrides. */
function nodeBgpText(node: ResolvedNode, speakers: ResolvedNode[]): string {
  if (!speakers.includes(node)) return 'no (not selected by loadBalancer.bgp.nodeSelector)';
  const overrides = [
    ...(node.bgp?.routerID !== undefined ? [`router ID ${node.bgp.routerID}`] : []),
    ...(node.bgp?.localAddresses?.length ? [`source ${node.bgp.localAddresses.join(', ')}`] : []),
  ];
  return overrides.length ? `yes (${overrides.join(', ')})` : 'yes';
}

function nodesSection(cluster: ResolvedCluster): string {
  // Plural headers only when some node has two addresses: a single-stack plan reads as before.
  const dual = cluster.nodes.some((n) => n.addresses.length > 1);
  const speakers = bgpSpeakers(cluster);
  const header = ['node', 'role', dual ? 'addresses' : 'address', dual ? 'L2 subnets' : 'L2 subnet', 'interfaces', ...(cluster.bgp ? ['BGP'] : [])];
  const rows = cluster.nodes.map((n) => [
    n.name, n.role,
    n.addresses.map((a) => a.ip).join(', '),
    n.addresses.map((a) => a.subnet?.canonical ?? '–').join(', '),
    n.interfaces.join(', '),
    ...(cluster.bgp ? [nodeBgpText(n, speakers)] : []),
  ]);
  return ['## Nodes', '', markdownTable(header, rows)].join('\n');
}

function rateLimitSection(cluster: ResolvedCluster): string {
  const head = '## API rate limit (k8sClientRateLimit)';
  // BGP advertises without a Lease per Service, so only L2 announcements load the API client.
  const bgpOnly = cluster.bgp ? cluster.pools.filter((p) => p.bgp && !p.l2).map((p) => p.name) : [];
  if (cluster.l2Policies.length === 0) {
    const why = bgpOnly.length ? ': the pools are advertised over BGP, which holds no Lease per Service, so' : ':';
    return `${head}\n\nNo L2 announcements${why} the agent keeps its default client rate limit (${CILIUM_DEFAULT_QPS} QPS, burst ${CILIUM_DEFAULT_BURST}).`;
  }
  const bgpNote = bgpOnly.length ? ` Pools advertised only over BGP (${cappedList(bgpOnly, POOLS_PER_NOTE)}) hold no Lease and are not counted.` : '';
  const { services, servicesFromPools, renewDeadlineSeconds: renew, qps, burst } = cluster.rateLimit;
  const raw = Math.ceil(services / renew);
  const source = servicesFromPools ? 'the usable addresses of the L2-announced pools; set cilium.l2ServiceCount to size for fewer' : 'cilium.l2ServiceCount';
  return [
    head,
    '',
    `Every Service announced over L2 is a Lease its holder renews within leaseRenewDeadline (${cluster.lease.renewDeadline}); Cilium's docs size`,
    `QPS = #services / leaseRenewDeadline, never below the agent defaults (${CILIUM_DEFAULT_QPS} QPS, burst ${CILIUM_DEFAULT_BURST}).${bgpNote}`,
    '',
    `- L2-announced Services: ${services} (${source})`,
    `- qps = max(${CILIUM_DEFAULT_QPS}, ceil(${services} / ${renew}s)) = max(${CILIUM_DEFAULT_QPS}, ${raw}) = **${qps}**`,
    `- burst = max(${CILIUM_DEFAULT_BURST}, 2 × qps) = max(${CILIUM_DEFAULT_BURST}, ${2 * qps}) = **${burst}**`,
    `- failover after losing the holder: leaseDuration − leaseRenewDeadline … leaseDuration + leaseRenewDeadline = ${failover(cluster)}`,
  ].join('\n');
}

/** The failover window of the lease timings, e.g. `10s–20s`. */
function failover(cluster: ResolvedCluster): string {
  const d = parseGoDuration(cluster.lease.duration) ?? 0;
  const r = cluster.rateLimit.renewDeadlineSeconds;
  const s = (x: number) => `${Number(x.toFixed(3))}s`;
  return `${s(d - r)}–${s(d + r)}`;
}

function summary(cluster: ResolvedCluster, source: string): string {
  const api = `${parseIp(cluster.k3s.apiHost)?.family === 6 ? `[${cluster.k3s.apiHost}]` : cluster.k3s.apiHost}:${cluster.k3s.apiPort}`;
  return [
    `# IP plan: ${cluster.name}`,
    '',
    // Only the file name: the same cluster file gives the same plan however the synth was invoked.
    `Rendered from \`${basename(source)}\` for Cilium ${cluster.cilium.version} (${cluster.cilium.routingMode} routing).`,
    `Kubernetes API for Cilium: ${api} · pods ${cluster.k3s.clusterCidrs.join(', ')} · Services ${cluster.k3s.serviceCidrs.join(', ')}.`,
    ...(cluster.bgp ? [`BGP: local AS ${cluster.bgp.localASN} (${cluster.bgp.instanceName})${cluster.bgp.advertisePodCIDRs ? ', pod CIDRs advertised' : ''}.`] : []),
  ].join('\n');
}

/** PLAN.md of one cluster. */
export function renderPlan(cluster: ResolvedCluster, source: string): string {
  return [
    summary(cluster, source),
    nodesSection(cluster),
    poolsSection(cluster),
    keptOutSection(cluster),
    rateLimitSection(cluster),
    verificationChecklist(cluster),
  ].join('\n\n') + '\n';
}

