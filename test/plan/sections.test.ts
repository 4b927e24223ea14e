/**
 * PLAN.md's pool table, summary and router links where the dual-stack plan read whole
 * (every-feature.test.ts) does not go: a pool without pins, start/stop blocks, a BGP pool no peer
 * carries or no node speaks, a BGP summary without pod CIDRs, a BGP configuration without peers,
 * reserved start/stop ranges and external node addresses kept out.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { renderPlan } from '../../src/plan/index.js';
import { routersSection } from '../../src/plan/routers.js';

/** One node on 10.10.0.0/16; an L2 pool `lan` of two start/stop blocks; an IPv6 BGP pool `six`; an IPv4 peer. */
function spec(): ClusterSpec {
  return {
    name: 'edge', cilium: { version: '1.20.0' },
    k3s: { apiServer: { host: '10.10.0.11' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' },
    nodes: [{ name: 'cp-1', role: 'server', address: '10.10.0.11/16,fd00:1::11/64' }],
    loadBalancer: {
      pools: [
        { name: 'lan', blocks: [{ start: '10.10.1.1', stop: '10.10.1.4' }, { start: '10.10.2.7' }] },
        { name: 'six', blocks: [{ cidr: 'fd00:20::/124' }], announce: 'bgp' },
      ],
      l2: { policies: [{ name: 'l2', loadBalancerIPs: true }] },
      bgp: { localASN: 65010, peerConfigs: [{ name: 'v4', families: ['ipv4'] }], peers: [{ name: 'r4', address: '10.10.0.1', asn: 65000 }] },
    },
  };
}

const plan = (s: ClusterSpec) => renderPlan(resolveCluster(s), 'edge.yaml');
const row = (s: ClusterSpec, pool: string) => plan(s).split('\n').find((l) => l.startsWith(`| ${pool} |`));

describe('the pool table', () => {
  it('start/stop blocks as ranges, every address usable, "–" without pins', () => {
    expect(row(spec(), 'lan')).toBe('| lan | 10.10.1.1–10.10.1.4, 10.10.2.7 | 5 | – | L2 via l2: cp-1 (eth0) |');
  });

  it('a BGP pool no peer carries is sent to "no peer"; with no speaking node, from "no node"', () => {
    const s = spec();
    expect(row(s, 'six')).toBe('| six | fd00:20::/124 (fd00:20::–fd00:20::f) | 16 | – | BGP via lb-pool-six to no peer from cp-1 |');
    s.loadBalancer!.bgp!.nodeSelector = { matchLabels: { bgp: 'yes' } };
    expect(row(s, 'six')).toBe('| six | fd00:20::/124 (fd00:20::–fd00:20::f) | 16 | – | BGP via lb-pool-six to no peer from no node |');
  });
});

describe('the summary', () => {
  it('names the BGP AS and instance, and pod CIDRs only when advertised', () => {
    const s = spec();
    expect(plan(s).split('\n').slice(0, 5)).toEqual([
      '# IP plan: edge',
      '',
      'Rendered from `edge.yaml` for Cilium 1.20.0 (native routing).',
      'Kubernetes API for Cilium: 10.10.0.11:6443 · pods 10.42.0.0/16, fd00:42::/56 · Services 10.43.0.0/16, fd00:43::/112.',
      'BGP: local AS 65010 (instance-65010).',
    ]);
    s.cilium.ipamMode = 'cluster-pool';
    expect(plan(s).split('\n')[3]).toBe('Kubernetes API for Cilium: 10.10.0.11:6443 · pods 10.42.0.0/16, fd00:42::/56 (Cilium cluster-pool IPAM) · Services 10.43.0.0/16, fd00:43::/112.');
  });
});

describe('router configuration', () => {
  it('none without a peer (refused by the schema, but a resolved cluster can hold it)', () => {
    const s = spec();
    s.loadBalancer!.bgp!.peers = [];
    expect(routersSection(resolveCluster(s))).toBeUndefined();
  });
});

describe('kept out of the pools', () => {
  it('a reserved start/stop range as a range, a single address as itself; a node\'s external addresses on their own row', () => {
    const s = spec();
    s.loadBalancer!.reserved = [{ name: 'dhcp', start: '10.10.3.1', stop: '10.10.3.9' }, { name: 'gw', start: '10.10.0.1' }];
    s.nodes[0].externalAddress = '203.0.113.11';
    const rows = plan(s).split('\n').filter((l) => l.startsWith('| reserved:') || l.startsWith('| node cp-1'));
    expect(rows).toEqual([
      '| reserved: dhcp | 10.10.3.1–10.10.3.9 |',
      '| reserved: gw | 10.10.0.1 |',
      '| node cp-1 | 10.10.0.11, fd00:1::11 |',
      '| node cp-1 (external) | 203.0.113.11 |',
    ]);
  });

  it('no API server VIP when any node holds the address, by any of its addresses', () => {
    const s = spec();
    s.nodes.unshift({ name: 'w-0', role: 'agent', address: '10.10.0.10/16,fd00:1::10/64' });
    expect(plan(s)).not.toContain('| API server VIP');
    s.k3s.apiServer = { host: '10.10.0.5' };
    expect(plan(s)).toContain('| API server VIP | 10.10.0.5 |');
  });
});
