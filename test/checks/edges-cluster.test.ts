/**
 * The checks of the cluster's shape, read whole on each branch: the API endpoint and tls-san
 * (check 6), native routing (check 7), L2 policies (check 8), externalTrafficPolicy Local over L2
 * (check 11), sysctls (check 12), servers and etcd quorum at 2, 3 and 4 servers (check 16) and
 * native routing across subnets (check 18). In process, one check at a time.
 */
import { describe, expect, it } from 'vitest';
import { checkApiServer } from '../../src/checks/06-api-server.js';
import { checkRouting } from '../../src/checks/07-routing.js';
import { checkL2Policies } from '../../src/checks/08-l2-policies.js';
import { checkL2ExternalTrafficPolicy } from '../../src/checks/11-l2-external-traffic-policy.js';
import { checkSysctls } from '../../src/checks/12-sysctls.js';
import { checkServers } from '../../src/checks/16-servers.js';
import { checkDirectRouting } from '../../src/checks/18-direct-routing.js';
import { BGP, DUAL, edited, HOMELAB, run } from './run-check.js';

/** `servers` servers then `agents` agents, each with eth0, on 192.168.1.0/24 unless `address` says otherwise. */
const nodes = (servers: number, agents: number, address = (i: number) => `192.168.1.${10 + i}/24`) =>
  Array.from({ length: servers + agents }, (_, i) => ({ name: `n${i}`, role: i < servers ? 'server' : 'agent', address: address(i), interfaces: ['eth0'] }));

describe('check 6: the API endpoint', () => {
  const api = (host: string, port: number | undefined, list = nodes(1, 1), ...more: [string, unknown][]) =>
    run(checkApiServer, edited(HOMELAB, ['k3s.apiServer', port === undefined ? { host } : { host, port }], ['nodes', list], ...more));
  const ALL = 'Use 127.0.0.1 with port 6444 (k3s\'s API load balancer on every node), a server\'s IP with port 6443, or a VIP/DNS name.';
  const AUTO = 'k3s.apiServer.host: the Cilium chart reads k8sServiceHost "auto" as "look the API server up in the kubeadm ConfigMap kube-public/cluster-info", '
    + 'which k3s does not create: the chart fails or the agent gets the host name "auto".';

  it('loopback: 6444 everywhere, 6443 only without agents, any other port nothing', () => {
    expect(api('127.0.0.1', 6444)).toEqual([]);
    expect(api('127.0.0.1', 6443, nodes(2, 0))).toEqual([]);
    expect(api('127.0.0.1', 6443)).toEqual([
      `k3s.apiServer.host: 127.0.0.1:6443 reaches the API only on servers, but n1 is an agent: Cilium there cannot reach the API and, without kube-proxy, never becomes ready. ${ALL}`,
    ]);
    expect(api('127.0.0.1', 6443, nodes(1, 2))).toEqual([
      `k3s.apiServer.host: 127.0.0.1:6443 reaches the API only on servers, but n1, n2 are agents: Cilium there cannot reach the API and, without kube-proxy, never becomes ready. ${ALL}`,
    ]);
    expect(api('::1', 8443)).toEqual(['k3s.apiServer.port: nothing listens on ::1:8443 on a k3s node. Use port 6444 (k3s\'s API load balancer on every node).']);
  });

  it('"auto", an agent\'s IP, a server\'s IP on the wrong port, and no host at all', () => {
    expect(api('auto', 6443)).toEqual([`${AUTO} ${ALL}`]);
    // On port 6444 the alternatives leave out the port already written.
    expect(api('auto', 6444)).toEqual([`${AUTO} Use a server's IP with port 6443, or a VIP/DNS name.`]);
    expect(api('192.168.1.11', 6443)).toEqual([`k3s.apiServer.host: 192.168.1.11 is agent node n1, which runs no API server. ${ALL}`]);
    expect(api('192.168.1.10', 6444)).toEqual([
      'k3s.apiServer.port: server n0 serves the API on 192.168.1.10:6443, not 6444 (6444 listens on loopback only). Use port 6443, or 127.0.0.1 with port 6444.',
    ]);
    expect(api('192.168.1.10', 6443)).toEqual([]);
    expect(api('http://x', 6443)).toEqual([
      'k3s.apiServer.host: "http://x" is neither an IP address nor a DNS name. Write only the host, e.g. 192.168.1.10 or k3s.example.lan; the port goes in k3s.apiServer.port.',
    ]);
    expect(api('k3s.lan', 8443)).toEqual([]);
    expect(api('10.0.0.1', undefined)).toEqual([]);
  });

  it('tls-san: bare IPs and DNS names, a leading wildcard label allowed', () => {
    expect(api('k3s.lan', 6443, nodes(1, 0), ['k3s.tlsSan', ['*.lan', 'a b', '10.0.0.1', 'x.y', '*.*.x', 'fd00::1']])).toEqual(['a b', '*.*.x'].map((s, i) =>
      `k3s.tlsSan[${[1, 4][i]}]: "${s}" is neither an IP address nor a DNS name. List bare IPs and DNS names the API certificate must cover.`));
  });
});

describe('check 7: native routing', () => {
  const route = (...e: [string, unknown][]) => run(checkRouting, edited(HOMELAB, ...e));

  it('the native-routing CIDR is IPv4 and contains the pod CIDR (equal passes, one bit shorter does not)', () => {
    expect(route(['cilium.ipv4NativeRoutingCIDR', 'fd00::/64'])).toEqual([
      'cilium.ipv4NativeRoutingCIDR: fd00::/64 is not an IPv4 CIDR. Write the IPv4 network pods are routed in, usually the pod CIDR (the default).',
    ]);
    expect(route(['cilium.ipv4NativeRoutingCIDR', '10.42.0.0/17'])).toEqual([
      'cilium.ipv4NativeRoutingCIDR: 10.42.0.0/17 does not contain the pod CIDR 10.42.0.0/16: pod-to-pod traffic outside it is masqueraded. '
        + 'Leave it unset (it defaults to 10.42.0.0/16), or write a network that contains it.',
    ]);
    for (const ok of ['10.42.0.0/16', '10.0.0.0/8']) expect(route(['cilium.ipv4NativeRoutingCIDR', ok])).toEqual([]);
    expect(route(['cilium.routingMode', 'tunnel'], ['cilium.ipv4NativeRoutingCIDR', '10.42.0.0/17'])).toEqual([]);
    // A defaulted IPv6 one (an IPv6-only pod CIDR) is check 17's.
    expect(run(checkRouting, edited(DUAL, ['k3s.clusterCidr', 'fd00:10:42::/56']))).toEqual([]);
  });

  it('autoDirectNodeRoutes: not with tunnelling, and only with every node on one subnet', () => {
    expect(route(['cilium.autoDirectNodeRoutes', true], ['cilium.routingMode', 'tunnel'])).toEqual([
      'cilium.autoDirectNodeRoutes: autoDirectNodeRoutes has no effect with routingMode tunnel. Remove it, or use routingMode: native.',
    ]);
    expect(route(['cilium.autoDirectNodeRoutes', true], ['nodes', nodes(1, 1, (i) => `192.168.${i}.10/24`)])).toEqual([
      'cilium.autoDirectNodeRoutes: autoDirectNodeRoutes needs every node on one L2 subnet, but the nodes are on different ones (n0: 192.168.0.0/24, n1: 192.168.1.0/24). '
        + 'Remove it (routes to other subnets then come from BGP or your router), or use routingMode: tunnel.',
    ]);
    expect(route(['cilium.autoDirectNodeRoutes', true], ['nodes', nodes(1, 1)])).toEqual([]);
    expect(route(['cilium.autoDirectNodeRoutes', false], ['cilium.routingMode', 'tunnel'])).toEqual([]);
  });
});

describe('check 8: L2 policies', () => {
  const policies = (list: object[]) => run(checkL2Policies, edited(HOMELAB, ['loadBalancer.l2.policies', list], ['nodes', nodes(1, 1)]));
  const NONE = 'Cilium answers ARP/NDP only on matching interfaces: match the uplink, e.g. ^eth0$, or declare the node\'s interfaces in nodes[].interfaces.';

  it('a pattern that is not RE2 is reported alone: no match is judged from an incomplete set', () => {
    expect(policies([{ name: 'a', interfaces: ['^wlan', '['] }])).toEqual([
      'loadBalancer.l2.policies[0].interfaces[1]: "[" is not a valid Go (RE2) regular expression: missing closing ]: `[`. '
        + 'Cilium compiles interfaces with Go\'s regexp: there are no lookarounds or backreferences; list alternatives instead, e.g. ^(eth|ens)[0-9]+$.',
    ]);
  });

  it('a selector that selects no node names every node\'s labels', () => {
    expect(policies([{ name: 'a', nodeSelector: { matchLabels: { x: 'y' } } }])).toEqual([
      'loadBalancer.l2.policies[0].nodeSelector: selects none of the nodes (x=y vs n0: no labels; n1: no labels). '
        + 'Match the labels of at least one node (nodes[].labels, or kubernetes.io/hostname and node-role.kubernetes.io/control-plane, which k3s sets).',
    ]);
  });

  it('patterns matching no interface of the selected nodes (one or several); none or an empty list match every interface', () => {
    expect(policies([{ name: 'a', interfaces: ['^wlan'] }, { name: 'b', interfaces: ['^wlan', '^ens'] }])).toEqual([
      `loadBalancer.l2.policies[0].interfaces: "^wlan" matches no interface of the selected nodes (n0: eth0; n1: eth0). ${NONE}`,
      `loadBalancer.l2.policies[1].interfaces: "^wlan", "^ens" match no interface of the selected nodes (n0: eth0; n1: eth0). ${NONE}`,
    ]);
    expect(policies([{ name: 'a', interfaces: [] }, { name: 'b' }, { name: 'c', interfaces: ['^wlan', '^eth'] }])).toEqual([]);
  });

  it('nodes with several labels and interfaces are listed whole; a policy without patterns judges no interface, even on a node without any', () => {
    const list = [{ name: 'n0', role: 'server', address: '192.168.1.10/24', labels: { a: '1', b: '2' }, interfaces: ['eth0', 'eth1'] }];
    const one = (policy: object, more: object[] = []) => run(checkL2Policies, edited(HOMELAB, ['loadBalancer.l2.policies', [policy]], ['nodes', [...list, ...more]]));
    expect(one({ name: 'a', nodeSelector: { matchLabels: { x: 'y' } } }, [{ name: 'n1', role: 'agent', address: '192.168.1.11/24', interfaces: [] }])).toEqual([
      'loadBalancer.l2.policies[0].nodeSelector: selects none of the nodes (x=y vs n0: a=1, b=2; n1: no labels). '
        + 'Match the labels of at least one node (nodes[].labels, or kubernetes.io/hostname and node-role.kubernetes.io/control-plane, which k3s sets).',
    ]);
    expect(one({ name: 'a', interfaces: ['^wlan'] })).toEqual([`loadBalancer.l2.policies[0].interfaces: "^wlan" matches no interface of the selected nodes (n0: eth0, eth1). ${NONE}`]);
    expect(one({ name: 'a' }, [{ name: 'n1', role: 'agent', address: '192.168.1.11/24', interfaces: [] }])).toEqual([]);
    expect(run(checkL2Policies, edited(HOMELAB, ['loadBalancer.l2.policies', [{ name: 'a' }]], ['nodes', [{ ...list[0], interfaces: [] }]]))).toEqual([]);
  });
});

describe('check 11: externalTrafficPolicy Local on an L2 pool', () => {
  const etp = (version: string, ...more: [string, unknown][]) => run(checkL2ExternalTrafficPolicy, edited(HOMELAB, ['cilium.version', version],
    ['loadBalancer.reservations', [{ service: 'a/b', ip: '192.168.1.101', externalTrafficPolicy: 'Local' }, { service: 'a/c', ip: '192.168.1.102' },
      { service: 'a/d', ip: '10.1.1.1', externalTrafficPolicy: 'Local' }]], ...more));

  it('warned on releases before 1.20.2, for a pinned Service in an L2 pool only', () => {
    for (const version of ['1.19.4', '1.20.0']) {
      expect(etp(version)).toEqual([
        `warning: loadBalancer.reservations[0].externalTrafficPolicy: a/b uses externalTrafficPolicy Local, but pool "default-pool" is announced over L2, whose announcements `
          + `ignore it on Cilium ${version}: a node without a ready endpoint can win the lease and drop the traffic. Use Cluster (the default), announce this pool over BGP, `
          + 'which honours Local, or use a release that honours it (1.20.2 and later 1.20 releases; no 1.18 or 1.19 release).',
      ]);
    }
    expect(etp('1.20.2')).toEqual([]);
    expect(etp('1.20.1', ['loadBalancer.pools[0].announce', 'bgp'])).toEqual([]);
  });
});

describe('check 12: sysctls', () => {
  const sys = (rpFilter: unknown, interfaces: string[], list: object[] = nodes(1, 0)) =>
    run(checkSysctls, edited(HOMELAB, ['sysctls', { rpFilter, interfaces }], ['nodes', list]));

  it('rp_filter 1, invalid and RE2-only patterns, and a pattern matching no declared interface', () => {
    expect(sys(1, ['^eth', '^wlan', '[', '\\d'])).toEqual([
      'sysctls.rpFilter: rpFilter 1 (strict) drops return packets that leave by another interface than they arrived on, which Cilium\'s datapath does. Use 0 (off) or 2 (loose).',
      'warning: sysctls.interfaces[1]: "^wlan" matches none of the nodes\' declared interfaces (eth0). '
        + 'The DaemonSet would leave rp_filter unchanged there: match the uplinks, or declare them in nodes[].interfaces.',
      'sysctls.interfaces[2]: "[" is not a valid regular expression: missing closing ]: `[`. Write a POSIX extended regex, e.g. ^eth[0-9]+.',
      'sysctls.interfaces[3]: "\\\\d" uses \\d, which busybox grep -E (POSIX ERE) in the rp-filter DaemonSet does not understand. Use [0-9].',
    ]);
    expect(sys(2, ['^eth'])).toEqual([]);
  });

  it('with no declared interface nothing is compared', () => {
    expect(sys(0, ['^wlan'], [{ name: 'n', role: 'server', address: '192.168.1.10/24', interfaces: [] }])).toEqual([]);
  });
});

describe('check 16: servers', () => {
  const servers = (s: number, a: number, host = '127.0.0.1', ...more: [string, unknown][]) =>
    run(checkServers, edited(HOMELAB, ['k3s.apiServer', { host, port: 6444 }], ['nodes', nodes(s, a)], ...more));

  it('at least one server; an odd number with embedded etcd (2 and 4 refused with their quorum, 1 and 3 pass)', () => {
    expect(servers(0, 1)).toEqual(['nodes: there is no server node; agents need a server to join. Make at least one node role: server.']);
    expect(servers(1, 0)).toEqual([]);
    expect(servers(3, 0)).toEqual([]);
    expect(servers(2, 0)).toEqual([
      'nodes: 2 servers is an even number: embedded etcd needs a majority (2 of 2) up, so 2 servers tolerate 0 failed servers, no more than 1 would, '
        + 'and a network split into halves leaves neither side with a majority. Use 1 or 3 servers (3 tolerates one failure, 5 two), or make one of them an agent.',
    ]);
    expect(servers(4, 0)).toEqual([
      'nodes: 4 servers is an even number: embedded etcd needs a majority (3 of 4) up, so 4 servers tolerate 1 failed server, no more than 3 would, '
        + 'and a network split into halves leaves neither side with a majority. Use 3 or 5 servers (3 tolerates one failure, 5 two), or make one of them an agent.',
    ]);
    expect(servers(2, 0, '127.0.0.1', ['k3s.datastore', { type: 'external', endpoint: 'postgres://db:5432/k3s' }])).toEqual([]);
  });

  it('one server\'s address as the endpoint of several servers is warned', () => {
    expect(servers(3, 0, '192.168.1.10')).toEqual([
      'warning: k3s.apiServer.host: the API endpoint is server 192.168.1.10 alone, so Cilium on every node loses the API when that one server is down, despite 3 servers. '
        + 'Use 127.0.0.1 (k3s\'s local load balancer on port 6444) or a VIP/DNS name in front of all servers.',
    ]);
    expect(servers(1, 2, '192.168.1.10')).toEqual([]);
    expect(servers(3, 1, '192.168.1.13')).toEqual([]);
  });
});

describe('check 18: native routing across subnets', () => {
  const WARN = 'warning: cilium.routingMode: native routing across nodes on different subnets needs the network to route the pod CIDRs, and nothing here advertises them. '
    + 'Set loadBalancer.bgp.advertisePodCIDRs: true, route the pod CIDRs statically, or use routingMode: tunnel.';
  const routing = (...e: [string, unknown][]) => run(checkDirectRouting, edited(HOMELAB, ['nodes', nodes(1, 1, (i) => `192.168.${i}.10/24`)], ...e));

  it('warned for two subnets; not for one node, one subnet, tunnelling, autoDirectNodeRoutes or advertised pod CIDRs', () => {
    expect(routing()).toEqual([WARN]);
    expect(routing(['cilium.routingMode', 'tunnel'])).toEqual([]);
    expect(routing(['cilium.autoDirectNodeRoutes', true])).toEqual([]);
    expect(routing(['cilium.autoDirectNodeRoutes', false])).toEqual([WARN]);
    expect(routing(['nodes', nodes(1, 0)])).toEqual([]);
    expect(routing(['nodes', nodes(1, 1)])).toEqual([]);
    expect(run(checkDirectRouting, edited(BGP, ['cilium.routingMode', 'native'], ['nodes[0].address', '10.11.0.11/24']))).toEqual([]);
    expect(run(checkDirectRouting, edited(BGP, ['cilium.routingMode', 'native'], ['nodes[0].address', '10.11.0.11/24'], ['loadBalancer.bgp.advertisePodCIDRs', false]))).toEqual([WARN]);
  });
});
