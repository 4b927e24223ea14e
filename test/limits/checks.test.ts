/**
 * The limits of the README's "What is checked" table, each at the limit and one past it, through both
 * YAML paths and the library (test/limits/paths.ts: the library must refuse exactly what the files do).
 */
import { describe, expect, it } from 'vitest';
import { asnKind } from '../../src/checks/19-bgp-asns.js';
import { isDns1123Label, isDns1123Subdomain } from '../../src/model/names.js';
import { findings, findingsAt, setPath, specOf } from './paths.js';

const HOMELAB = 'test/fixtures/clusters/homelab.yaml';
const BGP = 'examples/bgp-tor.yaml';
const errorsAt = (spec: unknown, path: string) => findingsAt(spec, path).filter((l) => !l.startsWith('warning: '));
const warningsAt = (spec: unknown, path: string) => findingsAt(spec, path).filter((l) => l.startsWith('warning: '));
const edit = (file: string, path: string, value: unknown) => setPath(specOf(file), path, value);

describe('BGP ASNs (check 19): 1–4294967295, a peer\'s may be 0', () => {
  it('classifies the edges of every range', () => {
    const kinds = Object.fromEntries([23455, 23456, 23457, 64495, 64496, 64511, 64512, 65534, 65535, 65536, 65551, 65552,
      4199999999, 4200000000, 4294967294, 4294967295].map((a) => [a, asnKind(a)]));
    expect(kinds).toEqual({
      23455: 'public', 23456: 'reserved', 23457: 'public', 64495: 'public', 64496: 'reserved', 64511: 'reserved', 64512: 'private',
      65534: 'private', 65535: 'reserved', 65536: 'reserved', 65551: 'reserved', 65552: 'public',
      4199999999: 'public', 4200000000: 'private', 4294967294: 'private', 4294967295: 'reserved',
    });
  });

  it('the top of the range is a warning for the local ASN, one past it an error', () => {
    const top = edit(BGP, 'loadBalancer.bgp.localASN', 4294967295);
    expect(errorsAt(top, 'loadBalancer.bgp.localASN')).toEqual([]);
    expect(warningsAt(top, 'loadBalancer.bgp.localASN')).toHaveLength(1);
    expect(errorsAt(edit(BGP, 'loadBalancer.bgp.localASN', 4294967296), 'loadBalancer.bgp.localASN')).toHaveLength(1);
    expect(errorsAt(edit(BGP, 'loadBalancer.bgp.localASN', 1), 'loadBalancer.bgp.localASN')).toEqual([]);
    expect(errorsAt(edit(BGP, 'loadBalancer.bgp.localASN', 0), 'loadBalancer.bgp.localASN')).toHaveLength(1);
  });

  it('a peer\'s: 0 and the top accepted (the top warned), one past each refused', () => {
    const peer = 'loadBalancer.bgp.peers[0].asn';
    expect(findingsAt(edit(BGP, peer, 0), peer)).toEqual([]);
    expect(errorsAt(edit(BGP, peer, -1), peer)).toHaveLength(1);
    const top = edit(BGP, peer, 4294967295);
    expect(errorsAt(top, peer)).toEqual([]);
    expect(warningsAt(top, peer)).toHaveLength(1);
    expect(errorsAt(edit(BGP, peer, 4294967296), peer)).toHaveLength(1);
  });
});

describe('BGP timers (check 20): keepalive at most the hold time', () => {
  const timers = 'loadBalancer.bgp.peerConfigs[0].timers';
  it('keepalive equal to the hold time is accepted, one more refused', () => {
    expect(findingsAt(edit(BGP, timers, { holdTimeSeconds: 9, keepAliveTimeSeconds: 9 }), `${timers}.keepAliveTimeSeconds`)).toEqual([]);
    expect(errorsAt(edit(BGP, timers, { holdTimeSeconds: 9, keepAliveTimeSeconds: 10 }), `${timers}.keepAliveTimeSeconds`)).toEqual([
      `${timers}.keepAliveTimeSeconds: keepalive time 10 s is longer than the hold time 9 s, so the session would expire between keepalives (the CRD rejects keepAliveTimeSeconds > holdTimeSeconds)`,
    ]);
  });
  it('against Cilium\'s default hold time of 90 s when only the keepalive is set', () => {
    expect(findingsAt(edit(BGP, timers, { keepAliveTimeSeconds: 90 }), `${timers}.keepAliveTimeSeconds`)).toEqual([]);
    expect(errorsAt(edit(BGP, timers, { keepAliveTimeSeconds: 91 }), `${timers}.keepAliveTimeSeconds`)[0]).toContain('hold time 90 s (the default)');
  });
  it('a hold time set below the default keepalive of 30 s is refused, equal accepted', () => {
    expect(findingsAt(edit(BGP, timers, { holdTimeSeconds: 30 }), `${timers}.keepAliveTimeSeconds`)).toEqual([]);
    expect(errorsAt(edit(BGP, timers, { holdTimeSeconds: 29 }), `${timers}.keepAliveTimeSeconds`)).toHaveLength(1);
  });
});

describe('names (check 13)', () => {
  it('DNS-1123 labels hold 63 characters, subdomains 253', () => {
    expect(isDns1123Label('a'.repeat(63))).toBe(true);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    const sub = (n: number) => `${'a'.repeat(63)}.`.repeat(4).slice(0, n - 1) + 'a';
    expect(sub(253)).toHaveLength(253);
    expect(isDns1123Subdomain(sub(253))).toBe(true);
    expect(isDns1123Subdomain(sub(254))).toBe(false);
  });

  it('interface names: 15 bytes accepted, 16 refused, counted in bytes', () => {
    const at = 'nodes[0].interfaces[0]';
    for (const ok of ['e'.repeat(15), `${'é'.repeat(7)}e`]) expect(findingsAt(edit(HOMELAB, 'nodes[0].interfaces', [ok]), at)).toEqual([]);
    for (const [bad, bytes] of [['e'.repeat(16), 16], ['é'.repeat(8), 16]] as const) {
      expect(errorsAt(edit(HOMELAB, 'nodes[0].interfaces', [bad]), at)).toEqual([`${at}: "${bad}" is ${bytes} bytes long; Linux interface names have at most 15`]);
    }
  });

  it('cilium.devices: 15 characters (and a + prefix) accepted, 16 refused', () => {
    const spec = (d: string) => setPath(edit(HOMELAB, 'nodes[0].interfaces', ['e'.repeat(15)]), 'cilium.devices', [d]);
    expect(findingsAt(spec('e'.repeat(15)), 'cilium.devices[0]')).toEqual([]);
    expect(findingsAt(spec(`${'e'.repeat(15)}+`), 'cilium.devices[0]')).toEqual([]);
    expect(errorsAt(spec('e'.repeat(16)), 'cilium.devices[0]')).toHaveLength(1);
  });

  it('node names: 63 characters accepted, 64 refused (the kubernetes.io/hostname label)', () => {
    const spec = (name: string) => {
      const s = edit(HOMELAB, 'nodes[0].name', name);
      return s;
    };
    expect(findingsAt(spec('n'.repeat(63)), 'nodes[0].name')).toEqual([]);
    expect(errorsAt(spec('n'.repeat(64)), 'nodes[0].name')).toHaveLength(1);
  });

  it('a pool\'s derived object names fit 253 characters', () => {
    // The longest derived name decides; find the longest pool name accepted, then one more is refused.
    const refused = (n: number) => errorsAt(edit(HOMELAB, 'loadBalancer.pools[0].name', 'p'.repeat(n)), 'loadBalancer.pools[0].name').length > 0;
    let longest = 253;
    while (refused(longest)) longest--;
    expect(longest).toBeGreaterThan(200);
    expect(refused(longest + 1)).toBe(true);
  });
});

describe('labels and selectors (check 23): key names and values of 63 characters, prefixes of 253', () => {
  const labels = 'nodes[0].labels';
  const withLabel = (key: string, value: string) => edit(HOMELAB, labels, { [key]: value });
  it.each([
    ['a value', 'role', (n: number) => 'v'.repeat(n)],
  ])('%s: 63 accepted, 64 refused', (_, key, value) => {
    expect(findings(withLabel(key, value(63))).filter((l) => l.startsWith(labels))).toEqual([]);
    expect(findings(withLabel(key, value(64))).filter((l) => l.startsWith(labels))).toHaveLength(1);
  });
  it('a key\'s name part: 63 accepted, 64 refused; its prefix: 253 accepted, 254 refused', () => {
    const ok = (key: string) => findings(withLabel(key, 'v')).filter((l) => l.startsWith(labels)).length === 0;
    expect(ok('k'.repeat(63))).toBe(true);
    expect(ok('k'.repeat(64))).toBe(false);
    const prefix = (n: number) => `${'p'.repeat(63)}.`.repeat(4).slice(0, n - 1) + 'p';
    expect(ok(`${prefix(253)}/k`)).toBe(true);
    expect(ok(`${prefix(254)}/k`)).toBe(false);
  });
});

describe('addresses and sizes', () => {
  it('a Service CIDR of 20 host bits is accepted, 21 refused (IPv4 /12, IPv6 /108)', () => {
    expect(errorsAt(edit(HOMELAB, 'k3s.serviceCidr', '10.96.0.0/12'), 'k3s.serviceCidr')).toEqual([]);
    expect(errorsAt(edit(HOMELAB, 'k3s.serviceCidr', '10.96.0.0/11'), 'k3s.serviceCidr')).toHaveLength(1);
    const dual = (svc: string) => {
      const s = specOf('examples/dual-stack.yaml');
      const v4 = String(s.k3s.serviceCidr).split(',')[0];
      return setPath(s, 'k3s.serviceCidr', `${v4},${svc}`);
    };
    expect(errorsAt(dual('fd00:43::/108'), 'k3s.serviceCidr')).toEqual([]);
    expect(errorsAt(dual('fd00:43::/107'), 'k3s.serviceCidr')).toHaveLength(1);
  });

  it('l2ServiceCount: the addresses of the Service CIDR accepted, one more refused', () => {
    expect(errorsAt(edit(HOMELAB, 'cilium.l2ServiceCount', 65536), 'cilium.l2ServiceCount')).toEqual([]);
    expect(errorsAt(edit(HOMELAB, 'cilium.l2ServiceCount', 65537), 'cilium.l2ServiceCount')).toHaveLength(1);
  });

  it('operatorReplicas: the node count accepted, one more warned', () => {
    expect(findingsAt(edit(HOMELAB, 'cilium.operatorReplicas', 1), 'cilium.operatorReplicas')).toEqual([]);
    expect(warningsAt(edit(HOMELAB, 'cilium.operatorReplicas', 2), 'cilium.operatorReplicas')).toHaveLength(1);
  });

  it('k8sClientRateLimit: burst equal to qps accepted, one below refused', () => {
    const rate = (qps: number, burst: number) => edit(HOMELAB, 'cilium.k8sClientRateLimit', { qps, burst });
    expect(errorsAt(rate(100, 100), 'cilium.k8sClientRateLimit.burst')).toEqual([]);
    expect(errorsAt(rate(100, 99), 'cilium.k8sClientRateLimit.burst')).toHaveLength(1);
  });

  it('Maglev table sizes: the smallest and largest prime accepted, their neighbours refused', () => {
    const maglev = (size: number) => edit(HOMELAB, 'cilium.serviceLoadBalancing', { algorithm: 'maglev', maglevTableSize: size });
    const at = 'cilium.serviceLoadBalancing.maglevTableSize';
    for (const ok of [251, 131071]) expect(errorsAt(maglev(ok), at)).toEqual([]);
    for (const bad of [250, 252, 131070, 131072]) expect(errorsAt(maglev(bad), at)).toHaveLength(1);
  });

  it('the cluster CIDR: one /24 per node (a /24 for one node accepted, a /25 refused); IPv6 /48 accepted, /47 refused', () => {
    expect(errorsAt(edit(HOMELAB, 'k3s.clusterCidr', '10.42.0.0/24'), 'k3s.clusterCidr')).toEqual([]);
    expect(errorsAt(edit(HOMELAB, 'k3s.clusterCidr', '10.42.0.0/25'), 'k3s.clusterCidr')).toHaveLength(1);
    const dual = (v6: string) => {
      const s = specOf('examples/dual-stack.yaml');
      return setPath(s, 'k3s.clusterCidr', `${String(s.k3s.clusterCidr).split(',')[0]},${v6}`);
    };
    expect(errorsAt(dual('fd00:42::/48'), 'k3s.clusterCidr')).toEqual([]);
    expect(errorsAt(dual('fd00:42::/47'), 'k3s.clusterCidr')).toHaveLength(1);
  });
});

describe('L2 lease timings (check 10)', () => {
  const lease = (l: Record<string, string>) => edit(HOMELAB, 'loadBalancer.l2.lease', l);
  const leaseErrors = (l: Record<string, string>) => findings(lease(l)).filter((f) => f.startsWith('loadBalancer.l2.lease'));
  it('duration: just over 1s accepted, 1s refused', () => {
    expect(leaseErrors({ duration: '1001ms', renewDeadline: '1s', retryPeriod: '800ms' })).toEqual([]);
    expect(leaseErrors({ duration: '1s', renewDeadline: '900ms', retryPeriod: '700ms' })).toHaveLength(1);
  });
  it('duration just over renewDeadline accepted, equal refused', () => {
    expect(leaseErrors({ duration: '5001ms', renewDeadline: '5s', retryPeriod: '2s' })).toEqual([]);
    expect(leaseErrors({ duration: '5s', renewDeadline: '5s', retryPeriod: '2s' })).toHaveLength(1);
  });
  it('renewDeadline just over 1.2 × retryPeriod accepted, equal refused', () => {
    expect(leaseErrors({ duration: '15s', renewDeadline: '2400000001ns', retryPeriod: '2s' })).toEqual([]);
    expect(leaseErrors({ duration: '15s', renewDeadline: '2400ms', retryPeriod: '2s' })).toHaveLength(1);
  });
  it('Go\'s longest duration accepted, one hour more refused', () => {
    expect(leaseErrors({ duration: '2562047h', renewDeadline: '5s', retryPeriod: '2s' })).toEqual([]);
    expect(leaseErrors({ duration: '2562048h', renewDeadline: '5s', retryPeriod: '2s' })).toHaveLength(1);
  });
  it('to the nanosecond: 2^63 - 1 ns accepted, 2^63 ns refused', () => {
    expect(leaseErrors({ duration: '9223372036854775807ns', renewDeadline: '5s', retryPeriod: '2s' })).toEqual([]);
    expect(leaseErrors({ duration: '9223372036854775808ns', renewDeadline: '5s', retryPeriod: '2s' })).toHaveLength(1);
  });
});

describe('counts of nodes (checks 16 and 30)', () => {
  const withNodes = (servers: number, agents: number) => edit(HOMELAB, 'nodes', Array.from({ length: servers + agents }, (_, i) => (
    { name: `n${i}`, role: i < servers ? 'server' : 'agent', address: `192.168.1.${10 + i}/24`, interfaces: ['eth0'] })));
  it('embedded etcd: 3 servers accepted, 4 refused', () => {
    expect(errorsAt(withNodes(3, 0), 'nodes')).toEqual([]);
    expect(errorsAt(withNodes(4, 0), 'nodes')).toHaveLength(1);
  });
  it('one node range per node: a /23 for two nodes accepted, a /24 refused', () => {
    expect(errorsAt(setPath(withNodes(1, 1), 'k3s.clusterCidr', '10.42.0.0/23'), 'k3s.clusterCidr')).toEqual([]);
    expect(errorsAt(setPath(withNodes(1, 1), 'k3s.clusterCidr', '10.42.0.0/24'), 'k3s.clusterCidr')).toHaveLength(1);
  });
});
