/**
 * PLAN.md at its edges: every list it caps (pinned Services and announcing nodes per pool cell,
 * names per checklist comment, reservations walked through, routers linked, BGP-only pools named)
 * at the cap and one past it; the subnet edges kept out (a /30 has a network and broadcast address, a
 * /31 none; an IPv6 /127 has a Subnet-Router anycast address, a /128 none); the API VIP (only an
 * address no node holds); the failover window and the withheld first/last addresses.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { renderPlan } from '../../src/plan/index.js';

const name = (prefix: string, i: number) => `${prefix}-${String(i + 1).padStart(2, '0')}`;

/** An L2 cluster of `nodes` nodes on 10.10.0.0/16 with one pool, `pins` pinned Services in it. */
function l2Cluster(nodes: number, pins: number): ClusterSpec {
  return {
    name: 'edge', cilium: { version: '1.20.0' }, k3s: { apiServer: { host: '10.10.0.11' }, tokenFile: '/t' },
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: name('n', i), role: i === 0 ? 'server' : 'agent', address: `10.10.0.${i + 11}/16` })),
    loadBalancer: {
      pools: [{ name: 'lan', blocks: [{ cidr: '10.10.1.0/24' }] }],
      l2: { policies: [{ name: 'l2', loadBalancerIPs: true, interfaces: ['^eth0$'] }] },
      reservations: Array.from({ length: pins }, (_, i) => ({ service: `default/${name('s', i)}`, ip: `10.10.1.${i + 10}` })),
    },
  };
}

/** A BGP cluster with `pools` BGP-only pools beside one L2 pool, and `peers` peers. */
function bgpCluster(pools: number, peers: number): ClusterSpec {
  return {
    name: 'edge', cilium: { version: '1.20.0' }, k3s: { apiServer: { host: '127.0.0.1' }, tokenFile: '/t' },
    nodes: [{ name: 'cp-1', role: 'server', address: '10.10.0.11/16' }],
    loadBalancer: {
      pools: [
        { name: 'lan', blocks: [{ cidr: '10.10.1.0/28' }], announce: 'l2' },
        ...Array.from({ length: pools }, (_, i) => ({ name: name('bgp', i), blocks: [{ cidr: `10.20.${i}.0/28` }], announce: 'bgp' as const })),
      ],
      l2: { policies: [{ name: 'l2', loadBalancerIPs: true }] },
      bgp: {
        localASN: 65010, peerConfigs: [{ name: 'tor' }],
        peers: Array.from({ length: peers }, (_, i) => ({ name: name('r', i), address: `10.30.${Math.floor(i / 200)}.${(i % 200) + 1}`, asn: 65000 })),
      },
    },
  };
}

const plan = (spec: ClusterSpec) => renderPlan(resolveCluster(spec), 'edge.yaml');
const line = (text: string, start: string) => text.split('\n').find((l) => l.startsWith(start)) ?? '';
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => name(prefix, i));

describe('capped lists: at the cap and one past it', () => {
  it('pinned Services per pool cell: 5 listed, the 6th counted', () => {
    const pins = (n: number) => names('s', n).map((s, i) => `10.10.1.${i + 10} default/${s}`).join(', ');
    expect(line(plan(l2Cluster(1, 5)), '| lan |')).toContain(`| ${pins(5)} |`);
    expect(line(plan(l2Cluster(1, 6)), '| lan |')).toContain(`| ${pins(5)}, +1 more |`);
  });

  it('announcing nodes per pool cell: 5 listed, the 6th counted', () => {
    const announcers = (n: number) => names('n', n).map((s) => `${s} (eth0)`).join(', ');
    expect(line(plan(l2Cluster(5, 0)), '| lan |')).toContain(`L2 via l2: ${announcers(5)} |`);
    expect(line(plan(l2Cluster(6, 0)), '| lan |')).toContain(`L2 via l2: ${announcers(5)}, +1 more |`);
  });

  it('reservations walked through in the checklist: 10, not the 11th', () => {
    const walked = (text: string) => text.split('\n').filter((l) => /^\d+\. `default\/s-\d+` has /.test(l)).length;
    expect(walked(plan(l2Cluster(1, 10)))).toBe(10);
    expect(walked(plan(l2Cluster(1, 11)))).toBe(10);
  });

  it('speaking nodes per checklist comment: 10 listed, the 11th counted', () => {
    const spec = (n: number) => {
      const s = bgpCluster(0, 1);
      s.nodes = Array.from({ length: n }, (_, i) => ({ name: name('n', i), role: i === 0 ? 'server' : 'agent', address: `10.10.0.${i + 11}/16` }));
      return s;
    };
    expect(plan(spec(10))).toContain(`kubectl get ciliumbgpnodeconfigs    # ${names('n', 10).join(', ')}\n`);
    expect(plan(spec(11))).toContain(`kubectl get ciliumbgpnodeconfigs    # ${names('n', 10).join(', ')}, +1 more\n`);
  });

  it('routers linked one by one: 50, then the 51st by name', () => {
    const linked = (text: string) => text.split('\n').filter((l) => /^- r-\d+ \(.*\): \[FRR\]/.test(l)).length;
    const fifty = plan(bgpCluster(0, 50));
    expect(linked(fifty)).toBe(50);
    expect(fifty).not.toContain('- and ');
    const more = plan(bgpCluster(0, 51));
    expect(linked(more)).toBe(50);
    expect(more).toContain('\n- and r-51, in `routers/<peer>/`\n');
  });

  it('BGP-only pools named in the rate-limit note: 5, then counted; a pool announced neither way is not one', () => {
    expect(plan(bgpCluster(5, 1))).toContain(`Pools advertised only over BGP (${names('bgp', 5).join(', ')}) hold no Lease`);
    expect(plan(bgpCluster(6, 1))).toContain(`Pools advertised only over BGP (${names('bgp', 5).join(', ')}, +1 more) hold no Lease`);
    const unserved = bgpCluster(1, 1);
    unserved.loadBalancer!.pools!.push({ name: 'unserved', blocks: [{ cidr: '10.10.2.0/28' }], announce: 'l2', serviceSelector: { matchLabels: { a: 'b' } } });
    unserved.loadBalancer!.l2!.policies![0].serviceSelector = { matchLabels: { a: 'c' } };
    expect(plan(unserved)).toContain('Pools advertised only over BGP (bgp-01) hold no Lease');
  });
});

describe('what is kept out of the pools', () => {
  const keptOut = (address: string, apiHost = '127.0.0.1') => {
    const spec = l2Cluster(1, 0);
    spec.nodes[0].address = address;
    spec.k3s.apiServer = { host: apiHost };
    const text = plan(spec);
    return text.slice(text.indexOf('## Kept out'), text.indexOf('\n## ', text.indexOf('## Kept out') + 1)).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| what'));
  };

  it('the network and broadcast of an IPv4 subnet of 4 or more; none in a /31 or /32', () => {
    expect(keptOut('10.10.0.1/30')).toContain('| subnet 10.10.0.0/30: network and broadcast | 10.10.0.0, 10.10.0.3 |');
    expect(keptOut('10.10.0.1/31').filter((l) => l.includes('subnet'))).toEqual([]);
    expect(keptOut('10.10.0.1/32').filter((l) => l.includes('subnet'))).toEqual([]);
  });

  it('the Subnet-Router anycast of an IPv6 subnet of 2 or more; none in a /128', () => {
    expect(keptOut('fd00::1/127')).toContain('| subnet fd00::/127: Subnet-Router anycast | fd00:: |');
    expect(keptOut('fd00::1/128').filter((l) => l.includes('subnet'))).toEqual([]);
  });

  it('a reserved entry that is not an address (refused by the checks) is shown as written', () => {
    const spec = l2Cluster(1, 0);
    spec.loadBalancer!.reserved = [{ name: 'typo', start: '10.10.1.x' }, { name: 'net', cidr: '10.10.9.0/24' }];
    const rows = plan(spec).split('\n').filter((l) => l.startsWith('| reserved:'));
    expect(rows).toEqual(['| reserved: typo | 10.10.1.x |', '| reserved: net | 10.10.9.0/24 |']);
  });

  it('the API server VIP only when no node holds the address and it is not loopback or a name', () => {
    const vip = (host: string) => keptOut('10.10.0.11/16', host).filter((l) => l.startsWith('| API server VIP'));
    expect(vip('10.10.0.5')).toEqual(['| API server VIP | 10.10.0.5 |']);
    expect(vip('10.10.0.11')).toEqual([]);
    expect(vip('127.0.0.1')).toEqual([]);
    expect(vip('k3s.example.net')).toEqual([]);
  });
});

describe('numbers', () => {
  it('the failover window is leaseDuration ∓ leaseRenewDeadline, fractions kept', () => {
    const window = (duration: string, renewDeadline: string) => {
      const spec = l2Cluster(1, 0);
      spec.loadBalancer!.l2!.lease = { duration, renewDeadline };
      return line(plan(spec), '- failover');
    };
    expect(window('15s', '5s')).toMatch(/= 10s–20s$/);
    expect(window('3s', '1500ms')).toMatch(/= 1\.5s–4\.5s$/);
  });

  it('withheld first/last addresses are counted per cidr block, and a disabled pool says so', () => {
    const spec = l2Cluster(1, 0);
    spec.loadBalancer!.pools = [{
      name: 'lan', allowFirstLastIPs: false, disabled: true,
      blocks: [{ cidr: '10.10.1.0/30' }, { cidr: '10.10.2.0/31' }, { start: '10.10.3.1', stop: '10.10.3.4' }],
    }];
    // /30: 2 of 4 withheld; a /31 keeps both; a start/stop range withholds nothing.
    expect(line(plan(spec), '| lan |')).toContain('| 8 (2 first/last withheld), disabled |');
  });
});

describe('the announced cell of a pool', () => {
  /** One dual-stack node; `both` (announce: both, Services a=b), `routed` (dual-stack, BGP), `v4` (IPv4, BGP); a dual-stack and an IPv4-only peer. */
  const spec = (policies: object[]): ClusterSpec => ({
    name: 'edge', cilium: { version: '1.20.0' },
    k3s: { apiServer: { host: '127.0.0.1' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' },
    nodes: [{ name: 'cp-1', role: 'server', address: '10.10.0.11/16,fd00:1::11/64' }],
    loadBalancer: {
      pools: [
        { name: 'both', blocks: [{ cidr: '10.10.1.0/28' }], announce: 'both', serviceSelector: { matchLabels: { a: 'b' } } },
        { name: 'routed', blocks: [{ cidr: '10.20.0.0/28' }, { cidr: 'fd00:20::/124' }], announce: 'bgp' },
        { name: 'v4', blocks: [{ cidr: '10.21.0.0/28' }], announce: 'bgp' },
      ],
      l2: { policies: policies as never },
      bgp: {
        localASN: 65010, peerConfigs: [{ name: 'dual', families: ['ipv4', 'ipv6'] }, { name: 'v4', families: ['ipv4'] }],
        peers: [{ name: 'r', address: '10.30.0.1', asn: 65000, peerConfig: 'dual' }, { name: 'r4', address: '10.30.0.2', asn: 65000, peerConfig: 'v4' }],
      },
    },
  });
  const cell = (text: string, pool: string) => line(text, `| ${pool} |`).split(' | ').at(-1)!.replace(/ \|$/, '');
  const BGP = 'BGP via lb-pool-both to r (10.30.0.1, AS 65000), r4 (10.30.0.2, AS 65000) from cp-1';

  it('a pool meant for L2 and BGP that no L2 policy serves says so beside its BGP', () => {
    const text = plan(spec([{ name: 'l2', loadBalancerIPs: true, serviceSelector: { matchLabels: { a: 'c' } } }]));
    expect(cell(text, 'both')).toBe(`not over L2 (no L2 policy serves it); ${BGP}`);
    // A BGP-only pool is not "not over L2": it was never meant to be.
    expect(cell(text, 'v4')).toBe('BGP via lb-pool-v4 to r (10.30.0.1, AS 65000), r4 (10.30.0.2, AS 65000) from cp-1');
  });

  it('a serving policy that selects no node is "no node"; a peer carrying fewer families than the pool is named "only"', () => {
    const text = plan(spec([{ name: 'l2', loadBalancerIPs: true }, { name: 'nobody', loadBalancerIPs: true, nodeSelector: { matchLabels: { none: 'x' } } }]));
    expect(cell(text, 'both')).toBe(`L2 via l2: cp-1 (eth0); L2 via nobody: no node; ${BGP}`);
    expect(cell(text, 'routed')).toBe('BGP via lb-pool-routed to r (10.30.0.1, AS 65000), r4 (10.30.0.2, AS 65000, ipv4 only) from cp-1');
  });
});

describe('the node table', () => {
  const rows = (text: string) => {
    const nodes = text.slice(text.indexOf('## Nodes'), text.indexOf('\n## ', text.indexOf('## Nodes') + 1));
    return nodes.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
  };

  it('with BGP: who speaks, with its router ID and source addresses; who is not selected', () => {
    const spec = bgpCluster(0, 1);
    spec.loadBalancer!.bgp!.nodeSelector = { matchLabels: { bgp: 'yes' } };
    spec.nodes = [
      { name: 'cp-1', role: 'server', address: '10.10.0.11/16', labels: { bgp: 'yes' } },
      { name: 'w-1', role: 'agent', address: '10.10.0.21/16', labels: { bgp: 'yes' }, bgp: { routerID: '10.255.0.21' } },
      { name: 'w-2', role: 'agent', address: '10.10.0.22/16', labels: { bgp: 'yes' }, bgp: { routerID: '10.255.0.22', localAddresses: ['10.10.0.22'] } },
      { name: 'w-3', role: 'agent', address: '10.10.0.23/16' },
    ];
    expect(rows(plan(spec))).toEqual([
      '| node | role | address | L2 subnet | interfaces | BGP |',
      '| cp-1 | server | 10.10.0.11 | 10.10.0.0/16 | eth0 | yes |',
      '| w-1 | agent | 10.10.0.21 | 10.10.0.0/16 | eth0 | yes (router ID 10.255.0.21) |',
      '| w-2 | agent | 10.10.0.22 | 10.10.0.0/16 | eth0 | yes (router ID 10.255.0.22, source 10.10.0.22) |',
      '| w-3 | agent | 10.10.0.23 | 10.10.0.0/16 | eth0 | no (not selected by loadBalancer.bgp.nodeSelector) |',
    ]);
  });

  it('without BGP no BGP column; plural headers once one node has two addresses', () => {
    const spec = l2Cluster(2, 0);
    expect(rows(plan(spec))[0]).toBe('| node | role | address | L2 subnet | interfaces |');
    spec.nodes[1].address = '10.10.0.12/16,fd00::12/64';
    expect(rows(plan(spec))).toEqual([
      '| node | role | addresses | L2 subnets | interfaces |',
      '| n-01 | server | 10.10.0.11 | 10.10.0.0/16 | eth0 |',
      '| n-02 | agent | 10.10.0.12, fd00::12 | 10.10.0.0/16, fd00::/64 | eth0 |',
    ]);
  });
});

describe('the rate-limit section', () => {
  const section = (text: string) => text.slice(text.indexOf('## API rate limit'), text.indexOf('\n## ', text.indexOf('## API rate limit') + 1)).trimEnd();

  it('with L2: the arithmetic, word for word (256 usable addresses / 5 s = 51.2, rounded up)', () => {
    expect(section(plan(l2Cluster(1, 0)))).toBe([
      '## API rate limit (k8sClientRateLimit)',
      '',
      "Every Service announced over L2 is a Lease its holder renews within leaseRenewDeadline (5s); Cilium's docs size",
      'QPS = #services / leaseRenewDeadline, never below the agent defaults (10 QPS, burst 20).',
      '',
      '- L2-announced Services: 256 (the usable addresses of the L2-announced pools; set cilium.l2ServiceCount to size for fewer)',
      '- qps = max(10, ceil(256 / 5s)) = max(10, 52) = **52**',
      '- burst = max(20, 2 × qps) = max(20, 104) = **104**',
      '- failover after losing the holder: leaseDuration − leaseRenewDeadline … leaseDuration + leaseRenewDeadline = 10s–20s',
    ].join('\n'));
  });

  it('says why the agent keeps its defaults: no L2 at all, or pools only over BGP', () => {
    const noL2 = l2Cluster(1, 0);
    delete noL2.loadBalancer!.l2;
    expect(section(plan(noL2))).toBe(
      '## API rate limit (k8sClientRateLimit)\n\nNo L2 announcements: the agent keeps its default client rate limit (10 QPS, burst 20).',
    );
    const bgpOnly = bgpCluster(2, 1);
    bgpOnly.loadBalancer!.pools = bgpOnly.loadBalancer!.pools!.slice(1);
    delete bgpOnly.loadBalancer!.l2;
    expect(section(plan(bgpOnly))).toBe('## API rate limit (k8sClientRateLimit)\n\nNo L2 announcements: the pools are advertised over BGP, '
      + 'which holds no Lease per Service, so the agent keeps its default client rate limit (10 QPS, burst 20).');
  });
});
