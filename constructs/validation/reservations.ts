/**
 * Check 5: every pinned Service IP (`lbipam.cilium.io/ips`) can really be allocated: it lies in
 * exactly one pool, that pool's serviceSelector selects the Service, it is not a first/last
 * address the pool withholds, and no other Service pins it without a shared `sharingKey`.
 * Otherwise Cilium leaves the Service pending with no address.
 */
import type { LabelSelector } from '../cluster-spec.js';
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import { formatIp, formatRange, parseIp } from '../ip.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { selectorMatches } from '../selectors.js';
import { poolBlockIndex } from './range-index.js';
import { serviceSelectorLabels } from './selector-labels.js';

/** `tier=critical, app In (a, b)` for messages. */
export function describeSelector(selector: LabelSelector | undefined): string {
  if (!selector) return 'every Service';
  const parts = [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(', ')})` : ''}`),
  ];
  return parts.join(', ') || 'every Service';
}

export function validateReservations(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const index = poolBlockIndex(cluster);
  const byIp = new Map<string, number[]>();
  cluster.reservations.forEach((r, i) => {
    const path = fieldPath('loadBalancer', 'reservations', i, 'ip');
    const ip = parseIp(r.ip);
    if (!ip) {
      out.push({ severity: 'error', path, message: `${JSON.stringify(r.ip)} is not an IP address`, fix: 'Write one IPv4 or IPv6 address, without a prefix length.' });
      return;
    }
    const key = `${ip.family}/${ip.value}`;
    byIp.set(key, [...(byIp.get(key) ?? []), i]);
    const blocks = index.containing(ip.family, ip.value);
    const pools = [...new Set(blocks.map((b) => b.pool))];
    if (pools.length === 0) {
      const known = cluster.pools.map((p) => `${p.name}: ${p.blocks.filter((b) => b.range).map((b) => formatRange(b.range!)).join(', ')}`).join('; ');
      out.push({
        severity: 'error', path, message: `${r.ip} (${r.service}) is in no pool`,
        fix: known ? `Pin an address from a pool (${known}), or add a pool that covers it.` : 'Add a pool under loadBalancer.pools that covers it.',
      });
      return;
    }
    if (pools.length > 1) {
      out.push({
        severity: 'error', path, message: `${r.ip} (${r.service}) lies in ${pools.length} pools: ${pools.map((p) => `"${p.name}"`).join(', ')}`,
        fix: 'Make the pools disjoint so the address belongs to exactly one.',
      });
      return;
    }
    const pool = pools[0];
    if (!selectorMatches(pool.spec.serviceSelector, serviceSelectorLabels(r))) {
      out.push({
        severity: 'error', path,
        message: `pool "${pool.name}" holds ${r.ip}, but its serviceSelector (${describeSelector(pool.spec.serviceSelector)}) does not select ${r.service}`,
        fix: 'Give the reservation the labels the pool selects (reservations[].labels, as on the Service), or pin an address from a pool that selects it.',
      });
    }
    const block = blocks[0];
    const spec = pool.blocks[block.blockIndex].spec;
    const edge = ip.value === block.first || ip.value === block.last;
    if (spec.cidr !== undefined && !pool.allowFirstLastIPs && block.last - block.first + 1n >= 4n && edge) {
      out.push({
        severity: 'error', path,
        message: `${r.ip} is the ${ip.value === block.first ? 'first' : 'last'} address of ${spec.cidr}, which pool "${pool.name}" does not hand out (allowFirstLastIPs: false)`,
        fix: `Pin an address from ${formatIp(ip.family, block.first + 1n)}–${formatIp(ip.family, block.last - 1n)}, or set allowFirstLastIPs: true.`,
      });
    }
  });
  for (const indices of byIp.values()) {
    const first = cluster.reservations[indices[0]];
    if (first.sharingKey !== undefined && indices.every((k) => cluster.reservations[k].sharingKey === first.sharingKey)) continue;
    for (const i of indices.slice(1)) {
      const r = cluster.reservations[i];
      out.push({
        severity: 'error', path: fieldPath('loadBalancer', 'reservations', i, 'ip'),
        message: `${r.ip} is already pinned to ${first.service} (loadBalancer.reservations[${indices[0]}])`,
        fix: 'Pin another address, or give every Service sharing it the same sharingKey (lbipam.cilium.io/sharing-key).',
      });
    }
  }
  return out;
}
