/**
 * Check 40 (a warning): a single-hop eBGP peer (no `ebgpMultihop`) whose address is on no subnet
 * of the speaking nodes. Cilium's GoBGP sends eBGP with TTL 1 unless the peer config sets
 * `ebgpMultihop`, so such a session comes up only when the address belongs to a router on the
 * nodes' own link (its loopback, one hop away: Linux delivers a TTL-1 packet addressed to itself),
 * never across a routed hop. The real-daemon tests (test/routers/) showed both: a router loopback
 * one hop away establishes without multihop. The cluster file cannot say which it is, so this warns.
 * Distinct subnets are compared once per peer: a fleet has thousands of nodes on a few subnets.
 */
import { at, Diagnostic, warning } from '../model/diagnostics.js';
import { parseIp } from '../model/ip.js';
import type { ResolvedCluster, Subnet } from '../model/resolved.js';

/** At most this many subnets are named in a message. */
const NAMED_SUBNETS = 3;

export function checkBgpPeerOnNodeSubnet(cluster: ResolvedCluster): Diagnostic[] {
  const bgp = cluster.bgp;
  if (!bgp || bgp.speakers.length === 0) return [];
  const subnets = new Map<string, Subnet>();
  for (const node of bgp.speakers) for (const a of node.addresses) if (a.subnet) subnets.set(a.subnet.canonical, a.subnet);
  const out: Diagnostic[] = [];
  for (const peer of bgp.peers) {
    const config = peer.peerConfig;
    const ip = parseIp(peer.address);
    // iBGP has no TTL limit; ASN 0 may be either; a multihop config is what the fix says.
    if (!ip || !config || peer.asn === bgp.localASN || peer.asn === 0 || (config.ebgpMultihop ?? 1) > 1) continue;
    const own = [...subnets.values()].filter((s) => s.family === ip.family);
    if (own.length === 0 || own.some((s) => s.first <= ip.value && ip.value <= s.last)) continue;
    const named = own.slice(0, NAMED_SUBNETS).map((s) => s.canonical).join(', ') + (own.length > NAMED_SUBNETS ? `, +${own.length - NAMED_SUBNETS} more` : '');
    out.push(warning(at('loadBalancer', 'bgp', 'peers', peer.index, 'address'),
      `${peer.address} is on no subnet of the speaking nodes (${named}), and peer config "${config.name}" sets no ebgpMultihop: `
      + 'Cilium sends eBGP with TTL 1, so the session comes up only if this is an address of a router on the nodes\' link',
      `If the router is further away, set ebgpMultihop (the hop count, e.g. 2) on peer config "${config.name}"; either way the nodes need a route to ${peer.address}.`));
  }
  return out;
}
