/**
 * The facts the resolver derives (src/model/resolve/), each at the input where its rule changes and
 * one past it: the API endpoint and join URL, tls-san, the datastore, the operator's replicas, direct
 * routes and native-routing CIDRs, how each pool is announced, which pool holds a pinned Service,
 * and the BGP peers, overrides and advertisements. Built in process on small specs: no files.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, NodeSpec } from '../../src/model/cluster-spec.js';
import { isLoopback, joinUrl, k3sNodeLabels, serviceSelectorLabels, urlHost } from '../../src/model/k3s.js';
import { ALL_SERVICES_SELECTOR, BGP_ADVERTISEMENT_LABELS } from '../../src/model/resolve/bgp.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { bgpProps, l2PolicyProps, poolProps, rpFilterProps } from '../../src/model/resolve/props.js';

const server = (name: string, address: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ name, role: 'server', address, ...extra });
const agent = (name: string, address: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ name, role: 'agent', address, ...extra });

function spec(over: { k3s?: Partial<ClusterSpec['k3s']>; cilium?: Partial<ClusterSpec['cilium']>; nodes?: NodeSpec[]; loadBalancer?: ClusterSpec['loadBalancer'] } = {}): ClusterSpec {
  return {
    name: 't',
    cilium: { version: '1.20.0', ...over.cilium },
    k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/t', ...over.k3s },
    nodes: over.nodes ?? [server('cp-1', '10.0.0.11/24')],
    ...(over.loadBalancer ? { loadBalancer: over.loadBalancer } : {}),
  };
}
const resolve = (over: Parameters<typeof spec>[0] = {}) => resolveCluster(spec(over));

describe('the API endpoint, the join URL and tls-san', () => {
  it('isLoopback: localhost, 127.0.0.0/8 from its first to its last address and ::1; not one past either end, nor ::2 or a name', () => {
    expect(['localhost', '127.0.0.0', '127.0.0.1', '127.255.255.255', '::1'].map(isLoopback)).toEqual([true, true, true, true, true]);
    expect(['126.255.255.255', '128.0.0.0', '::2', '::', 'k3s.lan', 'localhost.lan', ''].map(isLoopback)).toEqual([false, false, false, false, false, false, false]);
  });

  it('the API port: 6444 (the local load balancer) for a loopback host, 6443 otherwise, and the file\'s port wins', () => {
    expect(resolve({ k3s: { apiServer: { host: '127.0.0.1' } } }).k3s.apiPort).toBe(6444);
    expect(resolve({ k3s: { apiServer: { host: 'localhost' } } }).k3s.apiPort).toBe(6444);
    expect(resolve({ k3s: { apiServer: { host: '10.0.0.5' } } }).k3s.apiPort).toBe(6443);
    expect(resolve({ k3s: { apiServer: { host: '10.0.0.5', port: 7443 } } }).k3s.apiPort).toBe(7443);
    expect(resolve({ k3s: { apiServer: { host: '127.0.0.1', port: 7443 } } }).k3s.apiPort).toBe(7443);
  });

  it('joinUrl: the API host on 6443, the first server when the API is loopback or on 6444, brackets for IPv6', () => {
    expect(joinUrl('10.0.0.5', 6443, '10.0.0.11')).toBe('https://10.0.0.5:6443');
    expect(joinUrl('10.0.0.5', 7443, '10.0.0.11')).toBe('https://10.0.0.5:6443');
    expect(joinUrl('10.0.0.5', 6444, '10.0.0.11')).toBe('https://10.0.0.11:6443');
    expect(joinUrl('127.0.0.1', 6443, '10.0.0.11')).toBe('https://10.0.0.11:6443');
    expect(joinUrl('127.0.0.1', 6444, undefined)).toBe('https://127.0.0.1:6443');
    expect(joinUrl('api.lan', 6443, 'fd00::11')).toBe('https://api.lan:6443');
    expect(joinUrl('::1', 6444, 'fd00::11')).toBe('https://[fd00::11]:6443');
    expect(joinUrl('fd00::5', 6443, undefined)).toBe('https://[fd00::5]:6443');
  });

  it('urlHost: the host of an https URL with or without a port, brackets removed; anything else is returned as written', () => {
    expect(urlHost('https://10.0.0.5:6443')).toBe('10.0.0.5');
    expect(urlHost('https://api.lan')).toBe('api.lan');
    expect(urlHost('https://[fd00::5]:6443')).toBe('fd00::5');
    expect(urlHost('https://[fd00::5]')).toBe('fd00::5');
    for (const text of ['http://10.0.0.5:6443', 'https://10.0.0.5:6443/', 'https://10.0.0.5:x', ' https://10.0.0.5', 'https://a b', 'https://10.0.0.5:6443 ']) {
      expect(urlHost(text), text).toBe(text);
    }
  });

  it('tls-san: the written names, the API host and the join host, sorted once each; never a node\'s own IP or loopback', () => {
    const nodes = [server('cp-1', '10.0.0.11/24'), server('cp-2', '10.0.0.12/24')];
    expect(resolve({ nodes, k3s: { apiServer: { host: '10.0.0.11' } } }).k3s.tlsSan).toEqual([]);
    expect(resolve({ nodes, k3s: { apiServer: { host: '127.0.0.1' } } }).k3s.tlsSan).toEqual([]);
    const vip = resolve({ nodes, k3s: { apiServer: { host: 'api.lan' }, joinUrl: 'https://10.0.0.5:6443', tlsSan: ['z.lan', 'api.lan'] } }).k3s;
    expect(vip.tlsSan).toEqual(['10.0.0.5', 'api.lan', 'z.lan']);
    expect(vip.tlsSanAsWritten).toEqual(['z.lan', 'api.lan']);
    expect([vip.joinHost, vip.joinUrlFromSpec]).toEqual(['10.0.0.5', true]);
    const derived = resolve({ nodes, k3s: { apiServer: { host: '127.0.0.1' } } }).k3s;
    expect([derived.joinUrl, derived.joinHost, derived.joinUrlFromSpec]).toEqual(['https://10.0.0.11:6443', '10.0.0.11', false]);
  });

  it('the datastore: SQLite for one server, embedded etcd from two, and what the file says wins', () => {
    expect(resolve().k3s.datastore).toEqual({ type: 'sqlite' });
    expect(resolve({ nodes: [server('a', '10.0.0.11/24'), agent('b', '10.0.0.12/24')] }).k3s.datastore.type).toBe('sqlite');
    expect(resolve({ nodes: [server('a', '10.0.0.11/24'), server('b', '10.0.0.12/24')] }).k3s.datastore.type).toBe('etcd');
    expect(resolve({ k3s: { datastore: { type: 'external', endpoint: 'https://db:2379' } } }).k3s.datastore).toEqual({ type: 'external', endpoint: 'https://db:2379' });
  });

  it('k3s labels and Service pseudo-labels: servers carry the control-plane labels, agents do not; declared labels win', () => {
    expect(k3sNodeLabels('a', 'agent')).toEqual({ 'kubernetes.io/hostname': 'a', 'kubernetes.io/os': 'linux' });
    expect(k3sNodeLabels('s', 'server')).toEqual({
      'kubernetes.io/hostname': 's', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true',
    });
    expect(serviceSelectorLabels({ app: 'x' }, 'ns', 'svc')).toEqual({ app: 'x', 'io.kubernetes.service.namespace': 'ns', 'io.kubernetes.service.name': 'svc' });
    const node = resolve({ nodes: [server('cp-1', '10.0.0.11/24', { labels: { 'kubernetes.io/os': 'custom', rack: 'r1' } })] }).nodes[0];
    expect(node.selectorLabels).toMatchObject({ 'kubernetes.io/os': 'custom', rack: 'r1', 'kubernetes.io/hostname': 'cp-1' });
  });
});

describe('Cilium facts', () => {
  it('operator replicas: 1 for one node, 2 from two, and the file\'s number wins', () => {
    expect(resolve().cilium.operatorReplicas).toBe(1);
    expect(resolve({ nodes: [server('a', '10.0.0.11/24'), agent('b', '10.0.0.12/24')] }).cilium.operatorReplicas).toBe(2);
    expect(resolve({ cilium: { operatorReplicas: 3 } }).cilium.operatorReplicas).toBe(3);
  });

  it('direct node routes: on in native routing when every node shares one subnet per family; off across subnets, in a tunnel, or as written', () => {
    const two = (b: string) => [server('a', '10.0.0.11/24'), agent('b', b)];
    expect(resolve({ nodes: two('10.0.0.12/24') }).cilium.autoDirectNodeRoutes).toBe(true);
    expect(resolve({ nodes: two('10.0.1.12/24') }).cilium.autoDirectNodeRoutes).toBe(false);
    expect(resolve({ nodes: two('10.0.0.12/24'), cilium: { routingMode: 'tunnel' } }).cilium.autoDirectNodeRoutes).toBe(false);
    expect(resolve({ nodes: two('10.0.1.12/24'), cilium: { autoDirectNodeRoutes: true } }).cilium.autoDirectNodeRoutes).toBe(true);
    const dual = (b6: string) => [server('a', '10.0.0.11/24,fd00::11/64'), agent('b', `10.0.0.12/24,${b6}`)];
    expect(resolve({ nodes: dual('fd00::12/64') }).nodesShareOneSubnet).toBe(true);
    expect(resolve({ nodes: dual('fd01::12/64') }).nodesShareOneSubnet).toBe(false);
    // An address without a prefix has no subnet to share: no direct routes on a guess.
    expect(resolve({ nodes: [server('a', '10.0.0.11')] }).nodesShareOneSubnet).toBe(false);
    expect(resolve({ nodes: [server('a', '10.0.0.11/24'), agent('b', '10.0.0.12')] }).nodesShareOneSubnet).toBe(false);
    expect(resolve({ nodes: [] }).nodesShareOneSubnet).toBe(false);
  });

  it('dual-stack and native-routing CIDRs: the first cluster CIDR of each family; IPv6 only in a dual-stack cluster', () => {
    const single = resolve().cilium;
    expect([single.ipv4NativeRoutingCIDR, single.ipv6NativeRoutingCIDR]).toEqual(['10.42.0.0/16', undefined]);
    const dual = resolve({ k3s: { clusterCidr: '10.42.0.0/16,fd00:42::/56,fd00:43::/56' } });
    expect([dual.dualStack, dual.cilium.ipv4NativeRoutingCIDR, dual.cilium.ipv6NativeRoutingCIDR]).toEqual([true, '10.42.0.0/16', 'fd00:42::/56']);
    const v6first = resolve({ k3s: { clusterCidr: 'fd00:42::/56,10.42.0.0/16' } }).cilium;
    expect(v6first.ipv4NativeRoutingCIDR).toBe('10.42.0.0/16');
    const written = resolve({ k3s: { clusterCidr: '10.42.0.0/16,fd00:42::/56' }, cilium: { ipv4NativeRoutingCIDR: '10.0.0.0/8', ipv6NativeRoutingCIDR: 'fd00::/48' } }).cilium;
    expect([written.ipv4NativeRoutingCIDR, written.ipv6NativeRoutingCIDR]).toEqual(['10.0.0.0/8', 'fd00::/48']);
    expect(resolve({ cilium: { ipv6NativeRoutingCIDR: 'fd00::/48' } }).cilium.ipv6NativeRoutingCIDR).toBeUndefined();
    expect(resolve({ k3s: { serviceCidr: '10.43.0.0/16,fd00:43::/112' } }).dualStack).toBe(false);
  });

  it('the datapath defaults and the Gateway API CRD owner by k3s release', () => {
    const c = resolve().cilium;
    // Strictly: an unset maglevTableSize or dsrDispatch is no key at all, not a key holding undefined.
    expect(c.serviceLoadBalancing).toStrictEqual({ algorithm: 'random', mode: 'snat' });
    expect([c.bpfMasquerade, c.ipv4Masquerade, c.ipv6Masquerade, c.cniExclusive, c.bbr, c.datapathMode, c.bigTCP, c.tunnelProtocol])
      .toEqual([false, true, true, true, false, 'veth', { ipv4: false, ipv6: false }, 'vxlan']);
    expect(c).not.toHaveProperty('devices');
    expect(c).not.toHaveProperty('mtu');
    expect(c.gatewayAPI).toEqual({ enabled: false, crds: 'user' });
    expect(resolve({ k3s: { version: 'v1.36.1+k3s1' } }).cilium.gatewayAPI.crds).toBe('user');
    expect(resolve({ k3s: { version: 'v1.37.0+k3s1' } }).cilium.gatewayAPI.crds).toBe('k3s');
    // k3s's own CRDs are disabled only when the user brings theirs on a release that ships them.
    const disable = (version: string | undefined, crds: 'user' | 'k3s', enabled = true) =>
      resolve({ k3s: version ? { version } : {}, cilium: { gatewayAPI: { enabled, crds } } }).k3s.disable;
    expect(disable('v1.37.0+k3s1', 'user')).toEqual(['gateway-api-crd', 'servicelb']);
    expect(disable('v1.37.0+k3s1', 'user', false)).toEqual(['servicelb']);
    expect(disable('v1.37.0+k3s1', 'k3s')).toEqual(['servicelb']);
    expect(disable('v1.36.1+k3s1', 'user')).toEqual(['servicelb']);
    expect(disable(undefined, 'user')).toEqual(['servicelb']);
    expect(resolve({ k3s: { disable: ['traefik', 'servicelb', 'kube-proxy', 'network-policy', 'flannel', 'coredns'] } }).k3s.disable)
      .toEqual(['coredns', 'servicelb', 'traefik']);
  });

  it('sysctls: rp_filter 0 on the default interfaces, the interval, image and namespace of the DaemonSet', () => {
    const c = resolve({ nodes: [server('a', '10.0.0.11/24', { interfaces: ['eth0', 'lxc123', 'cilium_host'] })] });
    expect(rpFilterProps(c)).toMatchObject({ rpFilter: 0, intervalSeconds: 30, namespace: 'kube-system' });
    expect(rpFilterProps(c).image).toMatch(/^rancher\/mirrored-library-busybox:.*@sha256:[0-9a-f]{64}$/);
    // The default pattern ^eth[0-9]+ keeps eth0 and eth10, not a name that merely contains eth.
    const tuned = resolve({ nodes: [server('a', '10.0.0.11/24', { interfaces: ['eth0', 'veth1', 'bond0', 'eth10'] })] });
    expect(tuned.nodes[0].rpFilterInterfaces).toEqual(['eth0', 'eth10']);
    const own = resolve({ nodes: [server('a', '10.0.0.11/24', { interfaces: ['eth0', 'bond0'] })] });
    own.spec.sysctls = { rpFilter: 2, interfaces: ['^bond'] };
    const withSysctls = resolveCluster(own.spec);
    expect([withSysctls.nodes[0].rpFilterInterfaces, withSysctls.sysctls.rpFilter, withSysctls.sysctls.interfaces]).toEqual([['bond0'], 2, ['^bond']]);
  });
});

describe('pools, L2 policies and pinned Services', () => {
  const pool = (name: string, cidr: string, extra: object = {}) => ({ name, blocks: [{ cidr }], ...extra });
  const l2 = (policies: object[]) => ({ policies } as NonNullable<NonNullable<ClusterSpec['loadBalancer']>['l2']>);

  it('a pool is L2-announced only when a policy announcing LoadBalancer IPs could serve its Services', () => {
    const lb = (policy: object, p: object = pool('p', '10.0.0.200/29')) => resolve({ loadBalancer: { pools: [p as never], l2: l2([{ name: 'l', ...policy }]) } }).pools[0];
    expect(lb({ loadBalancerIPs: true }).l2).toBe(true);
    expect(lb({ loadBalancerIPs: true }).servingPolicies.map((p) => p.name)).toEqual(['l']);
    expect(lb({ loadBalancerIPs: false, externalIPs: true }).l2).toBe(false);
    expect(lb({}).l2).toBe(false);
    const selective = pool('p', '10.0.0.200/29', { serviceSelector: { matchLabels: { tier: 'a' } } });
    expect(lb({ loadBalancerIPs: true, serviceSelector: { matchLabels: { tier: 'b' } } }, selective).l2).toBe(false);
    expect(lb({ loadBalancerIPs: true, serviceSelector: { matchLabels: { tier: 'a' } } }, selective).l2).toBe(true);
    expect(lb({ loadBalancerIPs: true }, { ...selective, announce: 'bgp' }).l2).toBe(false);
    // Selectors that exclude each other on one key without matchLabels: no Service is in the pool and announced by the policy.
    const needs = (operator: string, values?: string[]) => pool('p', '10.0.0.200/29', { serviceSelector: { matchExpressions: [{ key: 'tier', operator, values }] } });
    const policy = (operator: string, values?: string[]) => ({ loadBalancerIPs: true, serviceSelector: { matchExpressions: [{ key: 'tier', operator, values }] } });
    expect(lb(policy('DoesNotExist'), needs('Exists')).l2).toBe(false);
    expect(lb(policy('In', ['b']), needs('In', ['a'])).l2).toBe(false);
    expect(lb(policy('In', ['a', 'b']), needs('In', ['a'])).l2).toBe(true);
    expect(lb(policy('NotIn', ['a']), needs('In', ['a'])).l2).toBe(false);
    expect(lb(policy('NotIn', ['b']), needs('Exists')).l2).toBe(true);
  });

  it('announce: bgp by default when the cluster peers and has no L2 section, l2 otherwise; bgp is set for every pool not marked l2', () => {
    const bgp = { localASN: 65010, peers: [], peerConfigs: [] };
    const pools = [pool('a', '10.0.0.200/29'), pool('b', '10.0.0.208/29', { announce: 'l2' }), pool('c', '10.0.0.216/29', { announce: 'both' })];
    const onlyBgp = resolve({ loadBalancer: { pools: pools as never, bgp } }).pools;
    expect(onlyBgp.map((p) => [p.announce, p.bgp])).toEqual([['bgp', true], ['l2', false], ['both', true]]);
    const both = resolve({ loadBalancer: { pools: pools as never, bgp, l2: l2([]) } }).pools;
    expect(both.map((p) => [p.announce, p.bgp])).toEqual([['l2', false], ['l2', false], ['both', true]]);
    const none = resolve({ loadBalancer: { pools: pools as never } }).pools;
    expect(none.map((p) => p.announce)).toEqual(['l2', 'l2', 'both']);
  });

  it('a pool\'s blocks, families, usable count and defaults', () => {
    const p = resolve({ loadBalancer: { pools: [{
      name: 'p', blocks: [{ cidr: 'fd00::/126' }, { start: '10.0.0.200' }, { start: '10.0.0.210', stop: '10.0.0.219' }, { cidr: 'nonsense' }],
    }] } }).pools[0];
    expect(p.families).toEqual(['ipv4', 'ipv6']);
    expect(p.blocks.map((b) => [b.cidr, b.start, b.stop, b.usable])).toEqual([
      ['fd00::/126', undefined, undefined, 4n], [undefined, '10.0.0.200', '10.0.0.200', 1n], [undefined, '10.0.0.210', '10.0.0.219', 10n], ['nonsense', undefined, undefined, 0n],
    ]);
    expect([p.usable, p.allowFirstLastIPs, p.disabled, p.index]).toEqual([15n, true, false, 0]);
    expect(poolProps(p).blocks).toEqual([{ cidr: 'fd00::/126' }, { start: '10.0.0.200', stop: '10.0.0.200' }, { start: '10.0.0.210', stop: '10.0.0.219' }, { cidr: 'nonsense' }]);
    // A pool written without blocks (the schema refuses it) resolves to none, not to a block that is not there.
    const bare = resolve({ loadBalancer: { pools: [{ name: 'bare' } as never] } }).pools[0];
    expect([bare.blocks, bare.usable, bare.families]).toEqual([[], 0n, []]);
    const v4 = resolve({ loadBalancer: { pools: [pool('a', '10.0.0.200/29', { disabled: true, allowFirstLastIPs: false })] } }).pools[0];
    expect([v4.families, v4.usable, v4.disabled, v4.allowFirstLastIPs]).toEqual([['ipv4'], 6n, true, false]);
  });

  it('a pinned Service belongs to the first pool holding its address, and each pool lists its own', () => {
    const c = resolve({ loadBalancer: {
      pools: [pool('a', '10.0.0.200/29'), pool('b', '10.0.0.192/27'), pool('c', '10.0.0.240/29')] as never,
      reservations: [
        { service: 'default/web', ip: '10.0.0.201' }, { service: 'ns/dns', ip: '10.0.0.210', labels: { app: 'dns' }, sharingKey: 'k' },
        { service: 'nowhere', ip: '10.0.0.250' }, { service: 'bad/ip', ip: 'x' },
      ],
    } });
    expect(c.pools.map((p) => p.reservations.map((r) => r.service))).toEqual([['default/web'], ['ns/dns'], []]);
    expect(c.reservations.map((r) => r.pools.map((p) => p.name))).toEqual([['a', 'b'], ['b'], [], []]);
    expect(c.reservations.map((r) => [r.namespace, r.serviceName])).toEqual([['default', 'web'], ['ns', 'dns'], ['nowhere', ''], ['bad', 'ip']]);
    expect(c.reservations[1]).toMatchObject({
      selectorLabels: { app: 'dns', 'io.kubernetes.service.namespace': 'ns', 'io.kubernetes.service.name': 'dns' }, sharingKey: 'k',
      sharingCrossNamespace: [], externalTrafficPolicy: 'Cluster', index: 1,
    });
    expect(c.reservations[3].address).toBeUndefined();
  });

  it('an L2 policy answers on the node interfaces its patterns match; a node with none of them is no announcer', () => {
    const c = resolve({
      nodes: [server('a', '10.0.0.11/24', { interfaces: ['eth0', 'eth1'] }), agent('b', '10.0.0.12/24', { interfaces: ['bond0'] }), agent('c', '10.0.0.13/24', { labels: { edge: 'no' } })],
      loadBalancer: { pools: [pool('p', '10.0.0.200/29')] as never, l2: l2([
        { name: 'eth', interfaces: ['^eth1$'], loadBalancerIPs: true },
        { name: 'all', loadBalancerIPs: true, nodeSelector: { matchExpressions: [{ key: 'edge', operator: 'DoesNotExist' }] } },
        { name: 'empty', interfaces: [], loadBalancerIPs: true },
      ]) },
    });
    const [eth, all, empty] = c.l2Policies;
    expect(eth.announcers.map((a) => [a.node.name, a.interfaces])).toEqual([['a', ['eth1']]]);
    expect(eth.nodes.map((n) => n.name)).toEqual(['a', 'b', 'c']);
    expect(all.announcers.map((a) => [a.node.name, a.interfaces])).toEqual([['a', ['eth0', 'eth1']], ['b', ['bond0']]]);
    expect(empty.announcers.map((a) => a.node.name)).toEqual(['a', 'b', 'c']);
    expect([eth.externalIPs, eth.loadBalancerIPs, eth.index, all.index]).toEqual([false, true, 0, 1]);
    // No interfaces written: no patterns (every interface answers), not a pattern of a default.
    expect([eth.interfacePatterns.length, all.interfacePatterns, empty.interfacePatterns]).toEqual([1, [], []]);
    expect(l2PolicyProps(eth)).toEqual({ name: 'eth', externalIPs: false, loadBalancerIPs: true, interfaces: ['^eth1$'], nodeSelector: undefined, serviceSelector: undefined });
  });

  it('reserved ranges keep their name and range; a malformed one has none', () => {
    const c = resolve({ loadBalancer: { reserved: [{ name: 'gw', start: '10.0.0.1', stop: '10.0.0.3' }, { name: 'bad', cidr: 'x' }] } });
    expect(c.reserved.map((r) => [r.name, r.index, r.range && r.range.last - r.range.first + 1n])).toEqual([['gw', 0, 3n], ['bad', 1, undefined]]);
  });
});

describe('BGP', () => {
  const nodes = [server('cp-1', '10.0.0.11/24,fd00::11/64', { bgp: { routerID: '10.255.0.1', localAddresses: ['fd00::11', '10.0.0.11'] } }),
    agent('w-1', '10.0.0.21/24', { bgp: { routerID: '10.255.0.2' } }), agent('w-2', '10.0.0.22/24')];
  const bgpCluster = (bgp: object, pools: object[] = [], clusterCidr = '10.42.0.0/16,fd00:42::/56') =>
    resolve({ nodes, k3s: { clusterCidr }, loadBalancer: { pools: pools as never, bgp: { localASN: 65010, ...bgp } as never } });

  it('peer configs take the cluster\'s families and Cilium\'s timer defaults; a peer without one takes the only config there is', () => {
    const one = bgpCluster({ peerConfigs: [{ name: 'tor' }], peers: [{ name: 'r', address: '10.0.0.1', asn: 65000 }] }).bgp!;
    expect(one.peerConfigs[0]).toMatchObject({ families: ['ipv4', 'ipv6'], holdTimeSeconds: 90, keepAliveTimeSeconds: 30, connectRetryTimeSeconds: 120, restartTimeSeconds: 120 });
    expect([one.peers[0].peerConfigName, one.peers[0].peerConfig?.name, one.peers[0].family]).toEqual(['tor', 'tor', 4]);
    expect(bgpCluster({ peerConfigs: [{ name: 'tor' }] }, [], '10.42.0.0/16').bgp!.peerConfigs[0].families).toEqual(['ipv4']);
    const two = bgpCluster({ peerConfigs: [{ name: 'a' }, { name: 'b', families: ['ipv6'] }], peers: [{ name: 'r', address: 'fd00::1', asn: 65000 }, { name: 's', address: '10.0.0.1', asn: 65000, peerConfig: 'b' }] }).bgp!;
    expect(two.peers.map((p) => [p.peerConfig?.name, p.peerConfigName, p.family])).toEqual([[undefined, 'undefined', 6], ['b', 'b', 4]]);
    const missing = bgpCluster({ peerConfigs: [{ name: 'a' }], peers: [{ name: 'r', address: 'x', asn: 65000, peerConfig: 'nope' }] }).bgp!;
    expect([missing.peers[0].peerConfig, missing.peers[0].peerConfigName, missing.peers[0].family]).toEqual([undefined, 'nope', undefined]);
  });

  it('the speakers, the instance name, the pod CIDR advertisement and the secrets namespace', () => {
    const b = bgpCluster({ nodeSelector: { matchLabels: { 'node-role.kubernetes.io/control-plane': 'true' } } }).bgp!;
    expect([b.speakers.map((n) => n.name), b.instanceName, b.advertisePodCIDRs, b.secretsNamespace]).toEqual([['cp-1'], 'instance-65010', false, 'kube-system']);
    expect(bgpCluster({ advertisePodCIDRs: true, secretsNamespace: 'bgp' }).bgp).toMatchObject({ advertisePodCIDRs: true, secretsNamespace: 'bgp' });
    expect(bgpCluster({}).bgp!.speakers.map((n) => n.name)).toEqual(['cp-1', 'w-1', 'w-2']);
    // A BGP section without peers or peer configs has none of either.
    expect([bgpCluster({}).bgp!.peerConfigs, bgpCluster({}).bgp!.peers]).toEqual([[], []]);
    expect(resolve().bgp).toBeUndefined();
  });

  it('node overrides: one per node with BGP settings, each peer sourced from the local address of its family', () => {
    const b = bgpCluster({ peers: [{ name: 'r4', address: '10.0.0.1', asn: 65000 }, { name: 'r6', address: 'fd00::1', asn: 65000 }, { name: 'bad', address: 'x', asn: 1 }] }).bgp!;
    expect(b.nodeOverrides.map((o) => [o.node.name, o.routerID, o.peers])).toEqual([
      ['cp-1', '10.255.0.1', [{ name: 'r4', localAddress: '10.0.0.11' }, { name: 'r6', localAddress: 'fd00::11' }]],
      ['w-1', '10.255.0.2', []],
    ]);
    const props = bgpProps('t', b, []);
    expect(props.nodeOverrides[0]).toEqual({ nodeName: 'cp-1', instanceName: 'instance-65010', routerID: '10.255.0.1', peers: b.nodeOverrides[0].peers });
    expect(props.podCidrAdvertisement).toBeUndefined();
    expect(props.clusterConfig.peers.map((p) => p.name)).toEqual(['r4', 'r6', 'bad']);
  });

  it('a peer inside pools lists each pool once, in file order', () => {
    const b = bgpCluster({ peers: [{ name: 'r', address: '10.0.0.201', asn: 65000 }, { name: 's', address: '10.0.0.100', asn: 65000 }] }, [
      { name: 'a', blocks: [{ cidr: '10.0.0.200/29' }, { cidr: '10.0.0.200/30' }] }, { name: 'b', blocks: [{ cidr: '10.0.0.192/27' }] },
    ]).bgp!;
    expect(b.peers.map((p) => p.inPools.map((x) => `${x.pool.name}.${x.blockIndex}`))).toEqual([['a.0', 'b.0'], []]);
  });

  it('each BGP pool is advertised to the peers of its families, every Service when its selector is empty', () => {
    const c = bgpCluster({
      peerConfigs: [{ name: 'v4', families: ['ipv4'] }, { name: 'v6', families: ['ipv6'] }],
      peers: [{ name: 'r4', address: '10.0.0.1', asn: 65000, peerConfig: 'v4' }, { name: 'r6', address: 'fd00::1', asn: 65000, peerConfig: 'v6' }, { name: 'lost', address: '10.0.0.2', asn: 65000 }],
      advertisePodCIDRs: true,
    }, [
      { name: 'a', blocks: [{ cidr: '10.0.0.200/29' }] },
      { name: 'b', blocks: [{ cidr: 'fd00::100/126' }], serviceSelector: { matchLabels: { tier: 'b' } } },
      { name: 'c', blocks: [{ cidr: '10.0.0.220/30' }, { cidr: 'fd00::200/126' }], serviceSelector: {} },
      { name: 'd', blocks: [{ cidr: '10.0.0.230/31' }], announce: 'l2', serviceSelector: { matchLabels: { tier: 'b' } } },
      { name: 'e', blocks: [{ cidr: '10.0.0.240/30' }] },
    ]);
    const ad = (name: string) => c.pools.find((p) => p.name === name)!.bgpAdvertisement;
    expect(ad('a')).toEqual({ name: 'lb-pool-a', serviceSelector: ALL_SERVICES_SELECTOR, peers: [{ peer: c.bgp!.peers[0], families: ['ipv4'] }] });
    expect(ad('b')!.serviceSelector).toEqual({ matchLabels: { tier: 'b' } });
    expect(ad('b')!.peers.map((p) => [p.peer.name, p.families])).toEqual([['r6', ['ipv6']]]);
    expect(ad('c')!.serviceSelector).toBe(ALL_SERVICES_SELECTOR);
    expect(ad('c')!.peers.map((p) => [p.peer.name, p.families])).toEqual([['r4', ['ipv4']], ['r6', ['ipv6']]]);
    expect(ad('d')).toBeUndefined();
    expect(ad('e')!.peers).toBe(ad('a')!.peers);
    // An L2 pool learns which BGP pools would also take its Services.
    expect(c.pools.find((p) => p.name === 'd')!.bgpPoolsSelectingItsServices.map((p) => p.name)).toEqual(['a', 'b', 'c', 'e']);
    expect(c.pools.find((p) => p.name === 'a')!.bgpPoolsSelectingItsServices).toEqual([]);
    const props = bgpProps('t', c.bgp!, c.pools);
    expect(props.poolAdvertisements.map((p) => p.name)).toEqual(['lb-pool-a', 'lb-pool-b', 'lb-pool-c', 'lb-pool-e']);
    expect(props.poolAdvertisements[0].labels).toBe(BGP_ADVERTISEMENT_LABELS);
    expect(props.podCidrAdvertisement).toEqual({ name: 'pod-cidrs', labels: BGP_ADVERTISEMENT_LABELS });
    expect(BGP_ADVERTISEMENT_LABELS).toEqual({ 'k3s-cilium-cdk8s.io/advertise': 'bgp' });
    expect(ALL_SERVICES_SELECTOR).toEqual({ matchExpressions: [{ key: 'k3s-cilium-cdk8s.io/never-set', operator: 'NotIn', values: ['never-used-value'] }] });
  });
});

describe('the API rate limit', () => {
  const lb = (pools: object[], lease?: object, policies: object[] = [{ name: 'l', loadBalancerIPs: true }]) =>
    ({ pools, l2: { policies, ...(lease ? { lease } : {}) } }) as ClusterSpec['loadBalancer'];
  const pool = (name: string, start: string, stop: string, extra: object = {}) => ({ name, blocks: [{ start, stop }], ...extra });

  it('sized from the usable addresses of the L2-announced pools only, over the renew deadline, rounded up', () => {
    // 101 L2 addresses over the default 5 s: ceil(20.2) = 21; the BGP pool's addresses do not count.
    const r = resolve({ loadBalancer: lb([pool('a', '10.0.1.0', '10.0.1.100'), pool('b', '10.0.2.0', '10.0.2.255', { announce: 'bgp' })]) }).rateLimit;
    expect(r).toEqual({
      services: 101, servicesFromPools: true, poolAddresses: 101n, serviceCidrCapacity: 65536, renewDeadlineSeconds: 5, qps: 21, burst: 42, explicit: false,
    });
    // 100 over 5 s is exactly 20.
    expect(resolve({ loadBalancer: lb([pool('a', '10.0.1.1', '10.0.1.100')]) }).rateLimit.qps).toBe(20);
  });

  it('the renew deadline read as a Go duration; an unreadable one counts as Cilium\'s 5 s', () => {
    const at = (renewDeadline: string) => resolve({ loadBalancer: lb([pool('a', '10.0.1.1', '10.0.1.100')], { duration: '15s', renewDeadline, retryPeriod: '1s' }) }).rateLimit;
    expect([at('2s').renewDeadlineSeconds, at('2s').qps]).toEqual([2, 50]);
    expect([at('1m').renewDeadlineSeconds, at('1m').qps]).toEqual([60, 10]);
    expect([at('soon').renewDeadlineSeconds, at('soon').qps]).toEqual([5, 20]);
  });

  it('the Service CIDR caps the Services; one too large to count, or unreadable, caps nothing', () => {
    const withCidr = (serviceCidr: string) => resolve({ k3s: { serviceCidr }, loadBalancer: lb([pool('a', '10.0.1.0', '10.0.1.255')]) }).rateLimit;
    expect([withCidr('10.43.0.0/25').serviceCidrCapacity, withCidr('10.43.0.0/25').services]).toEqual([128, 128]);
    expect(withCidr('fd00:43::/64').serviceCidrCapacity).toBe(Number.MAX_SAFE_INTEGER);
    expect(withCidr('fd00:43::/76').serviceCidrCapacity).toBe(2 ** 52);
    expect(withCidr('fd00:43::/75').serviceCidrCapacity).toBe(Number.MAX_SAFE_INTEGER);
    expect(withCidr('nonsense').serviceCidrCapacity).toBe(Number.MAX_SAFE_INTEGER);
    expect(withCidr('nonsense').services).toBe(256);
  });

  it('l2ServiceCount replaces the pools\' count; an explicit rate limit replaces the formula and is never marked capped', () => {
    const counted = resolve({ cilium: { l2ServiceCount: 51 }, loadBalancer: lb([pool('a', '10.0.1.1', '10.0.1.100')]) }).rateLimit;
    expect([counted.services, counted.servicesFromPools, counted.qps, counted.burst]).toEqual([51, false, 11, 22]);
    const explicit = resolve({ cilium: { l2ServiceCount: 10_000_000, k8sClientRateLimit: { qps: 5, burst: 7 } }, loadBalancer: lb([]) }).rateLimit;
    expect([explicit.qps, explicit.burst, explicit.explicit, explicit.uncappedQps]).toEqual([5, 7, true, undefined]);
    expect(explicit).not.toHaveProperty('uncappedQps');
    const qpsOnly = resolve({ cilium: { k8sClientRateLimit: { qps: 30 } as never }, loadBalancer: lb([]) }).rateLimit;
    expect([qpsOnly.qps, qpsOnly.burst]).toEqual([30, 60]);
    expect(resolve({ cilium: { k8sClientRateLimit: { qps: 5 } as never } }).rateLimit.burst).toBe(20);
    expect(resolve({ loadBalancer: lb([]) }).rateLimit).not.toHaveProperty('uncappedQps');
  });
});
