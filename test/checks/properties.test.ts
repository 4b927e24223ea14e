/**
 * Property-based tests: random cluster files never crash the program (the outcome is either a
 * rendered tree or structured diagnostics), and the overlap check agrees with a brute-force oracle.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { rangesOverlap } from '../../src/model/ip.js';
import { blockRange } from '../../src/model/resolve/blocks.js';
import { renderLoaded } from '../helpers.js';

// A small address space, so collisions (overlaps, node addresses, reservations) are common.
const v4 = fc.integer({ min: 0, max: 255 }).map((n) => `192.168.1.${n}`);
const v6 = fc.integer({ min: 0, max: 0x1ff }).map((n) => `fd00:1::${n.toString(16)}`);
const ip = fc.oneof(
  { weight: 4, arbitrary: v4 },
  { weight: 1, arbitrary: v6 },
  { weight: 1, arbitrary: fc.constantFrom('192.168.2.7', '10.43.0.5', '999.1.1.1', '') },
);
const cidr = fc.oneof(
  fc.tuple(v4, fc.integer({ min: 22, max: 32 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(v6, fc.integer({ min: 112, max: 128 })).map(([a, p]) => `${a}/${p}`),
  fc.constantFrom('192.168.1.0/33', 'nonsense'),
);
const block = fc.oneof(
  cidr.map((c) => ({ cidr: c })),
  fc.record({ start: ip, stop: ip }, { requiredKeys: ['start'] }),
  fc.record({ cidr, start: ip }),
);
const labels = fc.dictionary(fc.constantFrom('tier', 'role', 'app.kubernetes.io/name'), fc.constantFrom('a', 'b', 'critical'), { maxKeys: 2 });
const selector = fc.option(fc.record({ matchLabels: labels }), { nil: undefined });
const regex = fc.constantFrom('^eth[0-9]+', 'eth0', '^ens\\d+', '(?=x)', '[', '^(eth)\\1', '.*', '^enp[[:digit:]]s0$');
const duration = fc.constantFrom('15s', '5s', '2s', '500ms', '1m', '2400ms', '0s');
const name = fc.constantFrom('a', 'b', 'pool-1', 'Bad_Name', 'cp-1', 'w-1');

const clusterArb = fc.record(
  {
    name: fc.constantFrom('t', 'home-lab', 'Bad'),
    cilium: fc.record(
      {
        version: fc.constantFrom('1.18.4', '1.19.1', '1.20.0', '1.16.12'),
        routingMode: fc.constantFrom('native', 'tunnel'),
        autoDirectNodeRoutes: fc.boolean(),
        ipv4NativeRoutingCIDR: fc.constantFrom('10.42.0.0/16', '10.0.0.0/8', '10.42.1.0/24', 'fd00::/64'),
      },
      { requiredKeys: ['version'] },
    ),
    k3s: fc.record(
      {
        apiServer: fc.record(
          { host: fc.oneof(ip, fc.constantFrom('127.0.0.1', 'k3s.lan', 'https://x', 'localhost')), port: fc.constantFrom(6443, 6444, 8443) },
          { requiredKeys: ['host'] },
        ),
        tokenFile: fc.constant('/t'),
        clusterCidr: fc.constantFrom('10.42.0.0/16', '192.168.1.0/24', '10.42.0.0/16,fd00:42::/56'),
        tlsSan: fc.array(fc.constantFrom('k3s.lan', '192.168.1.5', 'https://bad'), { maxLength: 2 }),
      },
      { requiredKeys: ['apiServer', 'tokenFile'] },
    ),
    nodes: fc.array(
      fc.record(
        {
          name,
          role: fc.constantFrom('server', 'agent'),
          address: fc.oneof(
            fc.tuple(fc.oneof(v4, v6), fc.constantFrom(24, 25, 30, 32, 64, 120)).map(([a, p]) => `${a}/${p}`),
            ip,
          ),
          interfaces: fc.array(fc.constantFrom('eth0', 'ens3', 'enp1s0'), { minLength: 1, maxLength: 2 }),
          labels,
        },
        { requiredKeys: ['name', 'role', 'address'] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    loadBalancer: fc.record(
      {
        pools: fc.array(
          fc.record(
            { name, blocks: fc.array(block, { minLength: 1, maxLength: 2 }), serviceSelector: selector, allowFirstLastIPs: fc.boolean() },
            { requiredKeys: ['name', 'blocks'] },
          ),
          { maxLength: 4 },
        ),
        l2: fc.record(
          {
            policies: fc.array(
              fc.record(
                {
                  name,
                  interfaces: fc.array(regex, { maxLength: 2 }),
                  loadBalancerIPs: fc.boolean(),
                  externalIPs: fc.boolean(),
                  nodeSelector: selector,
                  serviceSelector: selector,
                },
                { requiredKeys: ['name'] },
              ),
              { maxLength: 2 },
            ),
            lease: fc.record({ duration, renewDeadline: duration, retryPeriod: duration }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
        reservations: fc.array(
          fc.record(
            {
              service: fc.constantFrom('default/web', 'web/dns'),
              ip,
              labels,
              sharingKey: fc.constantFrom('k', 'j'),
              externalTrafficPolicy: fc.constantFrom('Cluster', 'Local'),
            },
            { requiredKeys: ['service', 'ip'] },
          ),
          { maxLength: 3 },
        ),
        reserved: fc.array(fc.record({ name: fc.constant('gw'), start: ip, stop: ip }, { requiredKeys: ['start'] }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    sysctls: fc.record({ rpFilter: fc.constantFrom(0, 1, 2, 3), interfaces: fc.array(regex, { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['name', 'cilium', 'k3s', 'nodes'] },
);

/** Mostly valid clusters on one /24 (pools in .96–.255), so that many are accepted and rendered. */
const alignedCidr = fc.tuple(fc.integer({ min: 96, max: 255 }), fc.integer({ min: 27, max: 32 }))
  .map(([n, p]) => `192.168.1.${n & ~((1 << (32 - p)) - 1) & 255}/${p}`);
const plausibleCluster = fc
  .record({
    pools: fc.array(
      fc.oneof(
        alignedCidr.map((cidr) => ({ cidr })),
        fc
          .tuple(fc.integer({ min: 96, max: 250 }), fc.integer({ min: 0, max: 20 }))
          .map(([s, n]) => ({ start: `192.168.1.${s}`, stop: `192.168.1.${Math.min(255, s + n)}` })),
      ),
      { maxLength: 5 },
    ),
    agents: fc.integer({ min: 0, max: 2 }),
    loopbackApi: fc.boolean(),
    pins: fc.array(fc.integer({ min: 96, max: 255 }), { maxLength: 2 }),
    allowFirstLastIPs: fc.boolean(),
    lease: fc.constantFrom({}, {}, { duration: '3s', renewDeadline: '1s', retryPeriod: '200ms' }, { renewDeadline: '2s' }),
  })
  .map((c) => ({
    name: 'plausible',
    cilium: { version: '1.20.0' },
    k3s: { apiServer: c.loopbackApi ? { host: '127.0.0.1', port: 6444 } : { host: '192.168.1.10' }, tokenFile: '/t' },
    nodes: [
      { name: 'cp-1', role: 'server', address: '192.168.1.10/24' },
      ...Array.from({ length: c.agents }, (_, i) => ({ name: `w-${i}`, role: 'agent', address: `192.168.1.${20 + i}/24`, interfaces: ['enp1s0'] })),
    ],
    loadBalancer: {
      pools: c.pools.map((b, i) => ({ name: `p${i}`, blocks: [b], allowFirstLastIPs: c.allowFirstLastIPs })),
      l2: { policies: [{ name: 'l2', loadBalancerIPs: true, interfaces: ['^(eth|enp)[0-9]+'] }], lease: c.lease },
      reservations: c.pins.map((n, i) => ({ service: `default/s${i}`, ip: `192.168.1.${n}` })),
    },
  }));

/** Occasionally replace a value anywhere with arbitrary junk, to exercise the schema stage too. */
const withJunk = fc
  .tuple(clusterArb, fc.option(fc.tuple(fc.constantFrom('name', 'cilium', 'k3s', 'nodes', 'loadBalancer', 'sysctls', 'extra'), fc.anything()), { freq: 5 }))
  .map(([spec, junk]) => (junk ? { ...spec, [junk[0]]: junk[1] } : spec));

describe('random cluster files', () => {
  it('never crash: the outcome is a rendered tree or structured diagnostics', () => {
    fc.assert(fc.property(fc.oneof(withJunk, plausibleCluster), (spec) => {
      const loaded = loadClusterText('random.yaml', stringify(spec));
      if (loaded.cluster) {
        const files = renderLoaded({ file: 'random.yaml', cluster: loaded.cluster, diagnostics: loaded.diagnostics });
        expect(files.get('PLAN.md')).toMatch(/^# IP plan: /);
        expect(loaded.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
        // Any two blocks of accepted pools are disjoint.
        const ranges = loaded.cluster.pools.flatMap((p) => p.blocks.map((b) => b.range!));
        for (let i = 0; i < ranges.length; i++) for (let j = i + 1; j < ranges.length; j++) expect(rangesOverlap(ranges[i], ranges[j])).toBe(false);
      } else {
        expect(loaded.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        for (const d of loaded.diagnostics) {
          expect(typeof d.path).toBe('string');
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.message).not.toMatch(/\n\s+at /);
        }
      }
    }), { numRuns: 300 });
  });

  it('reject pools exactly when two of them share an address (brute-force oracle)', () => {
    // Up to .254: .255 is the node subnet's broadcast address, which no L2 pool may hand out.
    const range = fc
      .tuple(fc.integer({ min: 100, max: 250 }), fc.integer({ min: 0, max: 12 }))
      .map(([s, len]) => ({ start: `192.168.1.${s}`, stop: `192.168.1.${Math.min(254, s + len)}` }));
    fc.assert(fc.property(fc.array(range, { minLength: 1, maxLength: 8 }), (blocks) => {
      const spec = {
        name: 't', cilium: { version: '1.20.0' }, k3s: { apiServer: { host: '192.168.1.10' }, tokenFile: '/t' },
        nodes: [{ name: 'cp-1', role: 'server', address: '192.168.1.10/24' }],
        loadBalancer: { pools: blocks.map((b, i) => ({ name: `p${i}`, blocks: [b] })), l2: { policies: [{ name: 'l2', loadBalancerIPs: true }] } },
      };
      const loaded = loadClusterText('pools.yaml', stringify(spec));
      const ranges = blocks.map((b) => blockRange(b)!);
      const overlapping = ranges.some((a, i) => ranges.some((b, j) => i < j && rangesOverlap(a, b)));
      expect(loaded.cluster === undefined).toBe(overlapping);
      if (overlapping) expect(loaded.diagnostics.every((d) => / overlaps pool "p[0-9]+" /.test(d.message))).toBe(true);
    }), { numRuns: 300 });
  });
});
