/**
 * The generated inputs of `npm run bench`, from a seed: the same arguments always give the same
 * files, and every cluster is valid with no finding at all.
 * - {@link largeCluster}: one data-centre cluster, by default 500 nodes in racks of 20 (each rack an
 *   L2 segment, an IPv4 /20 and an IPv6 /64, with one L2 policy announcing the rack's pools from the
 *   rack's nodes), 64 pools (half over L2 from a rack's segment, half over BGP from 100.64.0.0/10 and
 *   fd00:bbbb::/32, every other one dual-stack, blocks mixing CIDRs and start/stop ranges), 2,000
 *   reservations spread over the pools (a few sharing an address) and 32 BGP peers over four peer configs.
 * - {@link fleetClusters}: a fleet of small clusters of the shapes users run (examples/): one node
 *   with an L2 pool, three servers and two agents over L2, a rack peering with two routers over BGP,
 *   and a dual-stack cluster; with {@link fleetFile}, the Argo CD settings of all of them.
 */
import type { ClusterSpec, NodeSpec, PoolBlockSpec, PoolSpec, ReservationSpec } from '../../src/model/cluster-spec.js';
import type { FleetSpec } from '../../src/model/fleet-spec.js';

/** The large cluster's counts. */
export interface LargeClusterSize {
  nodes: number;
  pools: number;
  reservations: number;
  peers: number;
}

/** The "one 500-node cluster with 64 pools, 2,000 reservations and 32 BGP peers". */
export const LARGE_CLUSTER: LargeClusterSize = { nodes: 500, pools: 64, reservations: 2000, peers: 32 };

const NODES_PER_RACK = 20;
const PEER_CONFIGS = 4;

/** mulberry32: a tiny seeded PRNG, so the fixtures never depend on Math.random. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const v4 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const hex = (n: number) => n.toString(16);

/** First address of rack r's IPv4 /20 (10.64.0.0/10 holds 1,024 racks). */
const rackBase = (r: number) => ((10 << 24) | (64 << 16)) + r * 4096;
/** IPv6 /64 prefix of rack r. */
const rackPrefix6 = (r: number) => `fd00:aaaa:${hex(r)}:`;

/**
 * A pod CIDR with a /24 (IPv4) and a /64 (IPv6) for every node: k3s's defaults up to 256 nodes,
 * wider ranges beyond, clear of the service CIDR (10.43.0.0/16) and the racks (10.64.0.0 up).
 */
function clusterCidr(nodeCount: number): string {
  const bits = Math.ceil(Math.log2(nodeCount));
  const v4 = Math.min(16, 24 - bits);
  const v6 = Math.min(56, 64 - bits);
  return `${v4 === 16 ? '10.42.0.0' : v4 >= 13 ? '10.48.0.0' : '10.0.0.0'}/${v4},fd00:10:42::/${v6}`;
}

export function largeCluster(size: LargeClusterSize = LARGE_CLUSTER, seed = 7): ClusterSpec {
  const random = prng(seed);
  const racks = Math.ceil(size.nodes / NODES_PER_RACK);
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < size.nodes; i++) {
    const r = Math.floor(i / NODES_PER_RACK);
    const host = 10 + (i % NODES_PER_RACK);
    nodes.push({
      name: `${i < 3 ? 'server' : 'worker'}-${String(i).padStart(5, '0')}`,
      role: i < 3 ? 'server' : 'agent',
      address: `${v4(rackBase(r) + host)}/20,${rackPrefix6(r)}:${hex(host)}/64`,
      interfaces: random() < 0.5 ? ['eth0'] : ['eth0', 'eth1'],
      labels: { rack: `r${r}` },
    });
  }

  // Every pool's blocks hold its reservations: a power of two of at least 16 addresses.
  const perPool = Math.ceil(size.reservations / size.pools);
  const block = 2 ** Math.max(4, Math.ceil(Math.log2(perPool + 1)));
  const prefix = 32 - Math.log2(block);
  // Slots of a rack's /20 after the nodes' first /24, below its last /24 (the routers').
  const slots = (4096 - 512) / block;
  const l2PerRack = Math.ceil(size.pools / 2 / racks);
  if (l2PerRack > slots) throw new Error(`${l2PerRack} L2 pools of ${block} addresses per rack do not fit a /20`);
  const pools: PoolSpec[] = [];
  const reservations: ReservationSpec[] = [];
  let l2Index = 0;
  let bgpIndex = 0;
  for (let p = 0; p < size.pools; p++) {
    const name = `pool-${String(p).padStart(6, '0')}`;
    const l2 = p % 2 === 0;
    let first4: number;
    let prefix6: string;
    let labels: Record<string, string>;
    if (l2) {
      const r = l2Index % racks;
      const slot = Math.floor(l2Index / racks);
      l2Index++;
      first4 = rackBase(r) + 256 + slot * block;
      prefix6 = `${rackPrefix6(r)}:${hex(0x1000 + slot)}:`;
      labels = { segment: `r${r}`, pool: name };
    } else {
      first4 = ((100 << 24) | (64 << 16)) + bgpIndex * block;
      prefix6 = `fd00:bbbb:${hex(bgpIndex >>> 16)}:${hex(bgpIndex & 0xffff)}::`;
      bgpIndex++;
      labels = { segment: 'bgp', pool: name };
    }
    // IPv6 blocks: the addresses <prefix>0 to <prefix>(block - 1), as a CIDR or a range.
    const v6 = (i: number) => `${prefix6}${hex(i)}`;
    const blocks: PoolBlockSpec[] = [random() < 0.5 ? { cidr: `${v4(first4)}/${prefix}` } : { start: v4(first4), stop: v4(first4 + block - 1) }];
    const dual = p % 4 < 2;
    if (dual) blocks.push(random() < 0.5 ? { cidr: `${v6(0)}/${128 - 32 + prefix}` } : { start: v6(0), stop: v6(block - 1) });
    pools.push({ name, blocks, serviceSelector: { matchLabels: labels }, ...(l2 ? {} : { announce: 'bgp' as const }) });
    // One BGP pool in five lets its first and last reserved Service share an address (same sharingKey); over L2 a shared IP
    // can be answered from two nodes (cilium/cilium#48419), a warning.
    const count = Math.floor(((p + 1) * size.reservations) / size.pools) - Math.floor((p * size.reservations) / size.pools);
    const sharingKey = random() < 0.2 && !l2 ? `share-${p}` : undefined;
    for (let k = 0; k < count; k++) {
      const shares = sharingKey !== undefined && (k === 0 || k === count - 1);
      reservations.push({
        service: `team-${p % 37}/svc-${p}-${k}`,
        ip: shares || !(dual && k % 2 === 1) ? v4(first4 + (shares ? 1 : k + 1)) : v6(k + 1),
        labels,
        ...(shares ? { sharingKey } : {}),
      });
    }
  }

  const peerConfigs = Array.from({ length: PEER_CONFIGS }, (_, c) => ({
    name: `tor-${c}`,
    timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5 },
    ...(c % 2 === 0 ? { gracefulRestart: { enabled: true, restartTimeSeconds: 120 } } : {}),
  }));
  const peers = Array.from({ length: size.peers }, (_, i) => ({
    name: `router-${i}`,
    // Routers in the last /24 of each rack's /20 (10.64.<r*16+15>.<254-n>), outside every pool.
    address: v4(rackBase(i % racks) + 4096 - 2 - Math.floor(i / racks)),
    asn: 65000 + (i % 4),
    peerConfig: `tor-${i % PEER_CONFIGS}`,
  }));

  return {
    name: `dc-${size.nodes}`,
    cilium: { version: '1.20.0', routingMode: 'native', autoDirectNodeRoutes: false, hubble: { relay: true, ui: true } },
    k3s: {
      clusterCidr: clusterCidr(nodes.length),
      serviceCidr: '10.43.0.0/16,fd00:10:43::/112',
      disable: ['traefik'],
      apiServer: { host: 'api.dc1.example.net' },
      tokenFile: '/etc/rancher/k3s/token',
    },
    nodes,
    loadBalancer: {
      pools,
      l2: {
        policies: Array.from({ length: racks }, (_, r) => ({
          name: `rack-r${r}`, interfaces: ['^eth[0-9]+'], loadBalancerIPs: true,
          nodeSelector: { matchLabels: { rack: `r${r}` } }, serviceSelector: { matchLabels: { segment: `r${r}` } },
        })),
      },
      bgp: { localASN: 65100, advertisePodCIDRs: true, peerConfigs, peers },
      reservations,
      reserved: Array.from({ length: racks }, (_, r) => ({ name: `gateway-r${r}`, start: v4(rackBase(r) + 1) })),
    },
  };
}

/** The shapes of the fleet's clusters, after examples/. */
export const FLEET_SHAPES = ['single-node', 'ha-l2', 'bgp-rack', 'dual-stack'] as const;

/** Cluster `i` of a fleet: its shape and addresses from `i` and the seeded `random`. */
function smallCluster(i: number, random: () => number): ClusterSpec {
  const name = `site-${String(i).padStart(5, '0')}`;
  const shape = FLEET_SHAPES[Math.floor(random() * FLEET_SHAPES.length)];
  // Each site its own 10.<a>.<b>.0/24 (sites reuse nothing of each other, as separate networks may).
  const net = `10.${100 + (i >> 8)}.${i & 255}`;
  const k3s = { disable: ['traefik'], tokenFile: '/etc/rancher/k3s/token' };
  const cilium = { version: random() < 0.8 ? '1.20.0' : '1.19.4', ...(random() < 0.5 ? { hubble: { relay: true } } : {}) };
  const reserved = [{ name: 'gateway', start: `${net}.1` }];
  const reservations = random() < 0.5 ? [{ service: `default/ingress-${i}`, ip: `${net}.201` }] : [];
  switch (shape) {
    case 'single-node':
      return {
        name, cilium, k3s: { ...k3s, apiServer: { host: `${net}.10`, port: 6443 } },
        nodes: [{ name: 'cp-1', role: 'server', address: `${net}.10/24`, interfaces: ['eth0'] }],
        loadBalancer: {
          pools: [{ name: 'default', blocks: [{ start: `${net}.200`, stop: `${net}.215` }] }],
          l2: { policies: [{ name: 'default', interfaces: ['^eth[0-9]+'], loadBalancerIPs: true }] },
          reservations, reserved,
        },
      };
    case 'ha-l2':
      return {
        name, cilium, k3s: { ...k3s, apiServer: { host: '127.0.0.1' } },
        nodes: [
          ...[1, 2, 3].map((n) => ({ name: `server-${n}`, role: 'server' as const, address: `${net}.${10 + n}/24` })),
          ...[1, 2].map((n) => ({ name: `worker-${n}`, role: 'agent' as const, address: `${net}.${20 + n}/24`, labels: { 'l2-announcer': 'true' } })),
        ],
        loadBalancer: {
          pools: [{ name: 'services', blocks: [{ start: `${net}.200`, stop: `${net}.239` }] }],
          l2: { policies: [{ name: 'agents', interfaces: ['^eth[0-9]+'], loadBalancerIPs: true, nodeSelector: { matchLabels: { 'l2-announcer': 'true' } } }] },
          reservations, reserved,
        },
      };
    case 'bgp-rack': {
      const pool = `172.${16 + (i >> 8)}.${i & 255}`;
      return {
        name, cilium, k3s: { ...k3s, apiServer: { host: `api.${name}.example.net` } },
        nodes: Array.from({ length: 3 + Math.floor(random() * 3) }, (_, n) => ({
          name: `node-${n + 1}`, role: n < 3 ? 'server' as const : 'agent' as const, address: `${net}.${11 + n}/24`, labels: { rack: 'r1' },
        })),
        loadBalancer: {
          pools: [{ name: 'services', blocks: [{ cidr: `${pool}.0/24` }] }],
          bgp: {
            localASN: 65010, advertisePodCIDRs: true,
            peerConfigs: [{ name: 'tor', timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5 } }],
            peers: [{ name: 'tor-a', address: `${net}.2`, asn: 65000 }, { name: 'tor-b', address: `${net}.3`, asn: 65000 }],
          },
          reservations: reservations.map((r) => ({ ...r, ip: `${pool}.201` })),
          reserved: [{ name: 'tor-routers', start: `${net}.1`, stop: `${net}.3` }],
        },
      };
    }
    case 'dual-stack': {
      const net6 = `fd00:${hex(i)}:`;
      return {
        name, cilium: { ...cilium, version: '1.20.0' },
        k3s: { ...k3s, clusterCidr: '10.42.0.0/16,fd00:10:42::/56', serviceCidr: '10.43.0.0/16,fd00:10:43::/112', apiServer: { host: `${net}.10` } },
        nodes: [
          { name: 'cp-1', role: 'server', address: `${net}.10/24,${net6}:10/64` },
          { name: 'worker-1', role: 'agent', address: `${net}.21/24,${net6}:21/64` },
          { name: 'worker-2', role: 'agent', address: `${net}.22/24,${net6}:22/64` },
        ],
        loadBalancer: {
          pools: [{ name: 'services', blocks: [{ start: `${net}.200`, stop: `${net}.219` }, { cidr: `${net6}:100/120` }] }],
          l2: { policies: [{ name: 'default', interfaces: ['^eth[0-9]+'], loadBalancerIPs: true }] },
          reservations, reserved,
        },
      };
    }
  }
}

/** `count` small clusters (names site-00000 up), seeded. */
export function fleetClusters(count: number, seed = 11): ClusterSpec[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => smallCluster(i, random));
}

/** The Argo CD settings of a fleet: one Application per cluster, each to the Argo CD cluster of its name. */
export function fleetFile(clusters: readonly ClusterSpec[]): FleetSpec {
  return {
    repoURL: 'https://git.fleet-ops.internal/platform/fleet.git',
    targetRevision: 'main',
    clusters: Object.fromEntries(clusters.map((c) => [c.name, { destination: { name: c.name } }])),
  };
}
