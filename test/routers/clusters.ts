/**
 * The BGP cluster files the real-daemon tests run besides examples/: generated to cover what the
 * examples do not (iBGP, start/stop pool ranges, a pinned Service, a node sourcing its sessions
 * from a loopback, eBGP multihop to a router's loopback, a node the selector leaves out, default
 * timers), and a small one the mutation tests break.
 */
import type { ClusterSpec } from '../../src/model/cluster-spec.js';

const base = (name: string): Pick<ClusterSpec, 'name' | 'cilium' | 'k3s'> => ({
  name, cilium: { version: '1.20.0' }, k3s: { apiServer: { host: '127.0.0.1' }, tokenFile: '/etc/rancher/k3s/token' },
});

export const GENERATED: readonly ClusterSpec[] = [
  {
    ...base('ibgp-ranges'),
    nodes: [
      { name: 'cp-1', role: 'server', address: '192.168.50.11/24' },
      { name: 'wk-1', role: 'agent', address: '192.168.50.21/24', bgp: { routerID: '10.255.0.21', localAddresses: ['10.255.0.21'] } },
    ],
    loadBalancer: {
      pools: [{ name: 'range', blocks: [{ start: '10.30.0.10', stop: '10.30.0.20' }] }],
      reservations: [{ service: 'web/front', ip: '10.30.0.15' }],
      bgp: {
        localASN: 64600,
        peerConfigs: [{ name: 'core' }],
        peers: [{ name: 'core-1', address: '192.168.50.1', asn: 64600 }],
      },
    },
  },
  {
    ...base('ebgp-multihop'),
    nodes: [
      { name: 'cp-1', role: 'server', address: '172.20.0.11/24', labels: { bgp: 'on' } },
      { name: 'wk-1', role: 'agent', address: '172.20.0.21/24', labels: { bgp: 'on' } },
      { name: 'wk-2', role: 'agent', address: '172.20.0.22/24' },
    ],
    loadBalancer: {
      pools: [
        { name: 'internal', blocks: [{ cidr: '10.40.0.0/28' }] },
        { name: 'public', blocks: [{ cidr: '198.18.0.0/30' }], serviceSelector: { matchLabels: { exposure: 'public' } } },
      ],
      bgp: {
        localASN: 4200000001,
        nodeSelector: { matchLabels: { bgp: 'on' } },
        advertisePodCIDRs: true,
        peerConfigs: [{
          name: 'spine', authSecretRef: 'spine-md5', ebgpMultihop: 2,
          timers: { holdTimeSeconds: 6, keepAliveTimeSeconds: 2, connectRetryTimeSeconds: 3 },
        }],
        peers: [{ name: 'spine-1', address: '172.31.255.1', asn: 65100 }],
      },
    },
  },
];

/** Two nodes, one router on their subnet, eBGP with a password: the mutation tests break its router side. */
export const MUTATION_BASE: ClusterSpec = {
  ...base('mutants'),
  nodes: [
    { name: 'n-1', role: 'server', address: '10.77.0.11/24' },
    { name: 'n-2', role: 'agent', address: '10.77.0.12/24' },
  ],
  loadBalancer: {
    pools: [{ name: 'lb', blocks: [{ cidr: '10.78.0.0/29' }] }],
    bgp: {
      localASN: 65077,
      peerConfigs: [{ name: 'r', authSecretRef: 'r-md5', timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 2 } }],
      peers: [{ name: 'r-1', address: '10.77.0.1', asn: 65000 }],
    },
  },
};
