/**
 * A large, valid cluster file for the scale scenarios of `npm run bench`, from a seed: the same
 * size and seed always give the same text. Scale 1 is 200 nodes, 1,000 pools, 5,000 reservations
 * and 50 BGP peers; scale s multiplies every count by s (racks, and so L2 policies, grow with the
 * nodes). The layout is a data centre that uses everything the checks look at:
 * - racks of 20 nodes (3 servers in rack 0), each rack an L2 segment 10.64.<r*16>.0/20 plus an
 *   IPv6 /64, with one L2 policy that announces the rack's pools from the rack's nodes;
 * - half of the pools announced over L2 from a rack's segment, half over BGP from 100.64.0.0/10
 *   and fd00:bbbb::/32, told apart by the Service label `segment` (r<rack> or bgp); blocks mix
 *   CIDRs and start/stop ranges, every other pool is dual-stack;
 * - five reservations per pool, selected by the pool's serviceSelector, a few with a sharing key;
 * - BGP peers (routers outside every pool) spread over five peer configs.
 */
import type { ClusterSpec, NodeSpec, PoolBlockSpec, PoolSpec, ReservationSpec } from '../../src/model/cluster-spec.js';

export const NODES_PER_SCALE = 200;
export const POOLS_PER_SCALE = 1000;
export const RESERVATIONS_PER_POOL = 5;
export const PEERS_PER_SCALE = 50;
const NODES_PER_RACK = 20;
const PEER_CONFIGS = 5;

/** mulberry32: a tiny seeded PRNG, so the fixture never depends on Math.random. */
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

/** IPv6 /64 prefix of rack r. */
const rackPrefix6 = (r: number) => `fd00:aaaa:${hex(r)}:`;

export function generateCluster(scale: number, seed = 7): ClusterSpec {
  const random = prng(seed);
  const nodeCount = NODES_PER_SCALE * scale;
  const racks = Math.ceil(nodeCount / NODES_PER_RACK);
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < nodeCount; i++) {
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

  const pools: PoolSpec[] = [];
  const reservations: ReservationSpec[] = [];
  const poolCount = POOLS_PER_SCALE * scale;
  // 240 /28 slots per rack after the nodes' first /24.
  const l2PerRack = Math.ceil(poolCount / 2 / racks);
  if (l2PerRack > 240) throw new Error(`scale ${scale}: ${l2PerRack} L2 pools per rack do not fit a /20`);
  let l2Index = 0;
  let bgpIndex = 0;
  for (let p = 0; p < poolCount; p++) {
    const name = `pool-${String(p).padStart(6, '0')}`;
    const l2 = p % 2 === 0;
    let first4: number;
    let prefix6: string;
    let labels: Record<string, string>;
    if (l2) {
      const r = l2Index % racks;
      const slot = Math.floor(l2Index / racks);
      l2Index++;
      first4 = rackBase(r) + 256 + slot * 16;
      prefix6 = `${rackPrefix6(r)}:${hex(0x1000 + slot)}:`;
      labels = { segment: `r${r}`, pool: name };
    } else {
      first4 = ((100 << 24) | (64 << 16)) + bgpIndex * 16;
      prefix6 = `fd00:bbbb:${hex(bgpIndex >>> 16)}:${hex(bgpIndex & 0xffff)}::`;
      bgpIndex++;
      labels = { segment: 'bgp', pool: name };
    }
    // IPv6 blocks: the 16 addresses <prefix>0–f, as a /124 or a range.
    const v6Block = (i: number) => `${prefix6}${hex(i)}`;
    const blocks: PoolBlockSpec[] = [random() < 0.5 ? { cidr: `${v4(first4)}/28` } : { start: v4(first4), stop: v4(first4 + 15) }];
    const dual = p % 4 < 2;
    if (dual) blocks.push(random() < 0.5 ? { cidr: `${v6Block(0)}/124` } : { start: v6Block(0), stop: v6Block(15) });
    pools.push({ name, blocks, serviceSelector: { matchLabels: labels }, ...(l2 ? {} : { announce: 'bgp' as const }) });
    // One BGP pool in five lets its first and last reserved Service share an address (same sharingKey); over L2 a shared IP
    // can be answered from two nodes (cilium/cilium#48419), a warning.
    const sharingKey = random() < 0.2 && !l2 ? `share-${p}` : undefined;
    for (let k = 0; k < RESERVATIONS_PER_POOL; k++) {
      const shares = sharingKey !== undefined && (k === 0 || k === RESERVATIONS_PER_POOL - 1);
      reservations.push({
        service: `team-${p % 37}/svc-${p}-${k}`,
        ip: shares || !(dual && k % 2 === 1) ? v4(first4 + (shares ? 1 : k + 1)) : v6Block(k + 1),
        labels,
        ...(shares ? { sharingKey } : {}),
      });
    }
  }

  const peerCount = PEERS_PER_SCALE * scale;
  const peerConfigs = Array.from({ length: PEER_CONFIGS }, (_, c) => ({
    name: `tor-${c}`,
    timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5 },
    ...(c % 2 === 0 ? { gracefulRestart: { enabled: true, restartTimeSeconds: 120 } } : {}),
  }));
  const peers = Array.from({ length: peerCount }, (_, i) => ({
    name: `router-${i}`,
    // Routers at the top of each rack's /20 (10.64.<r*16+15>.<254-n>), outside every pool.
    address: v4(rackBase(i % racks) + 4096 - 2 - Math.floor(i / racks)),
    asn: 65000 + (i % 4),
    peerConfig: `tor-${i % PEER_CONFIGS}`,
  }));

  return {
    name: `scale-${scale}x`,
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
