/**
 * The BGP checks beyond ASNs and peers, read whole on each branch and at each edge: pools marked
 * for BGP (check 21), speaking nodes, router IDs and local addresses (check 22), a single-hop peer
 * off the nodes' subnets (check 40, subnet edges included) and a local address off the node's link
 * (check 41). In process, one check at a time.
 */
import { describe, expect, it } from 'vitest';
import { checkBgpPools } from '../../src/checks/21-bgp-pools.js';
import { checkBgpNodes } from '../../src/checks/22-bgp-nodes.js';
import { checkBgpPeerOnNodeSubnet } from '../../src/checks/40-bgp-peer-on-node-subnet.js';
import { checkBgpLocalAddressOnLink } from '../../src/checks/41-bgp-local-address-on-link.js';
import { BGP, edited, HOMELAB, run } from './run-check.js';

describe('check 21: pools marked for BGP', () => {
  const l2: [string, unknown] = ['loadBalancer.l2', { policies: [{ name: 'p', loadBalancerIPs: true }] }];
  const announce = (a0: string, a1: string, ...more: [string, unknown][]) =>
    run(checkBgpPools, edited(BGP, l2, ['loadBalancer.pools[0].announce', a0], ['loadBalancer.pools[1].announce', a1], ...more));
  const NO_OP = (i: number, pool: string) => `warning: loadBalancer.pools[${i}].announce: L2 policy "p" also answers ARP/NDP for pool "${pool}", but its addresses lie outside `
    + 'the subnets of every node the policy selects, so nobody on those segments asks for them: a harmless no-op. '
    + 'Give policy "p" a serviceSelector that excludes the pool\'s Services to make that explicit.';
  const BOTH_WAYS = 'loadBalancer.pools[0].announce: pool "services" is announced only by BGP, but L2 policy "p" also announces its addresses. '
    + 'Set announce: both if the pool should be announced both ways, or give policy "p" a serviceSelector that excludes the pool\'s Services.';

  it('BGP pools need loadBalancer.bgp', () => {
    expect(run(checkBgpPools, edited(HOMELAB, ['loadBalancer.pools[0].announce', 'bgp'], ['loadBalancer.pools[1].announce', 'both']))).toEqual(
      [[0, 'default-pool'], [1, 'critical']].map(([i, name]) => `loadBalancer.pools[${i}].announce: pool "${name}" is to be advertised by BGP but loadBalancer.bgp is not set. `
        + 'Configure loadBalancer.bgp, or set announce: l2.'));
  });

  it('each family of a BGP pool needs a peer that negotiates it (unknown while a peer\'s config is)', () => {
    expect(run(checkBgpPools, edited(BGP, ['loadBalancer.pools[1].blocks', [{ cidr: 'fd00:20::/120' }, { cidr: '203.0.113.64/27' }]]))).toEqual([
      'loadBalancer.pools[1]: pool "public" has IPv6 addresses but no BGP peer negotiates ipv6 unicast, so no advertisement reaches a router. '
        + 'Add ipv6 to the families of a peer config that a peer uses.',
    ]);
    expect(run(checkBgpPools, edited(BGP, ['loadBalancer.bgp.peerConfigs[0].families', ['ipv6']]))).toEqual(['services', 'public'].map((name, i) =>
      `loadBalancer.pools[${i}]: pool "${name}" has IPv4 addresses but no BGP peer negotiates ipv4 unicast, so no advertisement reaches a router. `
        + 'Add ipv4 to the families of a peer config that a peer uses.'));
    expect(run(checkBgpPools, edited(BGP, ['loadBalancer.pools[1].blocks', [{ cidr: 'fd00:20::/120' }]], ['loadBalancer.bgp.peers[0].peerConfig', 'nope']))).toEqual([]);
    expect(run(checkBgpPools, edited(BGP, ['loadBalancer.bgp.peerConfigs[0].families', ['ipv4', 'ipv6']], ['loadBalancer.pools[1].blocks', [{ cidr: 'fd00:20::/120' }]]))).toEqual([]);
  });

  it('an L2 policy serving a BGP-only pool: an error when a block is on a node\'s subnet (one address is enough), a no-op warning off every subnet', () => {
    expect(announce('bgp', 'bgp')).toEqual([NO_OP(0, 'services'), NO_OP(1, 'public')]);
    expect(announce('bgp', 'both', ['loadBalancer.pools[0].blocks', [{ cidr: '10.10.0.128/28' }, { cidr: '10.20.0.0/24' }]])).toEqual([BOTH_WAYS]);
    expect(announce('bgp', 'both', ['loadBalancer.pools[0].blocks', [{ start: '10.10.0.255', stop: '10.10.1.4' }]])).toEqual([BOTH_WAYS]);
    expect(announce('bgp', 'both', ['loadBalancer.pools[0].blocks', [{ start: '10.10.1.0', stop: '10.10.1.4' }]])).toEqual([NO_OP(0, 'services')]);
    expect(announce('both', 'both', ['loadBalancer.pools[0].blocks', [{ cidr: '10.10.0.128/28' }]])).toEqual([]);
  });

  it('an L2 pool whose Services a BGP pool\'s advertisement may select', () => {
    const SELECTED = 'loadBalancer.pools[1].serviceSelector: L2 pool "public" may serve the same Services as BGP pool "services", whose advertisement selects Services '
      + 'by the pool\'s serviceSelector, so BGP would advertise addresses of "public" too. '
      + 'Give the two pools serviceSelectors no Service can match both, or set announce: both on "public".';
    expect(announce('bgp', 'l2')).toEqual([NO_OP(0, 'services'), SELECTED]);
    expect(announce('bgp', 'l2', ['loadBalancer.pools[0].serviceSelector', { matchLabels: { exposure: 'private' } }])).toEqual([NO_OP(0, 'services')]);
  });
});

describe('check 22: BGP nodes', () => {
  it('a node selector that selects none names every node\'s labels', () => {
    expect(run(checkBgpNodes, edited(BGP, ['loadBalancer.bgp.nodeSelector', { matchLabels: { rack: 'r2' } }], ['nodes[1].labels', {}]))).toEqual([
      'loadBalancer.bgp.nodeSelector: selects none of the nodes (rack=r2 vs server-1: rack=r1; server-2: no labels; server-3: rack=r1; worker-1: rack=r1; worker-2: rack=r1), '
        + 'so no node peers and nothing is advertised. Match the labels of at least one node (nodes[].labels, or kubernetes.io/hostname, which the kubelet sets), or remove the selector.',
      'warning: nodes[4].bgp: node "worker-2" has BGP settings but loadBalancer.bgp.nodeSelector does not select it. Add the selected labels to the node, or remove its bgp settings.',
    ]);
  });

  it('node BGP settings need loadBalancer.bgp, and are warned on a node it does not select', () => {
    expect(run(checkBgpNodes, edited(HOMELAB, ['nodes[0].bgp', { routerID: 'x' }]))).toEqual([
      'nodes[0].bgp: node "cp-1" has BGP settings but loadBalancer.bgp is not set. Configure loadBalancer.bgp or remove the node\'s bgp settings.',
    ]);
    expect(run(checkBgpNodes, edited(BGP, ['nodes[4].labels', { rack: 'r2' }]))).toEqual([
      'warning: nodes[4].bgp: node "worker-2" has BGP settings but loadBalancer.bgp.nodeSelector does not select it. Add the selected labels to the node, or remove its bgp settings.',
    ]);
    expect(run(checkBgpNodes, edited(BGP))).toEqual([]);
  });

  it('router IDs: IPv4, each used once (every later use points at the first)', () => {
    expect(run(checkBgpNodes, edited(BGP, ['nodes[0].bgp', { routerID: '10.255.0.22' }], ['nodes[1].bgp', { routerID: 'fd00::1' }], ['nodes[2].bgp', { routerID: 'x' }],
      ['nodes[3].bgp', { routerID: '10.255.0.22' }]))).toEqual([
      ...['fd00::1', 'x'].map((id, i) => `nodes[${i + 1}].bgp.routerID: "${id}" is not an IPv4 address; a BGP router ID is a 32-bit number written as IPv4. `
        + 'Use an IPv4 address unique among the BGP speakers, e.g. the node\'s loopback address.'),
      ...[3, 4].map((i) => `nodes[${i}].bgp.routerID: router ID 10.255.0.22 is also node "server-1"'s; routers drop sessions from duplicate router IDs. Give every node its own router ID.`),
    ]);
  });

  it('local addresses: IPs, at most one per family', () => {
    expect(run(checkBgpNodes, edited(BGP, ['nodes[4].bgp.localAddresses', ['10.10.0.22', 'x', '10.10.0.23', 'fd00::1', 'fd00::2']]))).toEqual([
      'nodes[4].bgp.localAddresses[1]: "x" is not an IP address. Use an address configured on one of the node\'s links, without prefix length.',
      ...[[2, 4], [4, 6]].map(([i, f]) => `nodes[4].bgp.localAddresses[${i}]: a second IPv${f} local address; each peer uses the one local address of its family. `
        + 'Keep at most one IPv4 and one IPv6 address.'),
    ]);
    expect(run(checkBgpNodes, edited(BGP, ['nodes[4].bgp.localAddresses', ['10.10.0.22', 'fd00::1']]))).toEqual([]);
  });
});

describe('check 40: a single-hop eBGP peer off the speaking nodes\' subnets', () => {
  const peers = (a: string, b: string, ...more: [string, unknown][]) =>
    run(checkBgpPeerOnNodeSubnet, edited(BGP, ['loadBalancer.bgp.peers[0].address', a], ['loadBalancer.bgp.peers[1].address', b], ...more));
  const OFF = (i: number, address: string, subnets = '10.10.0.0/24') => `warning: loadBalancer.bgp.peers[${i}].address: ${address} is on no subnet of the speaking nodes (${subnets}), `
    + 'and peer config "tor" sets no ebgpMultihop: Cilium sends eBGP with TTL 1, so the session comes up only if this is an address of a router on the nodes\' link. '
    + `If the router is further away, set ebgpMultihop (the hop count, e.g. 2) on peer config "tor"; either way the nodes need a route to ${address}.`;

  it('the first and last address of a subnet are on it; one outside each is not', () => {
    expect(peers('10.10.0.0', '10.10.0.255')).toEqual([]);
    expect(peers('10.9.255.255', '10.10.1.0')).toEqual([OFF(0, '10.9.255.255'), OFF(1, '10.10.1.0')]);
  });

  it('iBGP, ASN 0 and ebgpMultihop above 1 are exempt; ebgpMultihop 1 is not', () => {
    expect(peers('10.99.0.2', '10.99.0.3', ['loadBalancer.bgp.peers[0].asn', 65010], ['loadBalancer.bgp.peers[1].asn', 0])).toEqual([]);
    expect(peers('10.99.0.2', '10.10.0.3', ['loadBalancer.bgp.peerConfigs[0].ebgpMultihop', 2])).toEqual([]);
    expect(peers('10.99.0.2', '10.10.0.3', ['loadBalancer.bgp.peerConfigs[0].ebgpMultihop', 1])).toEqual([OFF(0, '10.99.0.2')]);
    // No speaker, an unknown peer config, an unreadable address or a family no speaker has: nothing to compare.
    expect(peers('10.99.0.2', '10.10.0.3', ['loadBalancer.bgp.nodeSelector', { matchLabels: { rack: 'none' } }])).toEqual([]);
    expect(peers('10.99.0.2', 'x', ['loadBalancer.bgp.peers[0].peerConfig', 'nope'])).toEqual([]);
    expect(peers('fd00::1', '10.10.0.3')).toEqual([]);
  });

  it('names three subnets, then how many more', () => {
    const subnets = (n: number) => peers('10.99.0.2', '10.10.0.3', ...Array.from({ length: n }, (_, i): [string, unknown] => [`nodes[${i}].address`, `10.1${i}.0.5/24`]),
      ['nodes[4].bgp', undefined]);
    expect(subnets(3)).toEqual([OFF(0, '10.99.0.2', '10.10.0.0/24, 10.11.0.0/24, 10.12.0.0/24')]);
    expect(subnets(4)).toEqual([OFF(0, '10.99.0.2', '10.10.0.0/24, 10.11.0.0/24, 10.12.0.0/24, +1 more')]);
    expect(subnets(5)).toEqual([OFF(0, '10.99.0.2', '10.10.0.0/24, 10.11.0.0/24, 10.12.0.0/24, +2 more')]);
  });
});

describe('check 41: a BGP local address off the node\'s link', () => {
  const local = (addresses: string[], ...more: [string, unknown][]) =>
    run(checkBgpLocalAddressOnLink, edited(BGP, ['nodes[4].bgp.localAddresses', addresses], ...more));

  it('off the subnet for single-hop eBGP peers: refused, naming the peers, the subnet and the peer config', () => {
    expect(local(['10.255.0.22'])).toEqual([
      'nodes[4].bgp.localAddresses[0]: node worker-2 would source its single-hop eBGP sessions to "tor-a", "tor-b" from 10.255.0.22, which is not on its subnet 10.10.0.0/24: '
        + 'the routers see a neighbour that is not directly connected and refuse it. Set ebgpMultihop: 2 on peer config "tor" (the routers then need a route to 10.255.0.22), '
        + 'or use the node\'s address on the link.',
    ]);
    expect(local(['fd00::22'], ['loadBalancer.bgp.peers[1].address', 'fd00::3'])).toEqual([
      'nodes[4].bgp.localAddresses[0]: node worker-2 would source its single-hop eBGP sessions to "tor-b" from fd00::22, which is not on its subnet: '
        + 'the routers see a neighbour that is not directly connected and refuse it. Set ebgpMultihop: 2 on peer config "tor" (the routers then need a route to fd00::22), '
        + 'or use the node\'s address on the link.',
    ]);
  });

  it('the edges of the subnet are on the link; multihop, iBGP and ASN 0 are exempt', () => {
    expect(local(['10.10.0.0'])).toEqual([]);
    expect(local(['10.10.0.255'])).toEqual([]);
    expect(local(['10.10.1.0'])).toHaveLength(1);
    expect(local(['10.9.255.255'])).toHaveLength(1);
    expect(local(['10.255.0.22'], ['loadBalancer.bgp.peerConfigs[0].ebgpMultihop', 2])).toEqual([]);
    expect(local(['10.255.0.22'], ['loadBalancer.bgp.peerConfigs[0].ebgpMultihop', 1])).toHaveLength(1);
    expect(local(['10.255.0.22'], ['loadBalancer.bgp.peers[0].asn', 65010], ['loadBalancer.bgp.peers[1].asn', 0])).toEqual([]);
    expect(local(['10.255.0.22'], ['loadBalancer.bgp.peers[0].asn', 65010])[0]).toContain('sessions to "tor-b" from');
    expect(local(['x'])).toEqual([]);
    expect(run(checkBgpLocalAddressOnLink, edited(HOMELAB))).toEqual([]);
  });
});
