/**
 * The checks of address arithmetic, read whole on each branch and at each edge: overlaps (check 3:
 * touching at one address, adjacent, every pair of kinds, the families apart), pinned IPs (check 5),
 * special and IPv4-mapped addresses (check 26), Cilium sizes (check 27), the pod CIDR (check 30) and
 * cilium.devices (check 33). In process, one check at a time.
 */
import { describe, expect, it } from 'vitest';
import { checkAddressOverlaps } from '../../src/checks/03-address-overlaps.js';
import { checkReservations } from '../../src/checks/05-reservations.js';
import { checkSpecialAddresses, unmappedIpv4 } from '../../src/checks/26-special-addresses.js';
import { checkCiliumSizing } from '../../src/checks/27-cilium-sizing.js';
import { checkPodCidrSizing } from '../../src/checks/30-pod-cidr-sizing.js';
import { checkDevices, deviceMatches } from '../../src/checks/33-devices.js';
import { BGP, edited, HOMELAB, run } from './run-check.js';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `n${i}`, role: i ? 'agent' : 'server', address: `192.168.1.${10 + i}/24` }));

describe('check 3: address overlaps', () => {
  const POOLS = 'Cilium marks the later pool Conflicting and allocates nothing from it: make the pools disjoint.';
  const pools = (...blocks: object[][]) => run(checkAddressOverlaps, edited(HOMELAB, ['loadBalancer.pools', blocks.map((b, i) => ({ name: `p${i}`, blocks: b }))]));

  it('two ranges touching at one address overlap there; adjacent ones do not', () => {
    expect(pools([{ start: '10.0.0.0', stop: '10.0.0.15' }], [{ start: '10.0.0.15', stop: '10.0.0.20' }])).toEqual([
      `loadBalancer.pools[1].blocks[0]: 10.0.0.15–10.0.0.20 overlaps pool "p0" (10.0.0.0–10.0.0.15) at 10.0.0.15. ${POOLS}`,
    ]);
    expect(pools([{ start: '10.0.0.0', stop: '10.0.0.15' }], [{ start: '10.0.0.16', stop: '10.0.0.20' }])).toEqual([]);
    // The later pool in the file is reported, whichever starts first; the shared part is the intersection.
    expect(pools([{ cidr: '10.0.0.16/28' }], [{ start: '10.0.0.0', stop: '10.0.0.40' }])).toEqual([
      `loadBalancer.pools[1].blocks[0]: 10.0.0.0–10.0.0.40 overlaps pool "p0" (10.0.0.16/28) at 10.0.0.16–10.0.0.31. ${POOLS}`,
    ]);
  });

  it('every pool overlapping an earlier, wider one is found, in file order', () => {
    expect(pools([{ cidr: '10.0.0.0/24' }], [{ cidr: '10.0.0.16/28' }], [{ cidr: '10.0.0.0/28' }], [{ start: '10.0.0.200', stop: '10.0.1.5' }], [{ cidr: '10.0.1.0/30' }])).toEqual([
      `loadBalancer.pools[1].blocks[0]: 10.0.0.16–10.0.0.31 overlaps pool "p0" (10.0.0.0/24) at 10.0.0.16–10.0.0.31. ${POOLS}`,
      `loadBalancer.pools[2].blocks[0]: 10.0.0.0–10.0.0.15 overlaps pool "p0" (10.0.0.0/24) at 10.0.0.0–10.0.0.15. ${POOLS}`,
      `loadBalancer.pools[3].blocks[0]: 10.0.0.200–10.0.1.5 overlaps pool "p0" (10.0.0.0/24) at 10.0.0.200–10.0.0.255. ${POOLS}`,
      `loadBalancer.pools[4].blocks[0]: 10.0.1.0–10.0.1.3 overlaps pool "p3" (10.0.0.200–10.0.1.5) at 10.0.1.0–10.0.1.3. ${POOLS}`,
    ]);
  });

  it('of ranges starting at one address the earlier in the file comes first: a copy names the original, and so does a pool inside both', () => {
    expect(pools([{ cidr: '10.0.0.0/24' }], [{ cidr: '10.0.0.0/24' }], [{ cidr: '10.0.0.0/25' }], [{ cidr: '10.0.0.128/25' }])).toEqual([
      `loadBalancer.pools[1].blocks[0]: 10.0.0.0–10.0.0.255 overlaps pool "p0" (10.0.0.0/24) at 10.0.0.0–10.0.0.255. ${POOLS}`,
      `loadBalancer.pools[2].blocks[0]: 10.0.0.0–10.0.0.127 overlaps pool "p0" (10.0.0.0/24) at 10.0.0.0–10.0.0.127. ${POOLS}`,
      `loadBalancer.pools[3].blocks[0]: 10.0.0.128–10.0.0.255 overlaps pool "p0" (10.0.0.0/24) at 10.0.0.128–10.0.0.255. ${POOLS}`,
    ]);
    // Past the length a sort orders by insertion alone (V8 merges runs from 64 elements on), every copy still names the first.
    const copies = Array.from({ length: 100 }, () => [{ cidr: '10.0.0.0/24' }]);
    expect(pools(...copies)).toEqual(copies.slice(1).map((_, i) =>
      `loadBalancer.pools[${i + 1}].blocks[0]: 10.0.0.0–10.0.0.255 overlaps pool "p0" (10.0.0.0/24) at 10.0.0.0–10.0.0.255. ${POOLS}`));
    // The narrower pool first: each later range names the earlier pool reaching furthest, the first copy.
    expect(pools([{ cidr: '10.0.0.0/25' }], [{ cidr: '10.0.0.0/24' }], [{ cidr: '10.0.0.0/24' }], [{ cidr: '10.0.0.128/25' }])).toEqual([
      `loadBalancer.pools[1].blocks[0]: 10.0.0.0–10.0.0.255 overlaps pool "p0" (10.0.0.0/25) at 10.0.0.0–10.0.0.127. ${POOLS}`,
      `loadBalancer.pools[2].blocks[0]: 10.0.0.0–10.0.0.255 overlaps pool "p1" (10.0.0.0/24) at 10.0.0.0–10.0.0.255. ${POOLS}`,
      `loadBalancer.pools[3].blocks[0]: 10.0.0.128–10.0.0.255 overlaps pool "p1" (10.0.0.0/24) at 10.0.0.128–10.0.0.255. ${POOLS}`,
    ]);
  });

  it('an IPv6 range is never compared with an IPv4 one of the same number', () => {
    expect(pools([{ cidr: '::a00:0/120' }], [{ cidr: '10.0.0.0/24' }])).toEqual([]);
    expect(pools([{ cidr: '10.0.0.0/24' }], [{ cidr: '::a00:0/120' }], [{ cidr: '::a00:0/126' }])).toEqual([
      `loadBalancer.pools[2].blocks[0]: ::a00:0–::a00:3 overlaps pool "p1" (::a00:0/120) at ::a00:0–::a00:3. ${POOLS}`,
    ]);
  });

  it('a pool against a node, an external address, the API VIP, the pod and Service CIDRs and a reserved range', () => {
    expect(run(checkAddressOverlaps, edited(HOMELAB,
      ['nodes', [{ name: 'cp-1', role: 'server', address: '192.168.1.10/24', externalAddress: '192.168.1.11' }, { name: 'w2', role: 'agent', address: '192.168.1.10/24' }]],
      ['k3s.apiServer.host', '192.168.1.12'],
      ['loadBalancer.pools', [{ name: 'a', blocks: [{ cidr: '192.168.1.8/29' }] }, { name: 'b', blocks: [{ cidr: '10.42.0.0/30' }, { cidr: '10.43.0.0/30' }] }]],
      ['loadBalancer.reserved', [{ name: 'gw', start: '192.168.1.9', stop: '192.168.1.20' }]],
    ))).toEqual([
      'nodes[1].address: 192.168.1.10 is already the address of node cp-1. Every node needs its own address.',
      'loadBalancer.pools[0].blocks[0]: 192.168.1.8–192.168.1.15 overlaps node cp-1\'s address 192.168.1.10 (nodes[0].address) at 192.168.1.10. '
        + 'A Service would get an address a node already uses: move the pool, or leave the address out with start/stop blocks.',
      'loadBalancer.pools[0].blocks[0]: 192.168.1.8–192.168.1.15 overlaps node cp-1\'s external address 192.168.1.11 (nodes[0].externalAddress) at 192.168.1.11. '
        + 'A Service would get a node\'s public address: move the pool, or leave the address out with start/stop blocks.',
      'loadBalancer.pools[0].blocks[0]: 192.168.1.8–192.168.1.15 overlaps node w2\'s address 192.168.1.10 (nodes[1].address) at 192.168.1.10. '
        + 'A Service would get an address a node already uses: move the pool, or leave the address out with start/stop blocks.',
      'loadBalancer.pools[0].blocks[0]: 192.168.1.8–192.168.1.15 overlaps reserved "gw" (192.168.1.9–192.168.1.20) at 192.168.1.9–192.168.1.15. '
        + 'Those addresses are kept out of every pool on purpose: move the pool or shrink it with start/stop.',
      'loadBalancer.pools[0].blocks[0]: 192.168.1.8–192.168.1.15 overlaps the API server VIP 192.168.1.12 (k3s.apiServer.host) at 192.168.1.12. '
        + 'A Service would take the API address: move the pool or shrink it with start/stop.',
      'loadBalancer.pools[1].blocks[0]: 10.42.0.0–10.42.0.3 overlaps k3s.clusterCidr 10.42.0.0/16 (the pod CIDR) at 10.42.0.0–10.42.0.3. '
        + 'Pod and Service addresses are routed inside the cluster, not on the LAN: take the pool from the nodes\' segment instead.',
      'loadBalancer.pools[1].blocks[1]: 10.43.0.0–10.43.0.3 overlaps k3s.serviceCidr 10.43.0.0/16 (the Service CIDR) at 10.43.0.0–10.43.0.3. '
        + 'Pod and Service addresses are routed inside the cluster, not on the LAN: take the pool from the nodes\' segment instead.',
    ]);
  });

  it('the API VIP counts only when it is no node\'s address and not loopback', () => {
    const pool = (host: string, cidr: string) => run(checkAddressOverlaps, edited(HOMELAB, ['loadBalancer.pools[1].blocks', [{ cidr }]], ['k3s.apiServer.host', host]));
    expect(pool('192.168.1.10', '192.168.1.8/30')).toEqual([
      'loadBalancer.pools[1].blocks[0]: 192.168.1.8–192.168.1.11 overlaps node cp-1\'s address 192.168.1.10 (nodes[0].address) at 192.168.1.10. '
        + 'A Service would get an address a node already uses: move the pool, or leave the address out with start/stop blocks.',
    ]);
    expect(pool('127.0.0.1', '127.0.0.0/30')).toEqual([]);
    expect(pool('k3s.lan', '192.168.1.16/30')).toEqual([]);
  });

  it('the cluster\'s CIDRs against each other and against hosts; a reserved range against a node is fine', () => {
    const HOST = 'Pod and Service addresses are routed inside the cluster, not on the LAN, so the host would be unreachable from pods: '
      + 'choose pod and Service CIDRs that no node, VIP or LAN uses.';
    expect(run(checkAddressOverlaps, edited(BGP, ['loadBalancer.bgp.peers[1].address', '10.42.0.1'], ['k3s.serviceCidr', '10.42.128.0/17'],
      ['nodes[0].address', '10.43.0.9/24'], ['nodes[1].externalAddress', '10.42.200.1'], ['k3s.apiServer.host', '10.42.7.7'],
      ['loadBalancer.reserved', [{ name: 'r', cidr: '10.10.0.0/24' }]]))).toEqual([
      // In file order (nodes, the CIDRs, peers, the API host); one range's findings by message.
      `nodes[1].externalAddress: 10.42.200.1 overlaps k3s.clusterCidr 10.42.0.0/16 (the pod CIDR) at 10.42.200.1. ${HOST}`,
      `nodes[1].externalAddress: 10.42.200.1 overlaps k3s.serviceCidr 10.42.128.0/17 (the Service CIDR) at 10.42.200.1. ${HOST}`,
      'k3s.serviceCidr: 10.42.128.0–10.42.255.255 overlaps k3s.clusterCidr 10.42.0.0/16 (the pod CIDR) at 10.42.128.0–10.42.255.255. '
        + 'k3s needs disjoint pod and Service CIDRs, e.g. its defaults 10.42.0.0/16 (pods) and 10.43.0.0/16 (Services).',
      `loadBalancer.bgp.peers[1].address: 10.42.0.1 overlaps k3s.clusterCidr 10.42.0.0/16 (the pod CIDR) at 10.42.0.1. ${HOST}`,
      `k3s.apiServer.host: 10.42.7.7 overlaps k3s.clusterCidr 10.42.0.0/16 (the pod CIDR) at 10.42.7.7. ${HOST}`,
    ]);
  });
});

describe('check 5: pinned Service IPs', () => {
  const pins = (reservations: object[], ...edits: [string, unknown][]) => run(checkReservations, edited(HOMELAB, ...edits, ['loadBalancer.reservations', reservations]));
  const critical = { tier: 'critical' };

  it('a /30 without its first and last address: both refused, the two inside pinned', () => {
    expect(pins(['200', '203', '201', '202'].map((o, i) => ({ service: `default/s${i}`, ip: `192.168.1.${o}`, labels: critical })),
      ['loadBalancer.pools[1].allowFirstLastIPs', false])).toEqual(['first', 'last'].map((which, i) =>
      `loadBalancer.reservations[${i}].ip: 192.168.1.${i ? 203 : 200} is the ${which} address of 192.168.1.200/30, which pool "critical" does not hand out (allowFirstLastIPs: false). `
        + 'Pin an address from 192.168.1.201–192.168.1.202, or set allowFirstLastIPs: true.'));
    expect(pins(['200', '203'].map((o, i) => ({ service: `default/s${i}`, ip: `192.168.1.${o}`, labels: critical })))).toEqual([]);
  });

  it('not an IP, in no pool, not selected, disabled, pinned twice without one sharing key', () => {
    expect(pins([{ service: 'default/a', ip: 'x' }, { service: 'default/b', ip: '10.9.9.9' }, { service: 'default/c', ip: '192.168.1.202' },
      { service: 'default/d', ip: '192.168.1.105' }, { service: 'default/e', ip: '192.168.1.105' }, { service: 'default/f', ip: '192.168.1.105', sharingKey: 'k' }],
    ['loadBalancer.pools[0].disabled', true])).toEqual([
      'loadBalancer.reservations[0].ip: "x" is not an IP address. Write one IPv4 or IPv6 address, without a prefix length.',
      'loadBalancer.reservations[1].ip: 10.9.9.9 (default/b) is in no pool. Pin an address from a pool (default-pool: 192.168.1.100–192.168.1.115; critical: 192.168.1.200–192.168.1.203), '
        + 'or add a pool that covers it.',
      'loadBalancer.reservations[2].ip: pool "critical" holds 192.168.1.202, but its serviceSelector (tier=critical) does not select default/c. '
        + 'Give the reservation the labels the pool selects (reservations[].labels, as on the Service), or pin an address from a pool that selects it.',
      ...['d', 'e', 'f'].map((s, i) => `loadBalancer.reservations[${i + 3}].ip: pool "default-pool" holds 192.168.1.105, but it is disabled: Cilium allocates nothing new from it, `
        + `so default/${s} stays pending. Pin an address from an enabled pool, or set disabled: false (a Service that already holds the address keeps it while the pool is disabled).`),
      ...[4, 5].map((i) => `loadBalancer.reservations[${i}].ip: 192.168.1.105 is already pinned to default/d (loadBalancer.reservations[3]). `
        + 'Pin another address, or give every Service sharing it the same sharingKey (lbipam.cilium.io/sharing-key).'),
    ]);
    expect(pins([{ service: 'a/a', ip: '10.0.0.1' }], ['loadBalancer.pools', []])).toEqual([
      'loadBalancer.reservations[0].ip: 10.0.0.1 (a/a) is in no pool. Add a pool under loadBalancer.pools that covers it.',
    ]);
    expect(pins([{ service: 'a/a', ip: '192.168.1.101' }], ['loadBalancer.pools[1].blocks', [{ cidr: '192.168.1.100/30' }]])).toEqual([
      'loadBalancer.reservations[0].ip: 192.168.1.101 (a/a) lies in 2 pools: "default-pool", "critical". Make the pools disjoint so the address belongs to exactly one.',
    ]);
  });

  it('a shared key across namespaces needs each side to allow the other\'s namespace (or *)', () => {
    const ip = '192.168.1.105';
    expect(pins([{ service: 'a/a', ip, sharingKey: 'k' }, { service: 'b/b', ip, sharingKey: 'k', sharingCrossNamespace: ['a'] },
      { service: 'c/c', ip, sharingKey: 'k', sharingCrossNamespace: ['*'] }, { service: 'a/d', ip: '192.168.1.106', sharingKey: 'k' },
      { service: 'a/e', ip: '192.168.1.106', sharingKey: 'k' }])).toEqual([
      'loadBalancer.reservations[0].sharingCrossNamespace: a/a shares 192.168.1.105 with b/b, c/c in another namespace, but Cilium shares an IP across namespaces '
        + 'only when both Services carry lbipam.cilium.io/sharing-cross-namespace allowing the other\'s namespace; the later Service stays pending. '
        + 'Add sharingCrossNamespace: [b, c] here and the namespace of a/a on the other side (the annotation lbipam.cilium.io/sharing-cross-namespace: "b,c" on the Service), '
        + 'or keep the Services in one namespace.',
      'loadBalancer.reservations[1].sharingCrossNamespace: b/b shares 192.168.1.105 with c/c in another namespace, but Cilium shares an IP across namespaces '
        + 'only when both Services carry lbipam.cilium.io/sharing-cross-namespace allowing the other\'s namespace; the later Service stays pending. '
        + 'Add sharingCrossNamespace: [c] here and the namespace of b/b on the other side (the annotation lbipam.cilium.io/sharing-cross-namespace: "c" on the Service), '
        + 'or keep the Services in one namespace.',
    ]);
    expect(pins([{ service: 'a/a', ip, sharingKey: 'k', sharingCrossNamespace: ['b'] }, { service: 'b/b', ip, sharingKey: 'k', sharingCrossNamespace: ['a'] }])).toEqual([]);
    expect(pins([{ service: 'a/a', ip, sharingKey: 'k' }, { service: 'a/b', ip, sharingKey: 'j' }])).toHaveLength(1);
  });
});

describe('check 26: special and IPv4-mapped addresses', () => {
  it('unmaps an IPv4-mapped address or CIDR, and nothing else', () => {
    expect(unmappedIpv4('::ffff:192.168.1.10')).toBe('192.168.1.10');
    expect(unmappedIpv4('::ffff:c0a8:10a/120')).toBe('192.168.1.10/24');
    expect(unmappedIpv4('::ffff:c0a8:0/96')).toBe('192.168.0.0/0');
    for (const not of ['::ffff:c0a8:0/95', '::fffe:c0a8:10a', '::1:ffff:c0a8:10a', '10.0.0.1', 'x:y']) expect(unmappedIpv4(not)).toBeUndefined();
  });

  it('a mapped address is refused in every field that holds one, with its IPv4 form', () => {
    const MAPPED = (path: string, text: string, v4: string) => `${path}: ${text} is an IPv4-mapped IPv6 address: the IPv4 address ${v4.split('/')[0]} as IPv6 sockets see it, `
      + `not an IPv6 address of its own; Cilium and k3s read it as IPv4. Write ${v4}.`;
    expect(run(checkSpecialAddresses, edited(BGP, ['k3s.tlsSan', ['a', '::ffff:10.0.0.1']], ['nodes[4].bgp.localAddresses', ['::ffff:10.10.0.22']],
      ['loadBalancer.pools[0].blocks', [{ start: '::ffff:10.20.0.1', stop: '::ffff:10.20.0.9' }]], ['cilium.ipv6NativeRoutingCIDR', '::ffff:0.0.0.0/96'],
      ['loadBalancer.reserved[0].cidr', '::ffff:10.10.0.0/120'], ['loadBalancer.reserved[0].start', undefined], ['loadBalancer.reserved[0].stop', undefined],
      ['loadBalancer.reservations', [{ service: 'a/b', ip: '::ffff:10.20.0.5' }]], ['loadBalancer.bgp.peers[0].address', '::ffff:10.10.0.2'],
      ['nodes[0].externalAddress', '::ffff:1.2.3.4'], ['nodes[1].address', '10.10.0.12/24,::ffff:10.10.0.12/120']))).toEqual([
      MAPPED('cilium.ipv6NativeRoutingCIDR', '::ffff:0.0.0.0/96', '0.0.0.0/0'),
      MAPPED('k3s.tlsSan[1]', '::ffff:10.0.0.1', '10.0.0.1'),
      MAPPED('nodes[0].externalAddress', '::ffff:1.2.3.4', '1.2.3.4'),
      MAPPED('nodes[1].address', '::ffff:10.10.0.12/120', '10.10.0.12/24'),
      MAPPED('nodes[4].bgp.localAddresses[0]', '::ffff:10.10.0.22', '10.10.0.22'),
      MAPPED('loadBalancer.pools[0].blocks[0].start', '::ffff:10.20.0.1', '10.20.0.1'),
      MAPPED('loadBalancer.pools[0].blocks[0].stop', '::ffff:10.20.0.9', '10.20.0.9'),
      MAPPED('loadBalancer.reserved[0].cidr', '::ffff:10.10.0.0/120', '10.10.0.0/24'),
      MAPPED('loadBalancer.reservations[0].ip', '::ffff:10.20.0.5', '10.20.0.5'),
      MAPPED('loadBalancer.bgp.peers[0].address', '::ffff:10.10.0.2', '10.10.0.2'),
    ]);
  });

  it('special blocks where they cannot work, each with its reason', () => {
    expect(run(checkSpecialAddresses, edited(BGP, ['loadBalancer.pools[0].blocks', [{ cidr: '127.0.0.0/30' }, { cidr: '223.255.255.252/30' }, { start: '9.255.255.255', stop: '10.0.0.1' }]],
      ['nodes[0].address', '169.254.1.1/16'], ['nodes[1].externalAddress', '0.0.0.0'], ['nodes[4].bgp.routerID', '224.0.0.1'],
      ['loadBalancer.bgp.peers[0].address', '255.255.255.255'], ['k3s.apiServer.host', '169.254.0.1'], ['k3s.clusterCidr', '240.0.0.0/16'],
      ['k3s.serviceCidr', '126.0.0.0/7'], ['loadBalancer.reservations', [{ service: 'a/b', ip: '224.0.0.5' }, { service: 'a/c', ip: '127.0.0.2' }]]))).toEqual([
      'loadBalancer.pools[0].blocks[0]: 127.0.0.0–127.0.0.3 is in the loopback (127.0.0.0/8) block: no client can reach a LoadBalancer IP there. '
        + 'Take the pool from the nodes\' segment (L2) or from a routed range (BGP).',
      'loadBalancer.reservations[0].ip: 224.0.0.5 is in the multicast (224.0.0.0/4) block: no client can reach a LoadBalancer IP there. Pin an address of a pool.',
      'nodes[0].address: 169.254.1.1 is in the link-local (169.254.0.0/16) block: the kubelet refuses it as a node IP, so k3s does not start. Write the address the node has on its LAN.',
      'nodes[1].externalAddress: 0.0.0.0 is in the "this network" (0.0.0.0/8) block: the kubelet refuses it as a node address. Write the node\'s public address.',
      'nodes[4].bgp.routerID: 224.0.0.1 is in the multicast (224.0.0.0/4) block: a BGP router ID must be a non-zero unicast address. '
        + 'Use an IPv4 address unique among the speakers, e.g. the node\'s loopback address 10.255.0.x.',
      'loadBalancer.bgp.peers[0].address: 255.255.255.255 is in the reserved and limited-broadcast (240.0.0.0/4) block: no BGP session can be opened to it. '
        + 'Use the router\'s unicast address on the nodes\' network.',
      'k3s.apiServer.host: 169.254.0.1 is in the link-local (169.254.0.0/16) block: nothing serves the API there. Use a server\'s IP, a VIP, a DNS name or 127.0.0.1.',
      'k3s.clusterCidr: 240.0.0.0–240.0.255.255 is in the reserved and limited-broadcast (240.0.0.0/4) block: the kernel never routes those addresses to pods or Services. '
        + 'Use a private range, e.g. 10.42.0.0/16 for pods and 10.43.0.0/16 for Services (fd00::/8 for IPv6).',
      'k3s.serviceCidr: 126.0.0.0–127.255.255.255 includes addresses of the loopback (127.0.0.0/8) block: the kernel never routes those addresses to pods or Services. '
        + 'Use a private range, e.g. 10.42.0.0/16 for pods and 10.43.0.0/16 for Services (fd00::/8 for IPv6).',
    ]);
  });

  it('what each field may hold: a loopback router ID and API host, a reserved node address', () => {
    expect(run(checkSpecialAddresses, edited(BGP, ['nodes[4].bgp.routerID', '127.0.0.1'], ['k3s.apiServer.host', '127.0.0.1'], ['nodes[0].address', '240.0.0.1/24']))).toEqual([]);
  });
});

describe('check 27: Cilium sizes', () => {
  const size = (replicas: number | undefined, n: number, count?: number) =>
    run(checkCiliumSizing, edited(HOMELAB, ['cilium.operatorReplicas', replicas], ['cilium.l2ServiceCount', count], ['nodes', nodes(n)]));
  const over = (r: number, n: number) => `warning: cilium.operatorReplicas: ${r} operator replicas on ${n} node${n === 1 ? '' : 's'}: the operator's required pod anti-affinity `
    + `allows one replica per node, so ${r - n} stay${r - n === 1 ? 's' : ''} Pending. Set operatorReplicas to at most ${n}, or leave it unset (1 on a one-node cluster, else 2).`;

  it('operator replicas: as many as nodes pass, more are warned with the count left Pending', () => {
    expect(size(1, 1)).toEqual([]);
    expect(size(2, 2)).toEqual([]);
    expect(size(undefined, 1)).toEqual([]);
    expect(size(2, 1)).toEqual([over(2, 1)]);
    expect(size(3, 1)).toEqual([over(3, 1)]);
    expect(size(3, 2)).toEqual([over(3, 2)]);
  });

  it('l2ServiceCount: the Service CIDR\'s addresses pass, one more is refused', () => {
    expect(size(undefined, 1, 65536)).toEqual([]);
    expect(size(undefined, 1, 65537)).toEqual([
      'cilium.l2ServiceCount: 65537 L2 Services, but k3s.serviceCidr 10.43.0.0/16 has 65536 addresses and every LoadBalancer Service takes a ClusterIP from it. '
        + 'Set l2ServiceCount to the Services you expect (at most 65536), or leave it unset to size from the pools.',
    ]);
  });
});

describe('check 30: the pod CIDR against k3s\'s node IPAM', () => {
  const pods = (cidr: string, n: number) => run(checkPodCidrSizing, edited(HOMELAB, ['k3s.clusterCidr', cidr], ['nodes', nodes(n)]));
  const short = (text: string, ranges: number, n: number, fix: number) => `k3s.clusterCidr: ${text} holds ${ranges} node range${ranges === 1 ? '' : 's'} of /24, `
    + `but the cluster has ${n} nodes: ${n - ranges} ${n - ranges === 1 ? 'gets' : 'get'} no pod CIDR and ${n - ranges === 1 ? 'stays' : 'stay'} NotReady. Use a prefix of at most /${fix}.`;

  it('one node range per node: exactly enough passes, one node more is refused', () => {
    expect(pods('10.42.0.0/24', 1)).toEqual([]);
    expect(pods('10.42.0.0/24', 2)).toEqual([short('10.42.0.0/24', 1, 2, 23)]);
    expect(pods('10.42.0.0/23', 2)).toEqual([]);
    expect(pods('10.42.0.0/23', 3)).toEqual([short('10.42.0.0/23', 2, 3, 22)]);
    expect(pods('10.42.0.0/22', 4)).toEqual([]);
    expect(pods('10.42.0.0/22', 7)).toEqual([short('10.42.0.0/22', 4, 7, 21)]);
  });

  it('smaller than one node range; an IPv6 CIDR of more than 2^16 ranges', () => {
    expect(pods('10.42.0.0/25', 1)).toEqual(['k3s.clusterCidr: 10.42.0.0/25 is smaller than one node\'s pod range (/24): k3s\'s node IPAM refuses to start and no node gets pod addresses. '
      + 'Use a /24 or larger, e.g. 10.42.0.0/16.']);
    expect(pods('10.42.0.0/16,fd00::/65', 1)).toEqual(['k3s.clusterCidr: fd00::/65 is smaller than one node\'s pod range (/64): k3s\'s node IPAM refuses to start and no node gets pod addresses. '
      + 'Use a /64 or larger, e.g. fd00:10:42::/56.']);
    expect(pods('10.42.0.0/16,fd00::/64', 1)).toEqual([]);
    expect(pods('10.42.0.0/16,fd00::/48', 1)).toEqual([]);
    expect(pods('10.42.0.0/16,fd00::/47', 1)).toEqual(['k3s.clusterCidr: fd00::/47 holds 2^17 node ranges of /64; Kubernetes\' node IPAM allows at most 2^16 '
      + '(an IPv6 cluster CIDR of /48 or longer) and refuses to start. Use a /48 to /64, e.g. fd00:10:42::/56.']);
    expect(pods('10.0.0.0/8', 1)).toEqual([]);
    // The bitmap limit is IPv6's only (cidrset's NewCIDRSet tests IP.To4() == nil): an IPv4 /7 starts.
    expect(pods('10.0.0.0/7', 1)).toEqual([]);
    expect(pods('0.0.0.0/0', 1)).toEqual([]);
    expect(pods('x', 1)).toEqual([]);
  });
});

describe('check 33: cilium.devices', () => {
  const dev = (devices: string[] | undefined, interfaces = ['eth0']) => run(checkDevices, edited(HOMELAB, ['cilium.devices', devices], ['nodes[0].interfaces', interfaces]));
  const BAD = (i: number, d: string) => `cilium.devices[${i}]: ${JSON.stringify(d)} is not an interface name (at most 15 letters, digits, '-', '_' or '.'), `
    + 'optionally ending in \'+\' for a prefix. Write the uplink\'s name, e.g. eth0, or a prefix such as enp+.';

  it('a name or a prefix matches', () => {
    expect(deviceMatches('eth0', 'eth0')).toBe(true);
    expect(deviceMatches('eth0', 'eth01')).toBe(false);
    expect(deviceMatches('eth+', 'eth0')).toBe(true);
    expect(deviceMatches('eth+', 'eth')).toBe(true);
    expect(deviceMatches('eth+', 'et')).toBe(false);
    expect(deviceMatches('eth+', 'enp1s0')).toBe(false);
    for (const ok of [['eth0'], ['eth+'], ['e+'], undefined]) expect(dev(ok)).toEqual([]);
  });

  it('names of 15 characters (and a + after them) pass; 16, ".", ".." and other characters are refused, and then nothing else is compared', () => {
    expect(dev(['eth0', 'e'.repeat(15), `${'e'.repeat(15)}+`, 'a_b.c-d'], ['eth0', 'e'.repeat(15)])).toEqual([]);
    const bad = ['.', '..', 'a b', 'e'.repeat(16), '+', 'eth0++', '', 'a/b', 'a:b'];
    expect(dev(['eth1', ...bad])).toEqual(bad.map((d, i) => BAD(i + 1, d)));
  });

  it('an L2 policy announcing on a non-device, and a node without a device', () => {
    expect(dev(['eth1'], ['eth0'])).toEqual([
      'loadBalancer.l2.policies[0].interfaces: announces on cp-1: eth0, which cilium.devices (eth1) leaves out; Cilium answers ARP/NDP only on its devices. '
        + 'Add the interface to cilium.devices, or narrow the policy\'s interfaces to devices.',
      'warning: nodes[0].interfaces: none of node cp-1\'s interfaces (eth0) is in cilium.devices (eth1), so Cilium would attach to no uplink there. '
        + 'List the node\'s uplink in cilium.devices, or declare its real interfaces in nodes[].interfaces.',
    ]);
    expect(dev(['eth1'], ['eth0', 'eth1'])).toEqual([
      'loadBalancer.l2.policies[0].interfaces: announces on cp-1: eth0, which cilium.devices (eth1) leaves out; Cilium answers ARP/NDP only on its devices. '
        + 'Add the interface to cilium.devices, or narrow the policy\'s interfaces to devices.',
    ]);
  });
});
