/**
 * Check 5: every pinned Service IP (`lbipam.cilium.io/ips`) can really be allocated: it lies in
 * exactly one pool, that pool's serviceSelector selects the Service, it is not a first/last
 * address the pool withholds, the pool is not disabled, and no other Service pins it without a
 * shared `sharingKey` (and, across namespaces, `lbipam.cilium.io/sharing-cross-namespace` on both).
 * Otherwise Cilium leaves the Service pending with no address.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatIp, formatRange } from '../model/ip.js';
import { handedOutRange } from '../model/resolve/blocks.js';
import type { ResolvedCluster, ResolvedReservation } from '../model/resolved.js';
import { describeSelector, selectorMatches } from '../model/selectors.js';

function reservationDiagnostics(cluster: ResolvedCluster, r: ResolvedReservation): Diagnostic[] {
  const path = at('loadBalancer', 'reservations', r.index, 'ip');
  const ip = r.address;
  if (!ip) return [error(path, `${JSON.stringify(r.ip)} is not an IP address`, 'Write one IPv4 or IPv6 address, without a prefix length.')];
  if (r.pools.length === 0) {
    const known = cluster.pools.map((p) => `${p.name}: ${p.blocks.filter((b) => b.range).map((b) => formatRange(b.range!)).join(', ')}`).join('; ');
    return [error(path, `${r.ip} (${r.service}) is in no pool`,
      known ? `Pin an address from a pool (${known}), or add a pool that covers it.` : 'Add a pool under loadBalancer.pools that covers it.')];
  }
  if (r.pools.length > 1) {
    return [error(path, `${r.ip} (${r.service}) lies in ${r.pools.length} pools: ${r.pools.map((p) => `"${p.name}"`).join(', ')}`,
      'Make the pools disjoint so the address belongs to exactly one.')];
  }
  const out: Diagnostic[] = [];
  const pool = r.pools[0];
  if (!selectorMatches(pool.serviceSelector, r.selectorLabels)) {
    const selects = describeSelector(pool.serviceSelector, 'every Service');
    out.push(error(path, `pool "${pool.name}" holds ${r.ip}, but its serviceSelector (${selects}) does not select ${r.service}`,
      'Give the reservation the labels the pool selects (reservations[].labels, as on the Service), or pin an address from a pool that selects it.'));
  }
  if (pool.disabled) {
    out.push(error(path, `pool "${pool.name}" holds ${r.ip}, but it is disabled: Cilium allocates nothing new from it, so ${r.service} stays pending`,
      'Pin an address from an enabled pool, or set disabled: false (a Service that already holds the address keeps it while the pool is disabled).'));
  }
  const block = r.blocks[0];
  const cidr = pool.blocks[block.blockIndex].cidr;
  const handedOut = handedOutRange({ cidr }, block, pool.allowFirstLastIPs);
  if (ip.value < handedOut.first || ip.value > handedOut.last) {
    out.push(error(path,
      `${r.ip} is the ${ip.value === block.first ? 'first' : 'last'} address of ${cidr}, `
      + `which pool "${pool.name}" does not hand out (allowFirstLastIPs: false)`,
      `Pin an address from ${formatIp(ip.family, block.first + 1n)}–${formatIp(ip.family, block.last - 1n)}, or set allowFirstLastIPs: true.`));
  }
  return out;
}

/** Services of different namespaces share an IP only when each allows the other's namespace (Cilium LB-IPAM docs, "Sharing keys"). */
function crossNamespaceDiagnostics(sharing: readonly ResolvedReservation[]): Diagnostic[] {
  // Services of one namespace always share: the usual case needs no comparison of every pair.
  if (sharing.every((r) => r.namespace === sharing[0].namespace)) return [];
  const allows = (r: ResolvedReservation, namespace: string) => r.namespace === namespace || r.sharingCrossNamespace.some((n) => n === '*' || n === namespace);
  return sharing.flatMap((r) => {
    const others = sharing.filter((o) => o !== r && !allows(r, o.namespace));
    if (others.length === 0) return [];
    const namespaces = [...new Set(others.map((o) => o.namespace))];
    return [error(at('loadBalancer', 'reservations', r.index, 'sharingCrossNamespace'),
      `${r.service} shares ${r.ip} with ${others.map((o) => o.service).join(', ')} in another namespace, but Cilium shares an IP across namespaces `
      + 'only when both Services carry lbipam.cilium.io/sharing-cross-namespace allowing the other\'s namespace; the later Service stays pending',
      `Add sharingCrossNamespace: [${namespaces.join(', ')}] here and the namespace of ${r.service} on the other side `
      + `(the annotation lbipam.cilium.io/sharing-cross-namespace: "${namespaces.join(',')}" on the Service), or keep the Services in one namespace.`)];
  });
}

export function checkReservations(cluster: ResolvedCluster): Diagnostic[] {
  const out = cluster.reservations.flatMap((r) => reservationDiagnostics(cluster, r));
  const byIp = new Map<string, ResolvedReservation[]>();
  for (const r of cluster.reservations) {
    if (!r.address) continue;
    const key = `${r.address.family}/${r.address.value}`;
    const pinned = byIp.get(key);
    if (pinned) pinned.push(r);
    else byIp.set(key, [r]);
  }
  for (const pinned of byIp.values()) {
    const first = pinned[0];
    if (first.sharingKey !== undefined && pinned.every((r) => r.sharingKey === first.sharingKey)) {
      out.push(...crossNamespaceDiagnostics(pinned));
      continue;
    }
    for (const r of pinned.slice(1)) {
      out.push(error(at('loadBalancer', 'reservations', r.index, 'ip'),
        `${r.ip} is already pinned to ${first.service} (loadBalancer.reservations[${first.index}])`,
        'Pin another address, or give every Service sharing it the same sharingKey (lbipam.cilium.io/sharing-key).'));
    }
  }
  return out;
}
