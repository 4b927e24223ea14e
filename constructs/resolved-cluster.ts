/**
 * The cluster file with every default applied and every derived value computed once. Constructs
 * read this, never the raw spec, so a default is decided in exactly one place.
 * Resolution never throws on bad values: it leaves them for validation to report.
 */
import { ciliumCapabilities, CiliumCapabilities, CILIUM_CAPABILITIES } from './cilium-versions.js';
import type {
  ClusterSpec, L2PolicySpec, LabelSelector, PoolBlockSpec, PoolSpec, ReservationSpec, ReservedRangeSpec,
} from './cluster-spec.js';
import { parseGoDuration } from './go-duration.js';
import { IpRange, parseCidr, parseIp, rangeSize } from './ip.js';

export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';
export const DEFAULT_SERVICE_CIDR = '10.43.0.0/16';
export const DEFAULT_API_PORT = 6443;
export const DEFAULT_INTERFACES = ['eth0'];
export const DEFAULT_SYSCTL_INTERFACES = ['^eth[0-9]+'];
export const DEFAULT_LEASE = { duration: '15s', renewDeadline: '5s', retryPeriod: '2s' };
/** The Cilium agent's own client rate limit default (1.18–1.20, pkg/defaults). */
export const CILIUM_DEFAULT_QPS = 10;
export const CILIUM_DEFAULT_BURST = 20;
/** Packaged k3s components that are always off: Cilium replaces them. */
export const ALWAYS_DISABLED = ['servicelb'];

export interface ResolvedNode {
  name: string;
  role: 'server' | 'agent';
  /** The node IP without prefix (text as written before the slash). */
  ip: string;
  /** The node's L2 subnet, from `address`; undefined when `address` is malformed. */
  subnet?: IpRange & { canonical: string };
  interfaces: string[];
  labels: Record<string, string>;
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
  /** Announced by at least one L2 policy. */
  l2: boolean;
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
    autoDirectNodeRoutes: boolean;
    hubble: { relay: boolean; ui: boolean };
    bandwidthManager: boolean;
    socketLBHostNamespaceOnly: boolean;
    operatorReplicas: number;
  };
  k3s: {
    clusterCidr: string;
    serviceCidr: string;
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

/**
 * Whether some object could match both selectors: false only when their matchLabels pin the same
 * key to different values, or an expression of one excludes what the other's matchLabels requires.
 */
export function selectorsCompatible(a?: LabelSelector, b?: LabelSelector): boolean {
  const la = a?.matchLabels ?? {};
  const lb = b?.matchLabels ?? {};
  for (const [k, v] of Object.entries(la)) if (k in lb && lb[k] !== v) return false;
  const pinned = { ...lb, ...la };
  for (const expr of [...(a?.matchExpressions ?? []), ...(b?.matchExpressions ?? [])]) {
    if (!(expr.key in pinned)) continue;
    const value = pinned[expr.key];
    if (expr.operator === 'DoesNotExist') return false;
    if (expr.operator === 'In' && !(expr.values ?? []).includes(value)) return false;
    if (expr.operator === 'NotIn' && (expr.values ?? []).includes(value)) return false;
  }
  return true;
}

/** Whether a label set satisfies a selector (nil selector = everything). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    const values = expr.values ?? [];
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
    if (expr.operator === 'In' && !(has && values.includes(labels[expr.key]))) return false;
    if (expr.operator === 'NotIn' && has && values.includes(labels[expr.key])) return false;
  }
  return true;
}

function resolveNode(node: ClusterSpec['nodes'][number]): ResolvedNode {
  const [ip] = String(node.address).split('/');
  const subnet = parseCidr(String(node.address));
  return {
    name: node.name,
    role: node.role,
    ip,
    subnet: subnet && { family: subnet.family, first: subnet.first, last: subnet.last, canonical: subnet.canonical },
    interfaces: node.interfaces ?? DEFAULT_INTERFACES,
    labels: node.labels ?? {},
  };
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
  const subnets = new Set(nodes.map((n) => n.subnet?.canonical));
  const nodesShareOneSubnet = nodes.length > 0 && subnets.size === 1 && !subnets.has(undefined);
  const lb = spec.loadBalancer ?? {};
  const l2Policies = lb.l2?.policies ?? [];
  const pools: ResolvedPool[] = (lb.pools ?? []).map((pool) => {
    const allowFirstLastIPs = pool.allowFirstLastIPs ?? true;
    const blocks = (pool.blocks ?? []).map((block) => {
      const range = blockRange(block);
      return { spec: block, range, usable: usableAddresses(block, range, allowFirstLastIPs) };
    });
    return {
      spec: pool, name: pool.name, blocks, allowFirstLastIPs,
      l2: l2Policies.some((p) => policyServesPool(p, pool)),
      usable: blocks.reduce((sum, b) => sum + b.usable, 0n),
    };
  });
  const lease = { ...DEFAULT_LEASE, ...lb.l2?.lease };
  const routingMode = spec.cilium.routingMode ?? 'native';
  const clusterCidr = spec.k3s.clusterCidr ?? DEFAULT_CLUSTER_CIDR;
  const apiHost = spec.k3s.apiServer.host;
  const nodeIps = new Set(nodes.map((n) => n.ip));
  const tlsSan = [...new Set([...(spec.k3s.tlsSan ?? []), ...(nodeIps.has(apiHost) || isLoopback(apiHost) ? [] : [apiHost])])].sort();
  return {
    spec,
    name: spec.name,
    cilium: {
      version: spec.cilium.version,
      caps: ciliumCapabilities(spec.cilium.version) ?? CILIUM_CAPABILITIES[CILIUM_CAPABILITIES.length - 1],
      routingMode,
      tunnelProtocol: spec.cilium.tunnelProtocol ?? 'vxlan',
      ipv4NativeRoutingCIDR: spec.cilium.ipv4NativeRoutingCIDR ?? clusterCidr,
      autoDirectNodeRoutes: spec.cilium.autoDirectNodeRoutes ?? (routingMode === 'native' && nodesShareOneSubnet),
      hubble: { relay: spec.cilium.hubble?.relay ?? false, ui: spec.cilium.hubble?.ui ?? false },
      bandwidthManager: spec.cilium.bandwidthManager ?? false,
      socketLBHostNamespaceOnly: spec.cilium.socketLBHostNamespaceOnly ?? false,
      operatorReplicas: spec.cilium.operatorReplicas ?? (nodes.length === 1 ? 1 : 2),
    },
    k3s: {
      clusterCidr,
      serviceCidr: spec.k3s.serviceCidr ?? DEFAULT_SERVICE_CIDR,
      disable: [...new Set([...ALWAYS_DISABLED, ...(spec.k3s.disable ?? [])])].sort(),
      apiHost,
      apiPort: spec.k3s.apiServer.port ?? DEFAULT_API_PORT,
      tokenFile: spec.k3s.tokenFile,
      tlsSan,
    },
    nodes,
    servers: nodes.filter((n) => n.role === 'server'),
    agents: nodes.filter((n) => n.role === 'agent'),
    nodesShareOneSubnet,
    pools,
    l2Policies,
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
