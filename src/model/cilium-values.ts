/**
 * The Cilium Helm values, used verbatim by both the k3s HelmChart (`valuesContent`) and
 * `cilium/values.yaml`. Only keys the target chart reads; never the removed `tunnel`,
 * `nodePort.enabled`, `hostPort.enabled`, `externalIPs.enabled` or `kubeProxyReplacement: strict`.
 */
import { K3S_NODE_CIDR_MASK } from './defaults.js';
import { parseCidr } from './ip.js';
import { setOwn } from './records.js';
import type { ResolvedCluster } from './resolved.js';

/** What the values are computed from: the resolved cluster without its values. */
export type CiliumValuesInput = Pick<ResolvedCluster, 'k3s' | 'dualStack' | 'bgp' | 'l2Policies' | 'lease' | 'rateLimit'> & {
  cilium: Omit<ResolvedCluster['cilium'], 'values'>;
};

export function ciliumValues(cluster: CiliumValuesInput): Record<string, unknown> {
  const c = cluster.cilium;
  const l2 = cluster.l2Policies.length > 0;
  const routing = c.routingMode === 'native'
    ? {
      routingMode: 'native',
      ipv4NativeRoutingCIDR: c.ipv4NativeRoutingCIDR,
      ...(c.ipv6NativeRoutingCIDR !== undefined ? { ipv6NativeRoutingCIDR: c.ipv6NativeRoutingCIDR } : {}),
      autoDirectNodeRoutes: c.autoDirectNodeRoutes,
      // DSR with Geneve dispatch builds its Geneve device from tunnelProtocol even with native routing (cilium/cilium#30854).
      ...(c.serviceLoadBalancing.dsrDispatch === 'geneve' ? { tunnelProtocol: c.tunnelProtocol } : {}),
    }
    : { routingMode: 'tunnel', tunnelProtocol: c.tunnelProtocol };
  return {
    // No kube-proxy: Cilium serves Services itself and must reach the API without the kubernetes ClusterIP.
    kubeProxyReplacement: true,
    k8sServiceHost: cluster.k3s.apiHost,
    k8sServicePort: cluster.k3s.apiPort,
    // k3s allocates each node's pod CIDR from cluster-cidr; Cilium's default cluster-pool (10.0.0.0/8) would not match it.
    ipam: c.ipamMode === 'kubernetes' ? { mode: 'kubernetes' } : clusterPool(cluster.k3s.clusterCidrs),
    ...routing,
    // IPv4 is on by default; dual-stack adds IPv6 (pod and Service addresses, NDP for L2 announcements).
    ...(cluster.dualStack ? { ipv6: { enabled: true } } : {}),
    ...(cluster.bgp ? {
      // The agents read authSecretRef Secrets only from this namespace; passwords are never in these values.
      bgpControlPlane: { enabled: true, secretsNamespace: { name: cluster.bgp.secretsNamespace } },
    } : {}),
    ...(l2 ? {
      l2announcements: {
        enabled: true,
        leaseDuration: cluster.lease.duration,
        leaseRenewDeadline: cluster.lease.renewDeadline,
        leaseRetryPeriod: cluster.lease.retryPeriod,
      },
      // Every announced IP is a Lease renewed by the agent: size the API client for them (PLAN.md shows the arithmetic).
      k8sClientRateLimit: { qps: cluster.rateLimit.qps, burst: cluster.rateLimit.burst },
    } : {}),
    hubble: { enabled: c.hubble.enabled, relay: { enabled: c.hubble.relay }, ui: { enabled: c.hubble.ui } },
    ...(c.bandwidthManager ? { bandwidthManager: { enabled: true, ...(c.bbr ? { bbr: true } : {}) } } : {}),
    // Gateway API on 1.20 forces it in the chart: writing it too would be a dead key.
    ...(c.socketLBHostNamespaceOnly && !(c.gatewayAPI.enabled && c.caps.gatewayApiForcesSocketLbHostNamespaceOnly)
      ? { socketLB: { hostNamespaceOnly: true } } : {}),
    // The operator's required pod anti-affinity leaves a second replica Pending on a one-node cluster.
    operator: { replicas: c.operatorReplicas },
    ...datapathValues(cluster),
  };
}

/**
 * Cluster-pool IPAM over k3s's cluster CIDRs with k3s's node range sizes, so pods get the addresses k3s
 * routes and reserves (Cilium's k3s guide: `clusterPoolIPv4PodCIDRList` = the cluster CIDR). The IPv4
 * size equals the chart's default (24) and is left out; IPv6's default (120) would be 2^64 node ranges of a /56.
 */
function clusterPool(clusterCidrs: readonly string[]): Record<string, unknown> {
  const [v4, v6] = ([4, 6] as const).map((family) => clusterCidrs.filter((c) => parseCidr(c)?.family === family));
  return {
    mode: 'cluster-pool',
    operator: {
      clusterPoolIPv4PodCIDRList: v4,
      ...(v6.length > 0 ? { clusterPoolIPv6PodCIDRList: v6, clusterPoolIPv6MaskSize: K3S_NODE_CIDR_MASK[6] } : {}),
    },
  };
}

/**
 * The datapath choices, each written only when it differs from the chart's and agent's default, so
 * every key rendered changes what the chart deploys (test/upstream/dead-keys.test.ts). Keys per
 * release are the same on 1.18–1.20 (values.yaml of each; `devices` and the `loadBalancer` and
 * `maglev` keys are documented there as commented-out keys).
 */
function datapathValues(cluster: CiliumValuesInput): Record<string, unknown> {
  const c = cluster.cilium;
  const lb = c.serviceLoadBalancing;
  const loadBalancer = {
    ...(lb.algorithm !== 'random' ? { algorithm: lb.algorithm } : {}),
    ...(lb.mode !== 'snat' ? { mode: lb.mode } : {}),
    ...(lb.dsrDispatch !== undefined ? { dsrDispatch: lb.dsrDispatch } : {}),
  };
  const bpf = {
    ...(c.bpfMasquerade ? { masquerade: true } : {}),
    ...(c.datapathMode !== 'veth' ? { datapathMode: c.datapathMode } : {}),
  };
  // An explicit rate limit is written even without L2 announcements. With them, the L2 values above
  // wrote this key already with the same numbers (rateLimit carries the explicit ones), and writing
  // it again keeps its place: so no condition on the policies.
  const explicitRateLimit = cluster.rateLimit.explicit;
  return {
    ...(Object.keys(loadBalancer).length > 0 ? { loadBalancer } : {}),
    ...(lb.maglevTableSize !== undefined ? { maglev: { tableSize: lb.maglevTableSize } } : {}),
    ...(c.devices !== undefined ? { devices: [...c.devices] } : {}),
    ...(Object.keys(bpf).length > 0 ? { bpf } : {}),
    ...(!c.ipv4Masquerade ? { enableIPv4Masquerade: false } : {}),
    ...(cluster.dualStack && !c.ipv6Masquerade ? { enableIPv6Masquerade: false } : {}),
    ...(!c.cniExclusive ? { cni: { exclusive: false } } : {}),
    ...(c.bigTCP.ipv4 ? { enableIPv4BIGTCP: true } : {}),
    ...(c.bigTCP.ipv6 ? { enableIPv6BIGTCP: true } : {}),
    ...(c.mtu !== undefined ? { MTU: c.mtu } : {}),
    ...(c.gatewayAPI.enabled ? { gatewayAPI: { enabled: true } } : {}),
    ...(explicitRateLimit ? { k8sClientRateLimit: { qps: cluster.rateLimit.qps, burst: cluster.rateLimit.burst } } : {}),
  };
}

/** A plain map (not a list or scalar). */
function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The model's values with `cilium.values` merged last, map into map (Helm's own coalescing of
 * values files); lists and scalars of the overlay replace. Check 35 refuses overlay keys the model
 * writes, so in a valid cluster the overlay only adds.
 */
export function mergeValues(base: Readonly<Record<string, unknown>>, overlay: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    const current = Object.hasOwn(out, k) ? out[k] : undefined;
    setOwn(out, k, isMap(current) && isMap(v) ? mergeValues(current, v) : v);
  }
  return out;
}
