/**
 * Random cluster files over the whole model, mostly plausible: Cilium options, one or three servers
 * and up to three agents (one maybe on a second subnet), single- or dual-stack, L2 and BGP pools of
 * any size (IPv6 up to a /64), lease timings, API endpoints, node labels.
 */
import fc from 'fast-check';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';

const lease = fc.constantFrom(undefined, { duration: '15s', renewDeadline: '5s', retryPeriod: '2s' },
  { duration: '3s', renewDeadline: '2s', retryPeriod: '1ms' },
  { duration: '2s', renewDeadline: '1s', retryPeriod: '500ms' }, { renewDeadline: '100ms', retryPeriod: '10ms', duration: '1500ms' });

/** Choices a cluster file is built from; `build` turns them into a file of the model. */
const choices = (version: string) => fc.record({
  version: fc.constantFrom(version, version.replace(/\.[0-9]+$/, '.2'), version.replace(/\.[0-9]+$/, '.99')),
  routingMode: fc.constantFrom('native', 'native', 'tunnel'),
  ipamMode: fc.constantFrom(undefined, 'kubernetes', 'cluster-pool'),
  tunnelProtocol: fc.constantFrom(undefined, 'vxlan', 'geneve'),
  hubble: fc.constantFrom(undefined, {}, { relay: true }, { relay: true, ui: true }, { ui: true }, { relay: false, ui: false },
    { enabled: false }, { enabled: false, relay: true }, { enabled: true, relay: true }),
  bandwidthManager: fc.option(fc.boolean(), { nil: undefined }),
  socketLB: fc.option(fc.boolean(), { nil: undefined }),
  operatorReplicas: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  l2ServiceCount: fc.option(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 300, max: 66_000 })), { nil: undefined }),
  servers: fc.constantFrom(1, 1, 3),
  agents: fc.integer({ min: 0, max: 3 }),
  secondSubnet: fc.boolean(),
  dualStack: fc.boolean(),
  api: fc.constantFrom('first-server', 'loopback', 'vip', 'dns'),
  l2: fc.boolean(),
  bgp: fc.boolean(),
  v4PoolSize: fc.integer({ min: 0, max: 5 }),
  v6PrefixLength: fc.option(fc.integer({ min: 65, max: 128 }), { nil: undefined }),
  lease,
  pinLocal: fc.boolean(),
  advertisePodCIDRs: fc.boolean(),
  labels: fc.dictionary(fc.constantFrom('rack', 'example.com/tier', 'topology.kubernetes.io/zone'), fc.constantFrom('r1', 'edge', 'a-1', ''), { maxKeys: 2 }),
});
type Choices = ReturnType<typeof choices> extends fc.Arbitrary<infer T> ? T : never;

function build(c: Choices): ClusterSpec {
  const nodes = Array.from({ length: c.servers + c.agents }, (_, i) => {
    const subnet = c.secondSubnet && i === c.servers + c.agents - 1 && i > 0 ? 11 : 10;
    const address = `192.168.${subnet}.${10 + i}/24${c.dualStack ? `,fd00:${subnet}::${10 + i}/64` : ''}`;
    return { name: i < c.servers ? `server-${i}` : `agent-${i}`, role: i < c.servers ? 'server' as const : 'agent' as const, address, labels: c.labels };
  });
  const lanServices = { matchLabels: { net: 'lan' } };
  const host = { 'first-server': '192.168.10.10', loopback: '127.0.0.1', vip: '192.168.10.5', dns: 'k3s.example.lan' }[c.api];
  const l2Blocks = [{ start: '192.168.10.100', stop: `192.168.10.${100 + [0, 1, 7, 30, 100, 150][c.v4PoolSize]}` },
    // The upper half of the node's IPv6 /64: clear of the node addresses and the subnet's first address, up to 2^63 addresses.
    ...(c.dualStack && c.v6PrefixLength !== undefined ? [{ cidr: `fd00:10::8000:0:0:0/${c.v6PrefixLength}` }] : [])];
  const pools = [
    ...(c.l2 || !c.bgp ? [{ name: 'lan', blocks: l2Blocks, ...(c.bgp ? { announce: 'l2' as const, serviceSelector: lanServices } : {}) }] : []),
    ...(c.bgp ? [{ name: 'routed', blocks: [{ cidr: '10.20.0.0/24' }], announce: 'bgp' as const,
      serviceSelector: { matchExpressions: [{ key: 'net', operator: 'NotIn' as const, values: ['lan'] }] } }] : []),
  ];
  return {
    name: 'random',
    cilium: {
      version: c.version, routingMode: c.routingMode as 'native' | 'tunnel',
      ...(c.ipamMode ? { ipamMode: c.ipamMode as 'kubernetes' | 'cluster-pool' } : {}),
      ...(c.routingMode === 'tunnel' && c.tunnelProtocol ? { tunnelProtocol: c.tunnelProtocol as 'vxlan' } : {}),
      ...(c.hubble ? { hubble: c.hubble } : {}), ...(c.bandwidthManager !== undefined ? { bandwidthManager: c.bandwidthManager } : {}),
      ...(c.socketLB !== undefined ? { socketLBHostNamespaceOnly: c.socketLB } : {}),
      ...(c.operatorReplicas !== undefined ? { operatorReplicas: c.operatorReplicas } : {}),
      ...(c.l2ServiceCount !== undefined ? { l2ServiceCount: c.l2ServiceCount } : {}),
    },
    k3s: {
      apiServer: { host }, tokenFile: '/etc/rancher/k3s/token',
      ...(c.dualStack ? { clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' } : {}),
    },
    nodes,
    loadBalancer: {
      pools,
      ...(c.l2 || !c.bgp ? {
        l2: {
          policies: [{ name: 'lan', interfaces: ['^eth[0-9]+'], loadBalancerIPs: true, ...(c.bgp ? { serviceSelector: lanServices } : {}) }],
          ...(c.lease ? { lease: c.lease } : {}),
        },
      } : {}),
      ...(c.bgp ? {
        bgp: {
          localASN: 65010, advertisePodCIDRs: c.advertisePodCIDRs, peerConfigs: [{ name: 'tor' }],
          peers: [{ name: 'tor-a', address: '192.168.10.1', asn: 65000 }],
        },
      } : {}),
      reservations: c.l2 || !c.bgp
        ? [{ service: 'default/web', ip: '192.168.10.100', labels: c.bgp ? { net: 'lan' } : {}, externalTrafficPolicy: c.pinLocal ? 'Local' : 'Cluster' }]
        : [],
      reserved: [{ name: 'gateway', start: '192.168.10.1', stop: '192.168.10.1' }],
    },
  };
}

/** Cluster files for a held release (its patch, or another patch of its minor). */
export function randomCluster(release: string): fc.Arbitrary<ClusterSpec> {
  return choices(release).map(build);
}
