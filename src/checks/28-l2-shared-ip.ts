/**
 * Check 28 (warning): one IP shared by several Services (a common `sharingKey`) on a pool announced
 * over L2. Cilium elects the announcing node per Service, one Lease each, so two nodes can answer
 * ARP/NDP for the shared IP and a client's ARP cache flips between them (cilium/cilium#48419, on
 * the releases src/model/cilium-behaviour.ts lists). BGP advertises from every node and is not affected.
 */
import { ciliumHas } from '../model/cilium-behaviour.js';
import { at, Diagnostic, warning } from '../model/diagnostics.js';
import type { ResolvedCluster, ResolvedReservation } from '../model/resolved.js';

export function checkL2SharedIp(cluster: ResolvedCluster): Diagnostic[] {
  // Every supported release has the behaviour (no fix yet): the guard is for the release that fixes it.
  // Stryker disable next-line ConditionalExpression: equivalent until then, see above
  if (!ciliumHas(cluster.cilium.version, 'l2SharedIpElectedPerService')) return [];
  const byIp = new Map<string, ResolvedReservation[]>();
  for (const r of cluster.reservations) {
    if (!r.address || r.sharingKey === undefined || !r.pools[0]?.l2) continue;
    const key = `${r.address.family}/${r.address.value}/${r.sharingKey}`;
    byIp.set(key, [...(byIp.get(key) ?? []), r]);
  }
  // A Service alone on its IP has no rest, so nothing to warn.
  return [...byIp.values()].flatMap(([first, ...rest]) => rest.map((r) => warning(
    at('loadBalancer', 'reservations', r.index, 'sharingKey'),
    `${r.service} shares ${r.ip} with ${first.service} (sharingKey "${r.sharingKey}") on pool "${r.pools[0].name}", announced over L2: `
    + `Cilium ${cluster.cilium.version} elects the announcing node per Service, so two nodes can answer ARP/NDP for ${r.ip} `
    + 'and connections break when a client\'s ARP cache flips (cilium/cilium#48419)',
    'Give each Service its own IP, or announce this pool over BGP (announce: bgp).')));
}
