/**
 * PLAN.md's verification checklist at its branches, each against what a person following it would
 * run or expect: the kernel floor named is the highest of the features chosen (whatever order the
 * floors are listed in), an ARP/NDP step for each family of an L2 pool no walked-through pin covers,
 * the fallbacks when there is nothing to name (no interface, no holder, no router, no speaker), the
 * sentence that says how many pins are not walked through, and the prerequisites a feature implies.
 */
import { onTestFinished, describe, expect, it } from 'vitest';
import { KERNEL_FLOORS } from '../../src/model/cilium-datapath.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { verificationChecklist } from '../../src/plan/checklist.js';

/** A dual-stack L2 cluster: two nodes on 10.10.0.0/16 and fd00:1::/64, one pool with an IPv4 and an IPv6 block. */
function l2Cluster(): ClusterSpec {
  return {
    name: 'edge', cilium: { version: '1.20.0' },
    k3s: { apiServer: { host: '10.10.0.11' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' },
    nodes: [
      { name: 'cp-1', role: 'server', address: '10.10.0.11/16,fd00:1::11/64' },
      { name: 'w-1', role: 'agent', address: '10.10.0.21/16,fd00:1::21/64' },
    ],
    loadBalancer: {
      pools: [{ name: 'lan', blocks: [{ cidr: '10.10.1.0/28' }, { cidr: 'fd00:1::100/124' }] }],
      l2: { policies: [{ name: 'l2', loadBalancerIPs: true }] },
    },
  };
}

const checklist = (spec: ClusterSpec) => verificationChecklist(resolveCluster(spec));
const lines = (spec: ClusterSpec) => checklist(spec).split('\n').map((l) => l.trim());
const comment = (spec: ClusterSpec, command: string) => lines(spec).find((l) => l.startsWith(command)) ?? '';

describe('the kernel floor', () => {
  const uname = (cilium: Partial<ClusterSpec['cilium']>) => {
    const spec = l2Cluster();
    spec.cilium = { version: '1.20.0', routingMode: 'native', bpfMasquerade: true, bandwidthManager: true, ...cilium };
    return comment(spec, 'uname -r');
  };

  it('is the one feature\'s, or the highest with the others after it', () => {
    expect(uname({})).toBe('');
    expect(uname({ bbr: true })).toBe('uname -r    # at least 5.18 (BBR)');
    // 5.19 against 5.18: the minor decides; 6.3 against 5.19: the major does, though 3 < 19.
    expect(uname({ bigTCP: { ipv6: true }, bbr: true })).toBe('uname -r    # at least 5.19 (IPv6 BIG TCP; also BBR 5.18)');
    expect(uname({ bigTCP: { ipv4: true, ipv6: true } })).toBe('uname -r    # at least 6.3 (IPv4 BIG TCP; also IPv6 BIG TCP 5.19)');
    expect(uname({ datapathMode: 'netkit-l2' })).toBe('uname -r    # at least 6.8 (netkit)');
  });

  it('is the highest whatever order the floors come in (6.10 is above 6.8)', () => {
    const floors = KERNEL_FLOORS as unknown as Record<string, { version: string }>;
    const was = floors.bbr.version;
    floors.bbr.version = '6.10';
    onTestFinished(() => { floors.bbr.version = was; });
    expect(uname({ datapathMode: 'netkit', bbr: true })).toBe('uname -r    # at least 6.10 (BBR; also netkit 6.8)');
  });
});

describe('prerequisites a feature implies', () => {
  it('the NIC driver check with either BIG TCP, not without', () => {
    const ethtool = (bigTCP: { ipv4?: boolean; ipv6?: boolean }) => {
      const spec = l2Cluster();
      spec.cilium = { version: '1.20.0', routingMode: 'native', bpfMasquerade: true, bigTCP };
      return comment(spec, 'ethtool');
    };
    const line = 'ethtool -i <uplink> | grep driver    # BIG TCP needs a NIC driver that supports it (mlx4, mlx5, ice)';
    expect(ethtool({ ipv4: true })).toBe(line);
    expect(ethtool({ ipv6: true })).toBe(line);
    expect(ethtool({})).toBe('');
  });


  it('the datastore endpoint only when it lives outside the cluster file; the Gateway API CRDs only when the user installs them', () => {
    const spec = l2Cluster();
    const external = (endpoint?: string) => {
      spec.k3s.datastore = { type: 'external', endpoint };
      return checklist(spec).includes('grep -c K3S_DATASTORE_ENDPOINT');
    };
    expect(external()).toBe(true);
    expect(external('https://etcd-1:2379')).toBe(false);
    spec.k3s.datastore = { type: 'etcd' };
    expect(checklist(spec)).not.toContain('K3S_DATASTORE_ENDPOINT');
    const crds = (gatewayAPI: NonNullable<ClusterSpec['cilium']>['gatewayAPI']) => {
      spec.cilium = { version: '1.20.0', gatewayAPI };
      return checklist(spec).includes('kubectl get crd gatewayclasses.gateway.networking.k8s.io');
    };
    expect(crds({ enabled: true, crds: 'user' })).toBe(true);
    expect(crds({ enabled: true, crds: 'k3s' })).toBe(false);
    expect(crds({ enabled: false, crds: 'user' })).toBe(false);
    expect(checklist(spec)).not.toContain('What the cluster file cannot know');
  });
});

describe('ARP and NDP for L2 pools without a walked-through pin', () => {
  const step = (spec: ClusterSpec) => {
    const text = checklist(spec);
    const start = text.indexOf('answers from its lease holder');
    if (start < 0) return [];
    const block = text.slice(text.indexOf('```sh\n', start) + 6, text.indexOf('```', text.indexOf('```sh\n', start) + 6));
    return block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  };

  it('both families when no pin is walked through', () => {
    expect(step(l2Cluster())).toEqual([
      'kubectl get svc -A | grep LoadBalancer    # EXTERNAL-IPs in 10.10.1.0–10.10.1.15, fd00:1::100–fd00:1::10f',
      'arping -I <interface> <IPv4 EXTERNAL-IP>    # from another host on 10.10.0.0/16: replies come from the holder\'s MAC',
      'ndisc6 <IPv6 EXTERNAL-IP> <interface>    # from another host on fd00:1::/64: the holder\'s MAC answers',
      'ip -6 neigh show <IPv6 EXTERNAL-IP>    # on that host afterwards: lladdr is the holder\'s MAC',
    ]);
  });

  it('only the family no L2 pin covers; none when both are covered or the pin is on no L2 pool', () => {
    const spec = l2Cluster();
    spec.loadBalancer!.reservations = [{ service: 'default/web', ip: '10.10.1.5' }];
    expect(step(spec)[0]).toBe('kubectl get svc -A | grep LoadBalancer    # EXTERNAL-IPs in fd00:1::100–fd00:1::10f');
    expect(step(spec).some((l) => l.startsWith('arping'))).toBe(false);
    spec.loadBalancer!.reservations.push({ service: 'default/six', ip: 'fd00:1::105' });
    expect(step(spec)).toEqual([]);
    // A pin on a BGP-only pool covers no L2 family.
    spec.loadBalancer!.pools!.push({ name: 'routed', blocks: [{ cidr: '10.20.0.0/28' }], announce: 'bgp' });
    spec.loadBalancer!.reservations = [{ service: 'default/api', ip: '10.20.0.5' }];
    expect(step(spec).filter((l) => l.startsWith('arping') || l.startsWith('ndisc6'))).toHaveLength(2);
  });

  it('names the subnet holding the pool, one that overlaps it, or "the segment"', () => {
    const spec = l2Cluster();
    spec.loadBalancer!.pools = [{ name: 'lan', blocks: [{ cidr: '10.10.0.0/15' }] }];
    expect(step(spec)[1]).toContain('from another host on 10.10.0.0/16:');
    spec.loadBalancer!.pools = [{ name: 'lan', blocks: [{ cidr: '10.99.0.0/24' }] }];
    expect(step(spec)[1]).toContain('from another host on the segment:');
  });
});

describe('what a walked-through pin says', () => {
  it('the holders, the interfaces, or what to look for when none is known', () => {
    const spec = l2Cluster();
    spec.loadBalancer!.reservations = [{ service: 'default/web', ip: '10.10.1.5' }];
    spec.loadBalancer!.l2!.policies = [{ name: 'l2', loadBalancerIPs: true, nodeSelector: { matchLabels: { none: 'x' } } }];
    const text = checklist(spec);
    expect(text).toContain('kubectl -n kube-system get lease cilium-l2announce-default-web    # HOLDER is one of: (no node)');
    expect(text).toContain('db/show l2-announce    # 10.10.1.5 on the announcing interface');
    expect(text).toContain('arping -I <interface> 10.10.1.5    # from another host on the segment:');
    expect(text).toContain('The L2 policies exist and their interfaces are Cilium devices (none matched):');
    expect(text).toContain('db/show devices    # Selected true for the announcing interfaces');
  });

  it('the pool and how it is announced, or that it is not', () => {
    const spec = l2Cluster();
    spec.loadBalancer!.reservations = [{ service: 'default/web', ip: '10.10.1.5' }];
    expect(checklist(spec)).toContain('. `default/web` has 10.10.1.5 (pool lan, announced over L2):');
    spec.loadBalancer!.pools![0].announce = 'bgp';
    delete spec.loadBalancer!.l2;
    // Its pool is announced neither way (announce: bgp without BGP): nothing to walk through but the Service, and the title says why.
    expect(checklist(spec)).toContain('. `default/web` has 10.10.1.5 (pool lan, not announced):');
  });

  it('the pins not walked through are counted: none at 10, one at 11', () => {
    const spec = l2Cluster();
    const pins = (n: number) => Array.from({ length: n }, (_, i) => ({ service: `default/s-${i}`, ip: `10.10.1.${i + 1}` }));
    spec.loadBalancer!.reservations = pins(10);
    expect(checklist(spec)).toContain('(and a shell on the nodes for sysctl):\n');
    spec.loadBalancer!.reservations = pins(11);
    expect(checklist(spec)).toContain('(and a shell on the nodes for sysctl): the first 10 pinned Services are listed; check the other 1 the same way.\n');
  });
});

describe('BGP steps with nothing to name', () => {
  /** One node, one IPv4-only peer; `pools` as given. */
  const bgp = (pools: NonNullable<ClusterSpec['loadBalancer']>['pools'], nodeSelector?: object): ClusterSpec => ({
    name: 'edge', cilium: { version: '1.20.0' },
    k3s: { apiServer: { host: '10.10.0.11' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' },
    nodes: [{ name: 'cp-1', role: 'server', address: '10.10.0.11/16,fd00:1::11/64' }],
    loadBalancer: {
      pools,
      reservations: [{ service: 'default/six', ip: 'fd00:20::5' }],
      bgp: { localASN: 65010, nodeSelector, peerConfigs: [{ name: 'v4', families: ['ipv4'] }], peers: [{ name: 'r4', address: '10.10.0.1', asn: 65000 }] },
    },
  });

  it('no BGP pool: no advertisement, no route check; no speaker: "none"', () => {
    const text = checklist(bgp([], { matchLabels: { bgp: 'yes' } }));
    expect(text).toContain('kubectl get ciliumbgpadvertisements    # none\n');
    expect(text).toContain('kubectl get ciliumbgpnodeconfigs    # none\n');
    expect(text).toContain('cilium bgp peers    # on none, each of: 10.10.0.1 (r4) Peer AS 65000 established ipv4/unicast\n');
    expect(text).not.toContain('ciliumbgpnodeconfigoverrides');
    expect(text).not.toContain('whose next hops are BGP nodes');
  });

  it('the route check names /32 before /128 whatever order the blocks come in', () => {
    const s = bgp([{ name: 'both', blocks: [{ cidr: 'fd00:20::/124' }, { cidr: '10.20.0.0/28' }], announce: 'bgp' }]);
    expect(checklist(s)).toContain('On r4: each LoadBalancer IP in both (fd00:20::/124, 10.20.0.0/28) is a /32 or /128 route whose next hops are BGP nodes.');
  });

  it('an IPv6 pin no peer carries goes to "the routers"; a route check with no peer of the pools\' families names "the routers"', () => {
    const text = checklist(bgp([{ name: 'six', blocks: [{ cidr: 'fd00:20::/124' }], announce: 'bgp' }]));
    expect(text).toContain('# on the routers: a route to fd00:20::5/128 whose next hops are BGP nodes');
    expect(text).toContain('On the routers: each LoadBalancer IP in six (fd00:20::/124) is a /128 route whose next hops are BGP nodes.');
  });
});

describe('rp_filter', () => {
  it('names the interfaces set and the value set; only "all" on a node where no interface matches', () => {
    const spec = l2Cluster();
    spec.sysctls = { rpFilter: 2, interfaces: ['^eth0$'] };
    spec.nodes[1].interfaces = ['enp1s0'];
    expect(lines(spec).filter((l) => l.startsWith('sysctl'))).toEqual([
      'sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.eth0.rp_filter    # on cp-1: all = 0, eth0 = 2',
      'sysctl net.ipv4.conf.all.rp_filter    # on w-1: all = 0',
    ]);
  });
});
