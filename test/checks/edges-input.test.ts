/**
 * The semantic checks that refuse malformed input, read whole (every finding, its path and its fix)
 * on each branch and at each edge: CIDRs (check 1), block shapes (check 2), names (check 13), L2 lease
 * timings (check 10), BGP ASNs (check 19) and BGP peers (check 20). In process, one check at a time.
 */
import { describe, expect, it } from 'vitest';
import { checkCanonicalCidrs } from '../../src/checks/01-canonical-cidrs.js';
import { checkPoolBlocks } from '../../src/checks/02-pool-blocks.js';
import { checkL2Lease } from '../../src/checks/10-l2-lease.js';
import { checkNames } from '../../src/checks/13-names.js';
import { checkBgpAsns } from '../../src/checks/19-bgp-asns.js';
import { checkBgpPeers } from '../../src/checks/20-bgp-peers.js';
import { parseGoDurationNs } from '../../src/model/go-duration.js';
import { BGP, edited, HOMELAB, run } from './run-check.js';

describe('check 1: canonical CIDRs', () => {
  it('every CIDR of a comma list is checked; a native-routing CIDR gets the plain fix', () => {
    expect(run(checkCanonicalCidrs, edited(HOMELAB, ['k3s.clusterCidr', '10.42.0.0/16,fd00:42::1/56'], ['k3s.serviceCidr', '10.43.0.1/16'],
      ['cilium.ipv4NativeRoutingCIDR', '10.0.0.1/8']))).toEqual([
      'k3s.clusterCidr: fd00:42::1/56 has host bits set; the block is fd00:42::/56 (fd00:42::–fd00:42:0:ff:ffff:ffff:ffff:ffff). Write fd00:42::/56.',
      'k3s.serviceCidr: 10.43.0.1/16 has host bits set; the block is 10.43.0.0/16 (10.43.0.0–10.43.255.255). Write 10.43.0.0/16.',
      'cilium.ipv4NativeRoutingCIDR: 10.0.0.1/8 has host bits set; the block is 10.0.0.0/8 (10.0.0.0–10.255.255.255). Write 10.0.0.0/8.',
    ]);
  });

  it('a node address needs its prefix length, on each address of a dual-stack node', () => {
    const lines = run(checkCanonicalCidrs, edited(HOMELAB, ['nodes[0].address', '192.168.1.10/24,fd00:1::10']));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('nodes[0].address: "fd00:1::10" is not an address with a prefix length. Write the node IP with the prefix length of its L2 subnet, '
      + 'e.g. 192.168.1.10/24 (dual-stack: 192.168.1.10/24,fd00:1::10/64): the checks use the subnet to know which addresses ARP/NDP reaches.');
    expect(run(checkCanonicalCidrs, edited(HOMELAB, ['nodes[0].address', '192.168.1.10/24,fd00:1::10/64']))).toEqual([]);
  });

  it('a block\'s or reserved range\'s range fix stops at the top of the address space', () => {
    expect(run(checkCanonicalCidrs, edited(HOMELAB, ['loadBalancer.pools[1].blocks[0].cidr', '255.255.255.250/28'],
      ['loadBalancer.reserved', [{ name: 'r', cidr: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff1/124' }]]))).toEqual([
      'loadBalancer.pools[1].blocks[0].cidr: 255.255.255.250/28 has host bits set; the block is 255.255.255.240/28 (.240–.255). '
        + 'Write cidr: 255.255.255.240/28 for that block, or start: 255.255.255.250 and stop: 255.255.255.255 if 16 addresses from 255.255.255.250 were meant.',
      'loadBalancer.reserved[0].cidr: ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff1/124 has host bits set; the block is ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124 '
        + '(ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0–ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff). Write cidr: ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124 for that block, '
        + 'or start: ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff1 and stop: ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff if 16 addresses from ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff1 were meant.',
    ]);
    // One below the top the range fits: its stop is start + size - 1.
    expect(run(checkCanonicalCidrs, edited(HOMELAB, ['loadBalancer.pools[1].blocks[0].cidr', '255.255.255.224/26']))[0])
      .toContain('start: 255.255.255.224 and stop: 255.255.255.255 if 64 addresses');
    expect(run(checkCanonicalCidrs, edited(HOMELAB, ['loadBalancer.pools[1].blocks[0].cidr', '10.0.0.5/30']))[0])
      .toContain('start: 10.0.0.5 and stop: 10.0.0.8 if 4 addresses from 10.0.0.5 were meant.');
  });

  it('a reserved range without a cidr and a canonical one pass', () => {
    expect(run(checkCanonicalCidrs, edited(HOMELAB, ['loadBalancer.reserved', [{ name: 'a', start: '192.168.1.1' }, { name: 'b', cidr: '192.168.1.0/30' }]]))).toEqual([]);
  });
});

describe('check 2: block shapes, for pool blocks and reserved ranges alike', () => {
  const SHAPE = 'Write cidr: <network>/<prefix>, or start: <first address> with an optional stop: <last address>.';
  const ONE = 'Write one IPv4 or IPv6 address, without a prefix length.';
  const cases: [string, Record<string, string>, string[]][] = [
    ['cidr and start', { cidr: '10.0.0.0/30', start: '10.0.0.1' }, [': has both cidr and start/stop. A block is either a cidr, or a start with an optional stop: split it into two blocks or drop one.']],
    ['cidr and stop', { cidr: '10.0.0.0/30', stop: '10.0.0.1' }, [': has both cidr and start/stop. A block is either a cidr, or a start with an optional stop: split it into two blocks or drop one.']],
    ['nothing', {}, [`: has neither cidr nor start. ${SHAPE}`]],
    ['a stop alone', { stop: '10.0.0.1' }, [`: has a stop but no start. ${SHAPE}`]],
    ['a bad start', { start: 'x' }, [`.start: "x" is not an IP address. ${ONE}`]],
    ['a bad start and a good stop', { start: 'x', stop: '10.0.0.1' }, [`.start: "x" is not an IP address. ${ONE}`]],
    ['a good start and a bad stop', { start: '10.0.0.1', stop: 'y' }, [`.stop: "y" is not an IP address. ${ONE}`]],
    ['two bad addresses', { start: 'x', stop: 'y' }, [`.start: "x" is not an IP address. ${ONE}`, `.stop: "y" is not an IP address. ${ONE}`]],
    ['two families', { start: '10.0.0.1', stop: 'fd00::1' }, ['.stop: start 10.0.0.1 is IPv4 but stop fd00::1 is IPv6. A range is of one family: use a separate block for each family.']],
    ['a reversed range', { start: '10.0.0.2', stop: '10.0.0.1' }, ['.stop: stop 10.0.0.1 comes before start 10.0.0.2, so the range is empty. Swap them: start: 10.0.0.1, stop: 10.0.0.2.']],
    ['one address as start and stop', { start: '10.0.0.1', stop: '10.0.0.1' }, []],
    ['a start alone', { start: '10.0.0.1' }, []],
    ['a cidr alone', { cidr: '10.0.0.0/30' }, []],
  ];
  it.each(cases)('%s', (_, block, expected) => {
    const pool = 'loadBalancer.pools[1].blocks[0]';
    expect(run(checkPoolBlocks, edited(HOMELAB, [pool, block]))).toEqual(expected.map((e) => pool + e));
    expect(run(checkPoolBlocks, edited(HOMELAB, ['loadBalancer.reserved', [{ name: 'r', ...block }]]))).toEqual(expected.map((e) => `loadBalancer.reserved[0]${e}`));
  });

  it('a pool without blocks', () => {
    expect(run(checkPoolBlocks, edited(HOMELAB, ['loadBalancer.pools[1].blocks', []]))).toEqual([
      'loadBalancer.pools[1].blocks: pool "critical" has no blocks. Give it at least one cidr or start/stop block.',
    ]);
  });
});

describe('check 13: names', () => {
  it('the cluster name is a DNS-1123 label', () => {
    expect(run(checkNames, edited(HOMELAB, ['name', 'Home_Lab']))).toEqual([
      'name: cluster name "Home_Lab" is not a valid DNS-1123 label. Use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit, e.g. homelab.',
    ]);
    expect(run(checkNames, edited(HOMELAB, ['name', 'a'.repeat(63)]))).toEqual([]);
    expect(run(checkNames, edited(HOMELAB, ['name', 'a'.repeat(64)]))).toHaveLength(1);
  });

  it('node, pool and policy names: each invalid one and each second use, pointing at the first', () => {
    const spec = edited(HOMELAB,
      ['nodes', [{ name: 'n-1', role: 'server', address: '192.168.1.10/24' }, { name: 'N_2', role: 'agent', address: '192.168.1.11/24' },
        { name: 'n-1', role: 'agent', address: '192.168.1.12/24' }]],
      ['loadBalancer.pools[1].name', 'default-pool'],
      ['loadBalancer.l2.policies', [{ name: 'p', interfaces: ['eth0'] }, { name: 'p', interfaces: ['eth0'] }, { name: 'p', interfaces: ['eth0'] }]]);
    expect(run(checkNames, spec)).toEqual([
      'nodes[1].name: node name "N_2" is not a valid DNS-1123 subdomain. Use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, e.g. default-pool.',
      'nodes[2].name: node name "n-1" is already used by nodes[0]. Give every node its own name.',
      'loadBalancer.pools[1].name: pool name "default-pool" is already used by loadBalancer.pools[0]. Give every pool its own name.',
      'loadBalancer.l2.policies[1].name: policy name "p" is already used by loadBalancer.l2.policies[0]. Give every policy its own name.',
      'loadBalancer.l2.policies[2].name: policy name "p" is already used by loadBalancer.l2.policies[0]. Give every policy its own name.',
    ]);
  });

  it('interface names: empty, "." and "..", 16 bytes, and \'/\', \':\' or white space refused; a control character left to check 31', () => {
    const lines = run(checkNames, edited(HOMELAB, ['nodes[0].interfaces', ['', '.', '..', '...', 'a/b', 'a:b', 'a b', 'a\tb', 'e'.repeat(15), 'e'.repeat(16), 'a\u0007b', '\ta']]));
    const fix = ' Write the name `ip link` shows on the node, e.g. eth0 or enp1s0.';
    expect(lines).toEqual([
      `nodes[0].interfaces[0]: "" is no interface name.${fix}`,
      `nodes[0].interfaces[1]: "." is no interface name.${fix}`,
      `nodes[0].interfaces[2]: ".." is no interface name.${fix}`,
      `nodes[0].interfaces[4]: "a/b" holds '/', ':' or white space, which no Linux interface name has.${fix}`,
      `nodes[0].interfaces[5]: "a:b" holds '/', ':' or white space, which no Linux interface name has.${fix}`,
      `nodes[0].interfaces[6]: "a b" holds '/', ':' or white space, which no Linux interface name has.${fix}`,
      `nodes[0].interfaces[9]: "${'e'.repeat(16)}" is 16 bytes long; Linux interface names have at most 15.${fix}`,
    ]);
  });

  it('interface names are read as the kernel reads them, byte by byte: 0xA0 (in \'à\', or a no-break space) is white space, U+3000 is not', () => {
    // `ip link add name <name> type bridge` in a network namespace: "ethà" and "a\u00a0b" give EINVAL,
    // "eth\u3000" and "e\u00e9" are created (dev_valid_name, net/core/dev.c; isspace, lib/ctype.c).
    const NBSP = 'holds the byte 0xA0 (in UTF-8 also part of letters such as \'à\'), which the kernel reads as white space and refuses in interface names';
    const fix = ' Write the name `ip link` shows on the node, e.g. eth0 or enp1s0.';
    expect(run(checkNames, edited(HOMELAB, ['nodes[0].interfaces', ['eth\u00e0', 'a\u00a0b', 'eth\u3000', 'e\u00e9', 'a b\u00e0']]))).toEqual([
      `nodes[0].interfaces[0]: "eth\u00e0" ${NBSP}.${fix}`,
      `nodes[0].interfaces[1]: "a\u00a0b" ${NBSP}.${fix}`,
      `nodes[0].interfaces[4]: "a b\u00e0" holds '/', ':' or white space, which no Linux interface name has.${fix}`,
    ]);
    // The limit is 15 bytes, not characters: 7 two-byte letters and one more byte pass, 8 letters do not.
    expect(run(checkNames, edited(HOMELAB, ['nodes[0].interfaces', [`${'\u00e9'.repeat(7)}e`, '\u00e9'.repeat(8)]]))).toEqual([
      `nodes[0].interfaces[1]: "${'\u00e9'.repeat(8)}" is 16 bytes long; Linux interface names have at most 15.${fix}`,
    ]);
  });

  it('a node name of 63 characters passes, 64 is refused as a hostname label (not when it is already no subdomain)', () => {
    expect(run(checkNames, edited(HOMELAB, ['nodes[0].name', 'n'.repeat(63)]))).toEqual([]);
    expect(run(checkNames, edited(HOMELAB, ['nodes[0].name', 'n'.repeat(64)]))).toEqual([
      'nodes[0].name: node name is 64 characters long, but it is also the node\'s kubernetes.io/hostname label, which holds at most 63 (and Linux host names at most 64). '
        + 'Use the node\'s host name, at most 63 characters.',
    ]);
    expect(run(checkNames, edited(HOMELAB, ['nodes[0].name', `${'n'.repeat(63)}_`]))).toHaveLength(1);
  });

  it('a BGP pool\'s advertisement name of 253 characters passes, 254 is refused with the longest pool name', () => {
    const advert = (pool: string) => edited(BGP, ['loadBalancer.pools[0].name', pool]);
    const lines = (n: number) => run(checkNames, advert('p'.repeat(n)));
    let longest = 253;
    while (lines(longest).length > 0) longest--;
    const over = lines(longest + 1);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatch(new RegExp(`^loadBalancer\\.pools\\[0\\]\\.name: the pool's CiliumBGPAdvertisement "${'p'.repeat(0)}.{20}…" would be 254 characters long; object names hold at most 253\\. Use a pool name of at most ${longest} characters\\.$`));
    // An invalid pool name is reported once, as a name, not again through its derived names.
    expect(run(checkNames, advert(`${'p'.repeat(longest + 1)}_`))).toHaveLength(1);
  });

  it('references: a BGP secret that is a password, or no Secret name; the secrets namespace; a reservation\'s Service', () => {
    const spec = edited(BGP, ['loadBalancer.bgp.peerConfigs[0].authSecretRef', 'Hunter2!secret'], ['loadBalancer.bgp.secretsNamespace', 'Kube_System'],
      ['loadBalancer.reservations', [{ service: `${'n'.repeat(64)}/svc`, ip: '10.20.0.5' }, { service: 'default/9svc', ip: '10.20.0.6' }, { service: 'default/ok', ip: '10.20.0.7' }]]);
    const lines = run(checkNames, spec);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('loadBalancer.bgp.peerConfigs[0].authSecretRef: this looks like a password, not the name of a Secret: it would be rendered into '
      + 'manifests/bgp.yaml in plain text, and Secret names are DNS-1123 subdomains (lower-case letters, digits, \'-\' and \'.\'). Put the password in a Secret '
      + '(kubectl -n Kube_System create secret generic bgp-peer-password --from-literal=password=…) and write its name here, e.g. authSecretRef: bgp-peer-password.');
    expect(lines[1]).toBe('loadBalancer.bgp.secretsNamespace: "Kube_System" is not a valid namespace: namespaces are DNS-1123 labels (at most 63 lower-case letters, '
      + 'digits and \'-\', starting and ending with a letter or digit). Write the namespace the agents read Secrets from, e.g. kube-system.');
    expect(lines[2]).toBe(`loadBalancer.reservations[0].service: namespace "${'n'.repeat(64)}" of ${'n'.repeat(64)}/svc is longer than 63 characters, `
      + 'which no namespace can be. Write the Service\'s real namespace.');
    expect(lines[3]).toBe('loadBalancer.reservations[1].service: "9svc" is not a valid Service name: a DNS-1035 label, at most 63 lower-case letters, digits and \'-\', '
      + 'starting with a letter and ending with a letter or digit. Write the Service\'s real name.');
    expect(run(checkNames, edited(BGP, ['loadBalancer.bgp.peerConfigs[0].authSecretRef', 'bgp_password']))).toEqual([
      'loadBalancer.bgp.peerConfigs[0].authSecretRef: "bgp_password" is not a valid Secret name: Secret names are DNS-1123 subdomains (lower-case letters, digits, '
        + '\'-\' and \'.\', at most 253 characters). Write the name of the Secret that holds the password, e.g. bgp-peer-password.',
    ]);
    expect(run(checkNames, edited(BGP, ['loadBalancer.bgp.peerConfigs[0].authSecretRef', undefined]))).toEqual([]);
  });
});

describe('check 10: L2 lease timings', () => {
  const lease = (l: Record<string, string>) => run(checkL2Lease, edited(HOMELAB, ['loadBalancer.l2.lease', l]));
  const FIX = 'Cilium would silently replace the timings: keep duration > renewDeadline > 1.2 × retryPeriod, e.g. 15s / 5s / 2s.';
  const P = 'loadBalancer.l2.lease';

  it('the defaults pass, and so does no lease at all', () => {
    expect(lease({})).toEqual([]);
    expect(run(checkL2Lease, edited(HOMELAB, ['loadBalancer.l2', undefined]))).toEqual([]);
  });

  it('each timing must be a positive Go duration that fits an int64 of nanoseconds', () => {
    expect(lease({ duration: '0s', renewDeadline: 'soon', retryPeriod: '2562048h' })).toEqual([
      `${P}.duration: "0s" is not a positive Go duration. Write e.g. 15s, 500ms or 1m30s.`,
      `${P}.renewDeadline: "soon" is not a positive Go duration. Write e.g. 15s, 500ms or 1m30s.`,
      `${P}.retryPeriod: 2562048h is longer than a Go duration can be (about 2562047h); the agent cannot parse it. Write e.g. 15s, 500ms or 1m30s.`,
    ]);
    expect(lease({ duration: '1ns' })).toEqual([`${P}.duration: duration 1ns must be longer than 1s. ${FIX}`]);
  });

  it('Go\'s largest duration, 2^63 - 1 ns, passes; one nanosecond more is refused (counted exactly, not as a double)', () => {
    expect(parseGoDurationNs('2562047h47m16.854775807s')).toBe(2n ** 63n - 1n);
    expect(parseGoDurationNs('1.5s')).toBe(1_500_000_000n);
    expect(parseGoDurationNs('1m0.5ms')).toBe(60_000_500_000n);
    expect(parseGoDurationNs('5 s')).toBeUndefined();
    for (const max of ['9223372036854775807ns', '2562047h47m16.854775807s']) expect(lease({ duration: max })).toEqual([]);
    for (const over of ['9223372036854775808ns', '2562047h47m16.854775808s']) {
      expect(lease({ duration: over })).toEqual([`${P}.duration: ${over} is longer than a Go duration can be (about 2562047h); the agent cannot parse it. Write e.g. 15s, 500ms or 1m30s.`]);
    }
  });

  it('duration must exceed 1s (reported alone) and then the renew deadline; a default is named as such', () => {
    expect(lease({ duration: '1s', renewDeadline: '2s', retryPeriod: '1s' })).toEqual([`${P}.duration: duration 1s must be longer than 1s. ${FIX}`]);
    expect(lease({ duration: '1000000001ns', renewDeadline: '1s', retryPeriod: '500ms' })).toEqual([]);
    expect(lease({ duration: '5s' })).toEqual([`${P}.duration: duration 5s must be longer than renewDeadline 5s (default). ${FIX}`]);
    expect(lease({ renewDeadline: '15s' })).toEqual([`${P}.renewDeadline: duration 15s (default) must be longer than renewDeadline 15s. ${FIX}`]);
    expect(lease({ renewDeadline: '14999999999ns' })).toEqual([]);
  });

  it('renewDeadline must exceed 1.2 × retryPeriod, reported on the first of the two that is set', () => {
    expect(lease({ retryPeriod: '5s' })).toEqual([`${P}.retryPeriod: renewDeadline 5s (default) must be longer than 1.2 × retryPeriod 5s. ${FIX}`]);
    expect(lease({ renewDeadline: '2400ms', retryPeriod: '2s' })).toEqual([`${P}.renewDeadline: renewDeadline 2400ms must be longer than 1.2 × retryPeriod 2s. ${FIX}`]);
    expect(lease({ renewDeadline: '2400000001ns' })).toEqual([]);
    // An unreadable timing is reported once, not compared.
    expect(lease({ renewDeadline: 'x', retryPeriod: '20s' })).toHaveLength(1);
    expect(lease({ duration: 'x', renewDeadline: '20s' })).toHaveLength(1);
  });
});

describe('check 19: BGP ASNs', () => {
  const asns = (local: number, ...peers: number[]) =>
    run(checkBgpAsns, edited(BGP, ['loadBalancer.bgp.localASN', local], ...peers.map((asn, i): [string, unknown] => [`loadBalancer.bgp.peers[${i}].asn`, asn])));
  const L = 'loadBalancer.bgp.localASN';
  const LOCAL_FIX = 'Use your autonomous system number, e.g. a private one (64512–65534 and 4200000000–4294967294).';

  it('the local ASN: 1 to 4294967295, a whole number', () => {
    expect(asns(1, 65000, 65000)).toEqual([
      'warning: loadBalancer.bgp.peers[0].asn: peer "tor-a" has private ASN 65000 but the local ASN 1 is public; a private/public mix is usually a mistyped ASN. '
        + 'Check both ASNs (private ASNs are 64512–65534 and 4200000000–4294967294); a public router must also strip private ASNs before passing routes on.',
      'warning: loadBalancer.bgp.peers[1].asn: peer "tor-b" has private ASN 65000 but the local ASN 1 is public; a private/public mix is usually a mistyped ASN. '
        + 'Check both ASNs (private ASNs are 64512–65534 and 4200000000–4294967294); a public router must also strip private ASNs before passing routes on.',
    ]);
    for (const bad of [0, -1, 4294967296, 65010.5]) expect(asns(bad)).toEqual([`${L}: ${bad} is not a valid ASN; ASNs are 1–4294967295. ${LOCAL_FIX}`]);
  });

  it('a reserved local ASN is warned, and no mix is read into it', () => {
    for (const reserved of [23456, 64496, 64511, 65535, 65536, 65551, 4294967295]) {
      expect(asns(reserved, 1, 1)).toEqual([`warning: ${L}: ASN ${reserved} is reserved (AS_TRANS, documentation or last ASN) and routers may refuse it. `
        + 'Use a private ASN (64512–65534 and 4200000000–4294967294) or one assigned to you.']);
    }
  });

  it('a peer\'s: 0 takes the OPEN message\'s; reserved warned; invalid refused; no mix read against an invalid local ASN', () => {
    expect(asns(65010, 0, 0)).toEqual([]);
    expect(asns(65010, 23456, 65000)).toEqual([
      'warning: loadBalancer.bgp.peers[0].asn: peer "tor-a" has the reserved ASN 23456 (AS_TRANS, documentation or last ASN). Check the router\'s ASN.',
    ]);
    expect(asns(65010, -1, 65000.5)).toEqual([-1, 65000.5].map((a, i) => `loadBalancer.bgp.peers[${i}].asn: ${a} is not a valid ASN; peer ASNs are 1–4294967295, `
      + 'or 0 to accept the ASN the peer announces in its OPEN message. Use the router\'s ASN.'));
    expect(asns(0, 1, 23456)).toHaveLength(1);
    expect(asns(4200000000, 65000, 4294967294)).toEqual([]);
    expect(asns(65010, 65000, 4200000000)).toEqual([]);
  });

  it('no BGP, no findings', () => {
    expect(run(checkBgpAsns, edited(HOMELAB))).toEqual([]);
  });
});

describe('check 20: BGP peers and peer configs', () => {
  const P = 'loadBalancer.bgp';
  const tor = { name: 'tor', timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3 } };

  it('a peer config defined twice is reported at its second use only, and not as unused', () => {
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peerConfigs`, [tor, tor, tor]], [`${P}.peers[0].peerConfig`, 'tor'], [`${P}.peers[1].peerConfig`, 'tor']))).toEqual([
      `${P}.peerConfigs[1].name: peer config "tor" is defined twice. Give each peer config its own name.`,
      `${P}.peerConfigs[2].name: peer config "tor" is defined twice. Give each peer config its own name.`,
    ]);
  });

  it('an unused peer config is reported, but not while a peer names an unknown one', () => {
    const two = [tor, { name: 'spare' }];
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peerConfigs`, two], [`${P}.peers[0].peerConfig`, 'tor'], [`${P}.peers[1].peerConfig`, 'tor']))).toEqual([
      `${P}.peerConfigs[1]: peer config "spare" is not used by any peer. Set it as \`peerConfig\` of a peer, or remove it.`,
    ]);
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peerConfigs`, two], [`${P}.peers[0].peerConfig`, 'tor'], [`${P}.peers[1].peerConfig`, 'nope']))).toEqual([
      `${P}.peers[1].peerConfig: peer config "nope" does not exist. Use one of: tor, spare.`,
    ]);
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peerConfigs`, two], [`${P}.peers[0].peerConfig`, 'tor']))).toEqual([
      `${P}.peers[1].peerConfig: peer "tor-b" names no peer config and there are 2 to choose from. Set peerConfig to one of: tor, spare.`,
    ]);
  });

  it('keepalive at most the hold time; the default hold time is named', () => {
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peerConfigs[0].timers`, { holdTimeSeconds: 9, keepAliveTimeSeconds: 9 }]))).toEqual([]);
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peerConfigs[0].timers`, { holdTimeSeconds: 9, keepAliveTimeSeconds: 10 }]))).toEqual([
      `${P}.peerConfigs[0].timers.keepAliveTimeSeconds: keepalive time 10 s is longer than the hold time 9 s, so the session would expire between keepalives `
        + '(the CRD rejects keepAliveTimeSeconds > holdTimeSeconds). Use a keepalive of at most a third of the hold time, e.g. holdTimeSeconds: 9 with keepAliveTimeSeconds: 3.',
    ]);
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peerConfigs[0].timers`, { keepAliveTimeSeconds: 91 }]))[0]).toContain('hold time 90 s (the default), so');
  });

  it('peer names and addresses: unique, IPs, not a node\'s own', () => {
    const peers = [
      { name: 'a', address: '10.10.0.2', asn: 65000 },
      { name: 'a', address: '10.10.0.02', asn: 65000 },
      { name: 'b', address: '10.10.0.2', asn: 65000 },
      { name: 'c', address: '10.10.0.13', asn: 65000 },
      { name: 'd', address: 'tor.lan', asn: 65000 },
    ];
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peers`, peers]))).toEqual([
      `${P}.peers[1].name: peer "a" is defined twice. Give each peer its own name.`,
      `${P}.peers[1].address: "10.10.0.02" is not an IP address. Use the router's IPv4 or IPv6 address, without prefix length.`,
      `${P}.peers[2].address: 10.10.0.2 is already the address of peer "a"; Cilium keeps one session per neighbour address. `
        + 'Peer with each router once; to change session settings per router, give it its own peer config.',
      `${P}.peers[3].address: 10.10.0.13 is node server-3's own address; a node cannot peer with itself. Use the router's address.`,
      `${P}.peers[4].address: "tor.lan" is not an IP address. Use the router's IPv4 or IPv6 address, without prefix length.`,
    ]);
  });

  it('a peer\'s family must be one the speaking nodes have, either way round', () => {
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peers[1].address`, 'fd00::2']))).toEqual([
      `${P}.peers[1].address: the address of peer "tor-b" is IPv6, but no node speaking BGP has an IPv6 address, so no session can come up. `
        + 'Peer with the router\'s IPv4 address, or make the cluster dual-stack (IPv6 node addresses).',
    ]);
    const v6 = edited(BGP, ...[0, 1, 2, 3, 4].map((i): [string, unknown] => [`nodes[${i}].address`, `fd00:10::${i + 10}/64`]),
      [`nodes[4].bgp`, undefined], [`${P}.peers[1].address`, 'fd00:10::3']);
    expect(run(checkBgpPeers, v6)).toEqual([
      `${P}.peers[0].address: the address of peer "tor-a" is IPv4, but no node speaking BGP has an IPv4 address, so no session can come up. `
        + 'Peer with the router\'s IPv6 address, or give the nodes IPv4 addresses.',
    ]);
    // No speaker at all is check 22's finding, not one per peer.
    expect(run(checkBgpPeers, edited(BGP, [`${P}.nodeSelector`, { matchLabels: { rack: 'none' } }], [`${P}.peers[1].address`, 'fd00::2']))).toEqual([]);
  });

  it('a peer inside a pool', () => {
    expect(run(checkBgpPeers, edited(BGP, [`${P}.peers[1].address`, '10.20.0.1']))).toEqual([
      `${P}.peers[1].address: peer address 10.20.0.1 is inside pool "services" (10.20.0.0–10.20.0.255), so LB-IPAM could hand the router's address to a Service. `
        + 'Fix the peer address or move the pool off the router\'s address.',
    ]);
  });
});
