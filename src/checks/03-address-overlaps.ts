/**
 * Check 3: pool addresses collide with nothing. Cilium marks the later of two overlapping pools
 * Conflicting and allocates nothing from it; a pool over a node address, the pod or Service CIDR,
 * the API VIP or a reserved range (gateway, DHCP) hands out addresses already in use.
 * One sweep over all ranges sorted by start address: O(n log n) for thousands of pools.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatRange, IpRange, parseCidr, parseIp } from '../model/ip.js';
import { isLoopback } from '../model/k3s.js';
import type { ResolvedCluster } from '../model/resolved.js';

type Kind = 'pool' | 'node' | 'cidr' | 'reserved' | 'api';

/** One address range of the plan, with where it comes from. */
interface PlannedRange extends IpRange {
  kind: Kind;
  /** Field path of its definition. */
  path: string;
  /** How messages name it, e.g. `pool "critical" (192.168.1.200/30)`. */
  label: string;
  /** File order, to report a pool-vs-pool overlap on the later pool (the one Cilium rejects). */
  order: number;
}

function plannedRanges(cluster: ResolvedCluster): PlannedRange[] {
  const out: PlannedRange[] = [];
  const add = (kind: Kind, path: string, label: string, r: IpRange | undefined) => {
    if (r) out.push({ family: r.family, first: r.first, last: r.last, kind, path, label, order: out.length });
  };
  for (const pool of cluster.pools) {
    for (const b of pool.blocks) {
      if (b.range) add('pool', at('loadBalancer', 'pools', pool.index, 'blocks', b.index), `pool "${pool.name}" (${b.cidr ?? formatRange(b.range)})`, b.range);
    }
  }
  for (const node of cluster.nodes) {
    for (const { ip: text } of node.addresses) {
      const ip = parseIp(text);
      add('node', at('nodes', node.index, 'address'), `node ${node.name}'s address ${text}`, ip && { family: ip.family, first: ip.value, last: ip.value });
    }
  }
  for (const [field, cidrs] of [['clusterCidr', cluster.k3s.clusterCidrs], ['serviceCidr', cluster.k3s.serviceCidrs]] as const) {
    for (const text of cidrs) {
      add('cidr', at('k3s', field), `the k3s ${field === 'clusterCidr' ? 'pod' : 'Service'} CIDR ${text}`, parseCidr(text));
    }
  }
  for (const r of cluster.reserved) {
    if (r.range) add('reserved', at('loadBalancer', 'reserved', r.index), `reserved "${r.name}" (${r.spec.cidr ?? formatRange(r.range)})`, r.range);
  }
  const api = parseIp(cluster.k3s.apiHost);
  if (api && !isLoopback(cluster.k3s.apiHost) && !cluster.nodes.some((n) => n.addresses.some((a) => a.ip === cluster.k3s.apiHost))) {
    add('api', at('k3s', 'apiServer', 'host'), `the API server VIP ${cluster.k3s.apiHost}`, { family: api.family, first: api.value, last: api.value });
  }
  return out;
}

const FIX: Record<Kind, string> = {
  pool: 'Cilium marks the later pool Conflicting and allocates nothing from it: make the pools disjoint.',
  node: 'A Service would get an address a node already uses: move the pool, or leave the address out with start/stop blocks.',
  cidr: 'Pod and Service addresses are routed inside the cluster, not announced: take the pool from the nodes\' segment instead.',
  reserved: 'Those addresses are kept out of every pool on purpose: move the pool or shrink it with start/stop.',
  api: 'A Service would take the API address: move the pool or shrink it with start/stop.',
};

/** The finding for a pool that overlaps `other`, reported on the pool (on the later of two pools). */
function overlapDiagnostic(a: PlannedRange, b: PlannedRange): { order: number; d: Diagnostic } {
  const [on, other] = a.kind === 'pool' && (b.kind !== 'pool' || a.order > b.order) ? [a, b] : [b, a];
  const shared = { family: on.family, first: on.first > other.first ? on.first : other.first, last: on.last < other.last ? on.last : other.last };
  return { order: on.order, d: error(on.path, `${formatRange(on)} overlaps ${other.label} at ${formatRange(shared)}`, FIX[other.kind]) };
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
  const ranges = plannedRanges(cluster).sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.order - b.order));
  const found = new Map<string, { order: number; d: Diagnostic }>();
  // Two running maxima: every range that overlaps an earlier one overlaps the earlier range
  // reaching furthest, so comparing with those finds a partner for every colliding range.
  let maxPool: PlannedRange | undefined;
  let maxOther: PlannedRange | undefined;
  for (const r of ranges) {
    if (maxPool && maxPool.family !== r.family) maxPool = undefined;
    if (maxOther && maxOther.family !== r.family) maxOther = undefined;
    for (const prev of [maxPool, maxOther]) {
      if (!prev || prev.last < r.first || (prev.kind !== 'pool' && r.kind !== 'pool')) continue;
      const finding = overlapDiagnostic(prev, r);
      found.set(`${finding.d.path}\u0000${finding.d.message}`, finding);
    }
    if (r.kind === 'pool') { if (!maxPool || r.last > maxPool.last) maxPool = r; } else if (!maxOther || r.last > maxOther.last) maxOther = r;
  }
  const overlaps = [...found.values()].sort((a, b) => a.order - b.order || (a.d.message < b.d.message ? -1 : 1)).map((f) => f.d);
  return [...duplicateNodeAddresses(cluster), ...overlaps];
}
