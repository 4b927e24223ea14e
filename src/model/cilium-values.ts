/**
 * The Cilium Helm values, used verbatim by both the k3s HelmChart (`valuesContent`) and
 * `cilium/values.yaml`. Only keys the target chart reads; never the removed `tunnel`,
 * `nodePort.enabled`, `hostPort.enabled`, `externalIPs.enabled` or `kubeProxyReplacement: strict`.
 */
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
    }
    : { routingMode: 'tunnel', tunnelProtocol: c.tunnelProtocol };
  return {
    // No kube-proxy: Cilium serves Services itself and must reach the API without the kubernetes ClusterIP.
    kubeProxyReplacement: true,
    k8sServiceHost: cluster.k3s.apiHost,
    k8sServicePort: cluster.k3s.apiPort,
    // k3s allocates each node's pod CIDR from cluster-cidr; Cilium's default cluster-pool (10.0.0.0/8) would not match it.
    ipam: { mode: 'kubernetes' },
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
    hubble: { enabled: true, relay: { enabled: c.hubble.relay }, ui: { enabled: c.hubble.ui } },
    ...(c.bandwidthManager ? { bandwidthManager: { enabled: true } } : {}),
    ...(c.socketLBHostNamespaceOnly ? { socketLB: { hostNamespaceOnly: true } } : {}),
    // The operator's required pod anti-affinity leaves a second replica Pending on a one-node cluster.
    operator: { replicas: c.operatorReplicas },
  };
}
