/**
 * Check 41: a node's BGP source address (`nodes[].bgp.localAddresses`) off the node's own subnet
 * (a loopback, say) for a single-hop eBGP peer. The router sees a neighbour that is not directly
 * connected: FRR's eBGP connected check and BIRD's `direct` refuse it unless multihop is set on
 * both sides, so the session never comes up (what the real-daemon tests in test/routers/ show).
 * iBGP sessions are multihop by nature and exempt.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { parseIp } from '../model/ip.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkBgpLocalAddressOnLink(cluster: ResolvedCluster): Diagnostic[] {
  const bgp = cluster.bgp;
  if (!bgp) return [];
  const out: Diagnostic[] = [];
  for (const override of bgp.nodeOverrides) {
    const node = override.node;
    override.localAddresses.forEach((address, j) => {
      const ip = parseIp(address);
      if (!ip) return;
      const onLink = node.addresses.some((a) => a.subnet && a.subnet.family === ip.family && a.subnet.first <= ip.value && ip.value <= a.subnet.last);
      if (onLink) return;
      const singleHop = override.peers.filter((p) => p.localAddress === address).map((p) => bgp.peers.find((x) => x.name === p.name)!)
        .filter((peer) => peer.peerConfig && peer.asn !== bgp.localASN && peer.asn !== 0 && (peer.peerConfig.ebgpMultihop ?? 1) <= 1);
      if (singleHop.length === 0) return;
      const configs = [...new Set(singleHop.map((p) => p.peerConfig!.name))];
      const subnet = node.addresses.find((a) => a.family === ip.family)?.subnet?.canonical;
      out.push(error(at('nodes', node.index, 'bgp', 'localAddresses', j),
        `node ${node.name} would source its single-hop eBGP sessions to ${singleHop.map((p) => `"${p.name}"`).join(', ')} from ${address}, `
        + `which is not on its subnet${subnet ? ` ${subnet}` : ''}: the routers see a neighbour that is not directly connected and refuse it`,
        `Set ebgpMultihop: 2 on peer config ${configs.map((c) => `"${c}"`).join(', ')} (the routers then need a route to ${address}), `
        + `or use the node's address on the link.`));
    });
  }
  return out;
}
