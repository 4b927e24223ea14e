/**
 * Check 3: addresses collide with nothing. Cilium marks the later of two overlapping pools
 * Conflicting and allocates nothing from it; a pool over a node address (internal or external),
 * the pod or Service CIDR, the API VIP or a reserved range (gateway, DHCP) hands out addresses
 * already in use. The pod and Service CIDRs must be disjoint, and no node address, API VIP or BGP
 * peer may lie in them: those addresses are routed inside the cluster. Every message names both fields.
 * One sweep over all ranges sorted by start address: O(n log n) for thousands of pools.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatRange, IpRange, parseCidr, parseIp } from '../model/ip.js';
import { isLoopback } from '../model/k3s.js';
import type { ResolvedCluster } from '../model/resolved.js';

type Kind = 'pool' | 'node' | 'external' | 'api' | 'peer' | 'serviceCidr' | 'podCidr' | 'reserved';

/** Which kinds may not overlap: every pair involving a pool, and the cluster's own CIDRs against each other and the hosts. */
const CONFLICTS: Record<Kind, readonly Kind[]> = {
  pool: ['pool', 'node', 'external', 'api', 'serviceCidr', 'podCidr', 'reserved'],
  node: ['pool', 'serviceCidr', 'podCidr'],
  external: ['pool', 'serviceCidr', 'podCidr'],
  api: ['pool', 'serviceCidr', 'podCidr'],
  // A peer inside a pool or on a node is reported by the BGP peer check.
  peer: ['serviceCidr', 'podCidr'],
  serviceCidr: ['pool', 'node', 'external', 'api', 'peer', 'podCidr'],
  podCidr: ['pool', 'node', 'external', 'api', 'peer', 'serviceCidr'],
  reserved: ['pool'],
};
/** Of two colliding ranges, the one reported: the earlier kind here (of two pools, the later pool). */
const REPORTED_ON: readonly Kind[] = ['pool', 'node', 'external', 'api', 'peer', 'serviceCidr', 'podCidr', 'reserved'];

/** One address range of the plan, with where it comes from. */
interface PlannedRange extends IpRange {
  kind: Kind;
  /** Field path of its definition. */
  path: string;
  /** How messages name it, e.g. `pool "critical" (192.168.1.200/30)` or `k3s.serviceCidr 10.43.0.0/16 (the Service CIDR)`. */
  label: string;
  /** File order, to report a pool-vs-pool overlap on the later pool (the one Cilium rejects). */
  order: number;
}

function plannedRanges(cluster: ResolvedCluster): PlannedRange[] {
  const out: PlannedRange[] = [];
  const add = (kind: Kind, path: string, label: string, r: IpRange | undefined) => {
    if (r) out.push({ family: r.family, first: r.first, last: r.last, kind, path, label, order: out.length });
  };
  const single = (text: string) => {
    const ip = parseIp(text);
    return ip && { family: ip.family, first: ip.value, last: ip.value };
  };
  for (const pool of cluster.pools) {
    for (const b of pool.blocks) {
      if (b.range) add('pool', at('loadBalancer', 'pools', pool.index, 'blocks', b.index), `pool "${pool.name}" (${b.cidr ?? formatRange(b.range)})`, b.range);
    }
  }
  for (const node of cluster.nodes) {
    for (const { ip: text } of node.addresses) {
      add('node', at('nodes', node.index, 'address'), `node ${node.name}'s address ${text} (${at('nodes', node.index, 'address')})`, single(text));
    }
    for (const text of node.externalIps) {
      const path = at('nodes', node.index, 'externalAddress');
      add('external', path, `node ${node.name}'s external address ${text} (${path})`, single(text));
    }
  }
  for (const [field, kind, what, cidrs] of [
    ['clusterCidr', 'podCidr', 'pod', cluster.k3s.clusterCidrs], ['serviceCidr', 'serviceCidr', 'Service', cluster.k3s.serviceCidrs],
  ] as const) {
    for (const text of cidrs) add(kind, at('k3s', field), `k3s.${field} ${text} (the ${what} CIDR)`, parseCidr(text));
  }
  for (const r of cluster.reserved) {
    if (r.range) add('reserved', at('loadBalancer', 'reserved', r.index), `reserved "${r.name}" (${r.spec.cidr ?? formatRange(r.range)})`, r.range);
  }
  for (const peer of cluster.bgp?.peers ?? []) {
    const path = at('loadBalancer', 'bgp', 'peers', peer.index, 'address');
    // A peer collides only with the pod and Service CIDRs, which REPORTED_ON puts after it: the finding is on the peer, so its label is never shown.
    // Stryker disable next-line StringLiteral: equivalent, see above
    add('peer', path, `BGP peer ${peer.name}'s address ${peer.address} (${path})`, single(peer.address));
  }
  const api = cluster.k3s.apiHost;
  if (parseIp(api) && !isLoopback(api) && !cluster.nodes.some((n) => n.addresses.some((a) => a.ip === api))) {
    add('api', at('k3s', 'apiServer', 'host'), `the API server VIP ${api} (k3s.apiServer.host)`, single(api));
  }
  return out;
}

const ROUTED_INSIDE = 'Pod and Service addresses are routed inside the cluster, not on the LAN';
/** How to fix a collision, by the kind reported on and the kind it collides with. */
function fix(on: Kind, other: Kind): string {
  if (on === 'pool') {
    return {
      pool: 'Cilium marks the later pool Conflicting and allocates nothing from it: make the pools disjoint.',
      node: 'A Service would get an address a node already uses: move the pool, or leave the address out with start/stop blocks.',
      external: 'A Service would get a node\'s public address: move the pool, or leave the address out with start/stop blocks.',
      podCidr: `${ROUTED_INSIDE}: take the pool from the nodes' segment instead.`,
      serviceCidr: `${ROUTED_INSIDE}: take the pool from the nodes' segment instead.`,
      reserved: 'Those addresses are kept out of every pool on purpose: move the pool or shrink it with start/stop.',
      api: 'A Service would take the API address: move the pool or shrink it with start/stop.',
      peer: 'A Service would take the router\'s address: move the pool or shrink it with start/stop.',
    }[other];
  }
  if (on === 'serviceCidr') return 'k3s needs disjoint pod and Service CIDRs, e.g. its defaults 10.42.0.0/16 (pods) and 10.43.0.0/16 (Services).';
  return `${ROUTED_INSIDE}, so the host would be unreachable from pods: choose pod and Service CIDRs that no node, VIP or LAN uses.`;
}

/** The finding for two overlapping ranges, reported on the one REPORTED_ON puts first (of two pools, the later). */
function overlapDiagnostic(a: PlannedRange, b: PlannedRange): { order: number; d: Diagnostic } {
  const rank = (r: PlannedRange) => REPORTED_ON.indexOf(r.kind);
  // Stryker disable next-line EqualityOperator: two ranges compared are never one, and each has its own order, so `>=` is `>`
  const later = a.order > b.order;
  const [on, other] = rank(a) < rank(b) || (rank(a) === rank(b) && later) ? [a, b] : [b, a];
  const shared = { family: on.family, first: on.first > other.first ? on.first : other.first, last: on.last < other.last ? on.last : other.last };
  return { order: on.order, d: error(on.path, `${formatRange(on)} overlaps ${other.label} at ${formatRange(shared)}`, fix(on.kind, other.kind)) };
}

/** Two nodes with one address: k3s would register both with the same node IP. */
function duplicateNodeAddresses(cluster: ResolvedCluster): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const node of cluster.nodes) {
    for (const { ip: text } of node.addresses) {
      const ip = parseIp(text);
      if (!ip) continue;
      const key = `${ip.family}/${ip.value}`;
      const other = seen.get(key);
      if (other === undefined) seen.set(key, node.name);
      else out.push(error(at('nodes', node.index, 'address'), `${text} is already the address of node ${other}`, 'Every node needs its own address.'));
    }
  }
  return out;
}

export function checkAddressOverlaps(cluster: ResolvedCluster): Diagnostic[] {
  const ranges = plannedRanges(cluster).sort((a, b) => a.family - b.family || (a.first < b.first ? -1
    // A tie is two ranges pushed in file order (order is the index) and sort is stable, so a tie answered 1 or by a sum
    // keeps file order (100 copies of one pool, test/checks/edges-addresses); a tie answered -1 does not (tested).
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: equivalent, see above
    : a.first > b.first ? 1 : a.order - b.order));
  const found = new Map<string, { order: number; d: Diagnostic }>();
  // A running maximum per kind: every range that overlaps an earlier one of a kind overlaps the
  // earlier range of that kind reaching furthest, so comparing with those finds a partner for every colliding range.
  let furthest = new Map<Kind, PlannedRange>();
  let family = 0;
  for (const r of ranges) {
    if (r.family !== family) [furthest, family] = [new Map(), r.family];
    for (const kind of CONFLICTS[r.kind]) {
      const prev = furthest.get(kind);
      if (!prev || prev.last < r.first) continue;
      const finding = overlapDiagnostic(prev, r);
      found.set(`${finding.d.path}\u0000${finding.d.message}`, finding);
    }
    const max = furthest.get(r.kind);
    if (!max || r.last > max.last) furthest.set(r.kind, r);
  }
  const overlaps = [...found.values()].sort((a, b) => a.order - b.order || (a.d.message < b.d.message ? -1 : 1)).map((f) => f.d);
  return [...duplicateNodeAddresses(cluster), ...overlaps];
}
