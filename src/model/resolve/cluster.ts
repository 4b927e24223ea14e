/**
 * `resolveCluster`: the cluster file with every default applied and every derived fact computed
 * once (see resolved.ts). The order below is the order facts depend on each other: nodes → the
 * k3s facts and node configs → L2 policies (nodes they select) → pools (policies serving them) →
 * reservations (pools holding them) → BGP (speakers, peers in pools) → rate limit → Helm values.
 */
import { PoolBlockIndex } from '../address-index.js';
import { ciliumCapabilitiesOrNewest } from '../cilium-versions.js';
import { ciliumValues, mergeValues } from '../cilium-values.js';
import type { ClusterSpec, HubbleSpec, K8sClientRateLimitSpec, LoadBalancerSpec, SysctlSpec } from '../cluster-spec.js';
import {
  CILIUM_AGENT_DEFAULT_BURST, CILIUM_AGENT_DEFAULT_QPS, CLUSTER_DEFAULTS, K8S_CLIENT_QPS_MAX, K3S_LOCAL_API_LB_PORT, K3S_SUPERVISOR_PORT,
  RP_FILTER_IMAGE, RP_FILTER_INTERVAL_SECONDS, RP_FILTER_NAMESPACE,
} from '../defaults.js';
import { parseGoDuration } from '../go-duration.js';
import { IpFamily, parseCidr } from '../ip.js';
import { isLoopback, joinUrl, urlHost } from '../k3s.js';
import { k3sCapabilities } from '../k3s-versions.js';
import { k3sNodeConfig } from '../k3s-config.js';
import { compileRe2, re2NameFilter } from '../regex.js';
import type { RateLimit, ResolvedCluster, ResolvedNode, ResolvedPool, ResolvedReservation } from '../resolved.js';
import { compatibleIndex, matchingIndex } from '../selector-index.js';
import { resolveBgp, poolAdvertisements } from './bgp.js';
import { blockRange, commaList } from './blocks.js';
import { k3sDisable, resolveDatapath, resolveGatewayApi } from './datapath.js';
import { resolveL2Policy } from './l2.js';
import { resolveNodeBase, shareOneSubnet } from './nodes.js';
import { PoolDraft, resolvePool } from './pools.js';
import { resolveReservation } from './reservations.js';

/** The first entry of a CIDR list in the given family, if any. */
function cidrOfFamily(cidrs: readonly string[], family: IpFamily): string | undefined {
  return cidrs.find((c) => parseCidr(c)?.family === family);
}

/** How many Services the primary Service CIDR can give a ClusterIP: its size (a safe integer for any prefix). */
function serviceCidrCapacity(serviceCidrs: readonly string[]): number {
  const primary = parseCidr(serviceCidrs[0] ?? '');
  const size = primary ? primary.last - primary.first + 1n : undefined;
  return size === undefined || size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(size);
}

function rateLimit(
  l2ServiceCount: number | undefined, pools: readonly ResolvedPool[], renewDeadline: string, serviceCidrs: readonly string[], explicit?: K8sClientRateLimitSpec,
): RateLimit {
  const poolAddresses = pools.filter((p) => p.l2).reduce((sum, p) => sum + p.usable, 0n);
  const capacity = serviceCidrCapacity(serviceCidrs);
  // Every LoadBalancer Service takes a ClusterIP: a pool larger than the Service CIDR cannot be used up.
  const services = l2ServiceCount ?? Number(poolAddresses < BigInt(capacity) ? poolAddresses : BigInt(capacity));
  const renewDeadlineSeconds = parseGoDuration(renewDeadline) ?? 5;
  // Cilium's L2 docs: QPS = #services / leaseRenewDeadline; burst "slightly higher". Never below the agent defaults.
  const formula = Math.max(CILIUM_AGENT_DEFAULT_QPS, Math.ceil(services / renewDeadlineSeconds));
  const qps = explicit?.qps ?? Math.min(formula, K8S_CLIENT_QPS_MAX);
  const burst = explicit?.burst ?? Math.max(CILIUM_AGENT_DEFAULT_BURST, qps * 2);
  return {
    services, servicesFromPools: l2ServiceCount === undefined, poolAddresses, serviceCidrCapacity: capacity, renewDeadlineSeconds, qps, burst,
    ...(!explicit && formula > qps ? { uncappedQps: formula } : {}),
    explicit: explicit !== undefined,
  };
}

/** Applies every default and derives every fact the checks, constructs and PLAN.md read. */
export function resolveCluster(spec: ClusterSpec): ResolvedCluster {
  const bases = (spec.nodes ?? []).map(resolveNodeBase);
  const servers = bases.filter((n) => n.role === 'server');
  const lb: LoadBalancerSpec = spec.loadBalancer ?? CLUSTER_DEFAULTS.loadBalancer;
  const sysctlSpec: SysctlSpec = spec.sysctls ?? CLUSTER_DEFAULTS.sysctls;

  const clusterCidrs = commaList(spec.k3s.clusterCidr ?? CLUSTER_DEFAULTS['k3s.clusterCidr']);
  const serviceCidrs = commaList(spec.k3s.serviceCidr ?? CLUSTER_DEFAULTS['k3s.serviceCidr']);
  const ipv6ClusterCidr = cidrOfFamily(clusterCidrs, 6);
  const dualStack = ipv6ClusterCidr !== undefined;
  const gatewayAPI = resolveGatewayApi(spec);
  const apiHost = spec.k3s.apiServer.host;
  // Loopback reaches k3s's local API load balancer; anything else the supervisor port.
  const apiPort = spec.k3s.apiServer.port ?? (isLoopback(apiHost) ? K3S_LOCAL_API_LB_PORT : K3S_SUPERVISOR_PORT);
  const nodeIps = new Set(bases.flatMap((n) => n.addresses.map((a) => a.ip)));
  const join = spec.k3s.joinUrl ?? joinUrl(apiHost, apiPort, servers[0]?.ip);
  const joinHost = urlHost(join);
  // The API host and the join host must be in the certificate unless they are a node's own IP or loopback.
  const sans = [apiHost, joinHost].filter((h) => !nodeIps.has(h) && !isLoopback(h));
  const k3sCaps = spec.k3s.version === undefined ? undefined : k3sCapabilities(spec.k3s.version);
  const tlsSanAsWritten = spec.k3s.tlsSan ?? CLUSTER_DEFAULTS['k3s.tlsSan'];
  const k3s = {
    clusterCidrs,
    serviceCidrs,
    disable: k3sDisable(spec.k3s.disable ?? CLUSTER_DEFAULTS['k3s.disable'], gatewayAPI.enabled && gatewayAPI.crds === 'user' && k3sCaps?.gatewayApiCrds === true),
    apiHost,
    apiPort,
    tokenFile: spec.k3s.tokenFile,
    tlsSan: [...new Set([...tlsSanAsWritten, ...sans])].sort(),
    tlsSanAsWritten,
    joinUrl: join,
    joinUrlFromSpec: spec.k3s.joinUrl !== undefined,
    joinHost,
    version: spec.k3s.version,
    caps: k3sCaps,
    datastore: { ...spec.k3s.datastore, type: spec.k3s.datastore?.type ?? (servers.length > 1 ? 'etcd' as const : 'sqlite' as const) },
    extraConfig: {
      server: spec.k3s.extraConfig?.server ?? CLUSTER_DEFAULTS['k3s.extraConfig.server'],
      agent: spec.k3s.extraConfig?.agent ?? CLUSTER_DEFAULTS['k3s.extraConfig.agent'],
    },
  };

  const sysctlInterfaces = sysctlSpec.interfaces ?? CLUSTER_DEFAULTS['sysctls.interfaces'];
  const sysctlPatterns = sysctlInterfaces.map(compileRe2);
  const rpFilterInterface = re2NameFilter(sysctlPatterns);
  // Object.assign, not a spread followed by keys: that gives every node a hidden class of its own (src/model/records.ts).
  const nodes: ResolvedNode[] = bases.map((base) => Object.assign({}, base, {
    rpFilterInterfaces: base.interfaces.filter(rpFilterInterface),
    k3sConfig: k3sNodeConfig(k3s, base, servers),
  }));
  // One rule for every node selector (L2 policies, BGP): the labels a node carries once registered.
  const selectNodes = matchingIndex(nodes, (n) => n.selectorLabels);

  const l2Policies = (lb.l2?.policies ?? CLUSTER_DEFAULTS['loadBalancer.l2.policies']).map((p, i) => resolveL2Policy(p, i, selectNodes));
  // An L2 policy serves a pool when it announces LoadBalancer IPs and some Service could match both selectors.
  const servingPolicies = compatibleIndex(l2Policies.filter((p) => p.loadBalancerIPs), (p) => p.serviceSelector);
  // A cluster that peers over BGP and has no L2 announcements means BGP for every pool it does not mark otherwise.
  const defaultAnnounce = lb.bgp !== undefined && lb.l2 === undefined ? 'bgp' : 'l2';
  const pools: PoolDraft[] = (lb.pools ?? CLUSTER_DEFAULTS['loadBalancer.pools']).map((p, i) => resolvePool(p, i, defaultAnnounce, servingPolicies));
  const poolAddresses = new PoolBlockIndex<ResolvedPool>(pools);

  const reservations: ResolvedReservation[] = (lb.reservations ?? CLUSTER_DEFAULTS['loadBalancer.reservations'])
    .map((r, i) => resolveReservation(r, i, poolAddresses));
  // Each reservation belongs to the first pool holding its address: the drafts take their lists whole.
  const reservationsByPool = new Map<number, ResolvedReservation[]>(pools.map((p) => [p.index, []]));
  for (const r of reservations) if (r.blocks.length > 0) reservationsByPool.get(r.blocks[0].pool.index)!.push(r);
  for (const pool of pools) pool.reservations = reservationsByPool.get(pool.index)!;

  const bgp = lb.bgp && resolveBgp(lb.bgp, dualStack, nodes, selectNodes, poolAddresses);
  if (bgp) {
    const bgpPools = compatibleIndex(pools.filter((p) => p.bgp), (p) => p.serviceSelector);
    const poolAdvertisement = poolAdvertisements(bgp);
    for (const pool of pools) {
      if (pool.bgp) pool.bgpAdvertisement = poolAdvertisement(pool);
      if (pool.announce === 'l2') pool.bgpPoolsSelectingItsServices = bgpPools(pool.serviceSelector);
    }
  }

  const lease = {
    duration: lb.l2?.lease?.duration ?? CLUSTER_DEFAULTS['loadBalancer.l2.lease.duration'],
    renewDeadline: lb.l2?.lease?.renewDeadline ?? CLUSTER_DEFAULTS['loadBalancer.l2.lease.renewDeadline'],
    retryPeriod: lb.l2?.lease?.retryPeriod ?? CLUSTER_DEFAULTS['loadBalancer.l2.lease.retryPeriod'],
  };
  const routingMode = spec.cilium.routingMode ?? CLUSTER_DEFAULTS['cilium.routingMode'];
  const nodesShareOneSubnet = shareOneSubnet(bases);
  const hubble: HubbleSpec = spec.cilium.hubble ?? CLUSTER_DEFAULTS['cilium.hubble'];
  const cilium = {
    version: spec.cilium.version,
    caps: ciliumCapabilitiesOrNewest(spec.cilium.version),
    routingMode,
    ipamMode: spec.cilium.ipamMode ?? CLUSTER_DEFAULTS['cilium.ipamMode'],
    tunnelProtocol: spec.cilium.tunnelProtocol ?? CLUSTER_DEFAULTS['cilium.tunnelProtocol'],
    ipv4NativeRoutingCIDR: spec.cilium.ipv4NativeRoutingCIDR ?? cidrOfFamily(clusterCidrs, 4) ?? clusterCidrs[0],
    ipv6NativeRoutingCIDR: dualStack ? spec.cilium.ipv6NativeRoutingCIDR ?? ipv6ClusterCidr : undefined,
    autoDirectNodeRoutes: spec.cilium.autoDirectNodeRoutes ?? (routingMode === 'native' && nodesShareOneSubnet),
    hubble: {
      enabled: hubble.enabled ?? CLUSTER_DEFAULTS['cilium.hubble.enabled'],
      relay: hubble.relay ?? CLUSTER_DEFAULTS['cilium.hubble.relay'],
      ui: hubble.ui ?? CLUSTER_DEFAULTS['cilium.hubble.ui'],
    },
    bandwidthManager: spec.cilium.bandwidthManager ?? CLUSTER_DEFAULTS['cilium.bandwidthManager'],
    socketLBHostNamespaceOnly: spec.cilium.socketLBHostNamespaceOnly ?? CLUSTER_DEFAULTS['cilium.socketLBHostNamespaceOnly'],
    // The operator's required anti-affinity leaves a second replica Pending on a single node.
    operatorReplicas: spec.cilium.operatorReplicas ?? (nodes.length === 1 ? 1 : 2),
    ...resolveDatapath(spec),
    gatewayAPI,
    overlay: spec.cilium.values ?? CLUSTER_DEFAULTS['cilium.values'],
  };
  const rates = rateLimit(spec.cilium.l2ServiceCount, pools, lease.renewDeadline, serviceCidrs, spec.cilium.k8sClientRateLimit);
  return {
    spec,
    name: spec.name,
    cilium: { ...cilium, values: mergeValues(ciliumValues({ cilium, k3s, dualStack, bgp, l2Policies, lease, rateLimit: rates }), cilium.overlay) },
    dualStack,
    k3s,
    nodes,
    servers: nodes.filter((n) => n.role === 'server'),
    agents: nodes.filter((n) => n.role === 'agent'),
    nodesShareOneSubnet,
    pools,
    poolAddresses,
    l2Policies,
    bgp,
    lease,
    reservations,
    reserved: (lb.reserved ?? CLUSTER_DEFAULTS['loadBalancer.reserved']).map((r, index) => ({ spec: r, index, name: r.name, range: blockRange(r) })),
    rateLimit: rates,
    sysctls: {
      rpFilter: sysctlSpec.rpFilter ?? CLUSTER_DEFAULTS['sysctls.rpFilter'],
      interfaces: sysctlInterfaces,
      interfacePatterns: sysctlPatterns,
      intervalSeconds: RP_FILTER_INTERVAL_SECONDS,
      image: RP_FILTER_IMAGE,
      namespace: RP_FILTER_NAMESPACE,
    },
  };
}
