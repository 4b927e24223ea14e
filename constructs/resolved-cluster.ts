/**
 * The cluster file with every default applied and every derived value computed once. Constructs
 * read this, never the raw spec, so a default is decided in exactly one place.
 * Resolution never throws on bad values: it leaves them for validation to report.
 */
import { ciliumCapabilities, CiliumCapabilities, CILIUM_CAPABILITIES } from './cilium-versions.js';
import type {
  ClusterSpec, L2PolicySpec, NodeBgpSpec, PoolBlockSpec, PoolSpec, ReservationSpec, ReservedRangeSpec,
} from './cluster-spec.js';
import { parseGoDuration } from './go-duration.js';
import { IpFamily, IpRange, parseCidr, parseIp, rangeSize } from './ip.js';
import { resolveBgp, ResolvedBgp } from './resolved-bgp.js';
import { compatibleIndex } from './selector-index.js';
import { selectorsCompatible } from './selectors.js';


export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';
export const DEFAULT_SERVICE_CIDR = '10.43.0.0/16';
export const DEFAULT_API_PORT = 6443;
/** k3s's client-side API load balancer on every node (agents) and the apiserver's loopback port (servers). */
export const LOCAL_API_LB_PORT = 6444;
export const DEFAULT_INTERFACES = ['eth0'];
export const DEFAULT_SYSCTL_INTERFACES = ['^eth[0-9]+'];
export const DEFAULT_LEASE = { duration: '15s', renewDeadline: '5s', retryPeriod: '2s' };
/** The Cilium agent's own client rate limit default (1.18–1.20, pkg/defaults). */
export const CILIUM_DEFAULT_QPS = 10;
export const CILIUM_DEFAULT_BURST = 20;
/** Packaged k3s components that are always off: Cilium replaces them. */
export const ALWAYS_DISABLED = ['servicelb'];

/** One address of a node, as written in `address` (which may hold two, comma-separated). */
export interface ResolvedNodeAddress {
  /** The IP without prefix (text as written before the slash). */
  ip: string;
  /** Undefined when the address is malformed. */
  family?: IpFamily;
  /** The L2 subnet of this address; undefined when malformed. */
  subnet?: IpRange & { canonical: string };
}

export interface ResolvedNode {
  name: string;
  role: 'server' | 'agent';
  /** The primary node IP without prefix (the first address). */
  ip: string;
  /** The primary address's L2 subnet; undefined when `address` is malformed. */
  subnet?: IpRange & { canonical: string };
  /** Every address of the node, primary first (two on a dual-stack node). */
  addresses: ResolvedNodeAddress[];
  /** `node-external-ip` entries. */
  externalIps: string[];
  interfaces: string[];
  labels: Record<string, string>;
  taints: string[];
  kubeletArgs: string[];
  /** Per-node BGP overrides, when the cluster file sets them. */
  bgp?: NodeBgpSpec;
}

export interface ResolvedBlock {
  spec: PoolBlockSpec;
  /** Covered addresses; undefined when the block is malformed. */
  range?: IpRange;
  /** Addresses Cilium hands out from this block. */
  usable: bigint;
}

export interface ResolvedPool {
  spec: PoolSpec;
  name: string;
  blocks: ResolvedBlock[];
  allowFirstLastIPs: boolean;
  /** How the cluster file says the pool is announced (default applied). */
  announce: 'l2' | 'bgp' | 'both';
  /** Announced by at least one L2 policy and not marked BGP-only. */
  l2: boolean;
  /** Marked for BGP advertisement (`announce` is `bgp` or `both`). */
  bgp: boolean;
  usable: bigint;
}

export interface RateLimit {
  services: number;
  /** True when `services` came from the pools' usable addresses rather than the cluster file. */
  servicesFromPools: boolean;
  renewDeadlineSeconds: number;
  qps: number;
  burst: number;
}

export interface ResolvedCluster {
  spec: ClusterSpec;
  name: string;
  cilium: {
    version: string;
    /** Capabilities of the target minor; the newest supported when the version is unsupported (validation reports it). */
    caps: CiliumCapabilities;
    routingMode: 'native' | 'tunnel';
    tunnelProtocol: 'vxlan' | 'geneve';
    ipv4NativeRoutingCIDR: string;
    /** Set only on a dual-stack cluster. */
    ipv6NativeRoutingCIDR?: string;
    autoDirectNodeRoutes: boolean;
    hubble: { relay: boolean; ui: boolean };
    bandwidthManager: boolean;
    socketLBHostNamespaceOnly: boolean;
    operatorReplicas: number;
  };
  /** `k3s.clusterCidr` holds an IPv6 CIDR besides the IPv4 one. */
  dualStack: boolean;
  k3s: {
    /** The primary (first) pod CIDR as written. */
    clusterCidr: string;
    /** The primary (first) service CIDR as written. */
    serviceCidr: string;
    /** Every pod CIDR as written, primary first. */
    clusterCidrs: string[];
    /** Every service CIDR as written, primary first. */
    serviceCidrs: string[];
    disable: string[];
    apiHost: string;
    apiPort: number;
    tokenFile: string;
    /** tls-san: the cluster file's list plus the API host when it is not a node IP, sorted. */
    tlsSan: string[];
  };
  nodes: ResolvedNode[];
  servers: ResolvedNode[];
  agents: ResolvedNode[];
  /** Every node's subnet is the same one. */
  nodesShareOneSubnet: boolean;
  pools: ResolvedPool[];
  l2Policies: L2PolicySpec[];
  /** The BGP control plane; undefined when the cluster file has no `loadBalancer.bgp`. */
  bgp?: ResolvedBgp;
  lease: { duration: string; renewDeadline: string; retryPeriod: string };
  reservations: ReservationSpec[];
  reserved: ReservedRangeSpec[];
  rateLimit: RateLimit;
  rpFilter: number;
  sysctlInterfaces: string[];
}

/** The range a pool block (or reserved range) covers, or undefined when malformed. */
export function blockRange(block: { cidr?: string; start?: string; stop?: string }): IpRange | undefined {
  if (block.cidr !== undefined) {
    const c = parseCidr(block.cidr);
    return c && { family: c.family, first: c.first, last: c.last };
  }
  if (block.start === undefined) return undefined;
  const start = parseIp(block.start);
  const stop = block.stop === undefined ? start : parseIp(block.stop);
  if (!start || !stop || start.family !== stop.family || start.value > stop.value) return undefined;
  return { family: start.family, first: start.value, last: stop.value };
}

/**
 * Addresses Cilium LB-IPAM hands out from a block. Since Cilium 1.16 the first and last address
 * of a `cidr` block are allocatable unless `allowFirstLastIPs: "No"`, which reserves them only for
 * blocks of 4+ addresses; start/stop ranges are never trimmed.
 */
export function usableAddresses(block: PoolBlockSpec, range: IpRange | undefined, allowFirstLastIPs: boolean): bigint {
  if (!range) return 0n;
  const size = rangeSize(range);
  if (block.cidr !== undefined && !allowFirstLastIPs && size >= 4n) return size - 2n;
  return size;
}

/** Whether an L2 policy announces LoadBalancer IPs of Services a pool may serve. */
export function policyServesPool(policy: L2PolicySpec, pool: PoolSpec): boolean {
  return policy.loadBalancerIPs === true && selectorsCompatible(policy.serviceSelector, pool.serviceSelector);
}

/** The entries of a k3s-style comma-separated value (`v4,v6`). */
export function commaList(text: string | undefined): string[] {
  return text === undefined ? [] : String(text).split(',').map((s) => s.trim());
}

function resolveNodeAddress(text: string): ResolvedNodeAddress {
  const [ip] = text.split('/');
  const subnet = parseCidr(text);
  return {
    ip,
    family: subnet?.family,
    subnet: subnet && { family: subnet.family, first: subnet.first, last: subnet.last, canonical: subnet.canonical },
  };
}

function resolveNode(node: ClusterSpec['nodes'][number]): ResolvedNode {
  const addresses = commaList(node.address).map(resolveNodeAddress);
  return {
    name: node.name,
    role: node.role,
    ip: addresses[0].ip,
    subnet: addresses[0].subnet,
    addresses,
    externalIps: commaList(node.externalAddress),
    interfaces: node.interfaces ?? DEFAULT_INTERFACES,
    labels: node.labels ?? {},
    taints: node.taints ?? [],
    kubeletArgs: node.kubeletArgs ?? [],
    bgp: node.bgp,
  };
}

/** Whether, per family, every node's address is on the same subnet: nodes reach each other without a router. */
function shareSubnets(nodes: ResolvedNode[]): boolean {
  const addresses = nodes.flatMap((n) => n.addresses);
  if (nodes.length === 0 || addresses.some((a) => !a.subnet)) return false;
  return ([4, 6] as const).every((family) => new Set(addresses.filter((a) => a.family === family).map((a) => a.subnet?.canonical)).size <= 1);
}

/** The first entry of a CIDR list in the given family, if any. */
function cidrOfFamily(cidrs: string[], family: IpFamily): string | undefined {
  return cidrs.find((c) => parseCidr(c)?.family === family);
}

function rateLimit(spec: ClusterSpec, pools: ResolvedPool[], renewDeadline: string): RateLimit {
  const fromPools = pools.filter((p) => p.l2).reduce((sum, p) => sum + p.usable, 0n);
  const services = spec.cilium.l2ServiceCount ?? Number(fromPools);
  const renewDeadlineSeconds = parseGoDuration(renewDeadline) ?? 5;
  // Cilium's L2 docs: QPS = #services / leaseRenewDeadline; burst "slightly higher". Never below the agent defaults.
  const qps = Math.max(CILIUM_DEFAULT_QPS, Math.ceil(services / renewDeadlineSeconds));
  const burst = Math.max(CILIUM_DEFAULT_BURST, qps * 2);
  return { services, servicesFromPools: spec.cilium.l2ServiceCount === undefined, renewDeadlineSeconds, qps, burst };
}

/** Applies every default and derives what the constructs render. */
export function resolveCluster(spec: ClusterSpec): ResolvedCluster {
  const nodes = (spec.nodes ?? []).map(resolveNode);
  const nodesShareOneSubnet = shareSubnets(nodes);
  const lb = spec.loadBalancer ?? {};
  const l2Policies = lb.l2?.policies ?? [];
  // A cluster that peers over BGP and has no L2 announcements means BGP for every pool it does not mark otherwise.
  const defaultAnnounce = lb.bgp !== undefined && lb.l2 === undefined ? 'bgp' : 'l2';
  // policyServesPool for every pool, through an index (thousands of pools × hundreds of policies).
  const servingPolicies = compatibleIndex(l2Policies.filter((p) => p.loadBalancerIPs === true), (p) => p.serviceSelector);
  const pools: ResolvedPool[] = (lb.pools ?? []).map((pool) => {
    const announce = pool.announce ?? defaultAnnounce;
    const allowFirstLastIPs = pool.allowFirstLastIPs ?? true;
    const blocks = (pool.blocks ?? []).map((block) => {
      const range = blockRange(block);
      return { spec: block, range, usable: usableAddresses(block, range, allowFirstLastIPs) };
    });
    return {
      spec: pool, name: pool.name, blocks, allowFirstLastIPs,
      announce,
      l2: announce !== 'bgp' && servingPolicies(pool.serviceSelector).length > 0,
      bgp: announce !== 'l2',
      usable: blocks.reduce((sum, b) => sum + b.usable, 0n),
    };
  });
  const lease = { ...DEFAULT_LEASE, ...lb.l2?.lease };
  const routingMode = spec.cilium.routingMode ?? 'native';
  const clusterCidrs = commaList(spec.k3s.clusterCidr ?? DEFAULT_CLUSTER_CIDR);
  const serviceCidrs = commaList(spec.k3s.serviceCidr ?? DEFAULT_SERVICE_CIDR);
  const ipv6ClusterCidr = cidrOfFamily(clusterCidrs, 6);
  const dualStack = ipv6ClusterCidr !== undefined;
  const apiHost = spec.k3s.apiServer.host;
  const nodeIps = new Set(nodes.flatMap((n) => n.addresses.map((a) => a.ip)));
  const tlsSan = [...new Set([...(spec.k3s.tlsSan ?? []), ...(nodeIps.has(apiHost) || isLoopback(apiHost) ? [] : [apiHost])])].sort();
  return {
    spec,
    name: spec.name,
    cilium: {
      version: spec.cilium.version,
      caps: ciliumCapabilities(spec.cilium.version) ?? CILIUM_CAPABILITIES[CILIUM_CAPABILITIES.length - 1],
      routingMode,
      tunnelProtocol: spec.cilium.tunnelProtocol ?? 'vxlan',
      ipv4NativeRoutingCIDR: spec.cilium.ipv4NativeRoutingCIDR ?? cidrOfFamily(clusterCidrs, 4) ?? clusterCidrs[0],
      ipv6NativeRoutingCIDR: dualStack ? spec.cilium.ipv6NativeRoutingCIDR ?? ipv6ClusterCidr : undefined,
      autoDirectNodeRoutes: spec.cilium.autoDirectNodeRoutes ?? (routingMode === 'native' && nodesShareOneSubnet),
      hubble: { relay: spec.cilium.hubble?.relay ?? false, ui: spec.cilium.hubble?.ui ?? false },
      bandwidthManager: spec.cilium.bandwidthManager ?? false,
      socketLBHostNamespaceOnly: spec.cilium.socketLBHostNamespaceOnly ?? false,
      operatorReplicas: spec.cilium.operatorReplicas ?? (nodes.length === 1 ? 1 : 2),
    },
    dualStack,
    k3s: {
      clusterCidr: clusterCidrs[0],
      serviceCidr: serviceCidrs[0],
      clusterCidrs,
      serviceCidrs,
      disable: [...new Set([...ALWAYS_DISABLED, ...(spec.k3s.disable ?? [])])].sort(),
      apiHost,
      apiPort: spec.k3s.apiServer.port ?? (isLoopback(apiHost) ? LOCAL_API_LB_PORT : DEFAULT_API_PORT),
      tokenFile: spec.k3s.tokenFile,
      tlsSan,
    },
    nodes,
    servers: nodes.filter((n) => n.role === 'server'),
    agents: nodes.filter((n) => n.role === 'agent'),
    nodesShareOneSubnet,
    pools,
    l2Policies,
    bgp: lb.bgp && resolveBgp(lb.bgp, dualStack),
    lease,
    reservations: lb.reservations ?? [],
    reserved: lb.reserved ?? [],
    rateLimit: rateLimit(spec, pools, lease.renewDeadline),
    rpFilter: spec.sysctls?.rpFilter ?? 0,
    sysctlInterfaces: spec.sysctls?.interfaces ?? DEFAULT_SYSCTL_INTERFACES,
  };
}

/** Whether a host is a loopback address or `localhost`. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const ip = parseIp(host);
  if (!ip) return false;
  return ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}
