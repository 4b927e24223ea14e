/** What the real chart must deploy for a resolved cluster: the assertions the chart and property tests share. */
import { expect } from 'vitest';
import type { ResolvedCluster } from '../../src/model/resolved.js';
import { ciliumConfig, containerEnv, find, K8sObject } from '../../tools/upstream/index.js';

/** What cilium-config must say for the cluster: undefined means the key must be absent. */
export function expectedCiliumConfig(c: ResolvedCluster): Record<string, string | undefined> {
  const native = c.cilium.routingMode === 'native';
  const l2 = c.l2Policies.length > 0;
  const lb = c.cilium.serviceLoadBalancing;
  const gateway = c.cilium.gatewayAPI.enabled;
  const pool = c.cilium.ipamMode === 'cluster-pool';
  return {
    'kube-proxy-replacement': 'true',
    ipam: c.cilium.ipamMode,
    // Cluster-pool: k3s's cluster CIDRs in k3s's node range sizes (/24, /64), so pods get the addresses k3s reserves.
    'cluster-pool-ipv4-cidr': pool ? c.k3s.clusterCidrs.filter((x) => !x.includes(':')).join(' ') : undefined,
    'cluster-pool-ipv4-mask-size': pool ? '24' : undefined,
    'cluster-pool-ipv6-cidr': pool && c.dualStack ? c.k3s.clusterCidrs.filter((x) => x.includes(':')).join(' ') : undefined,
    'cluster-pool-ipv6-mask-size': pool && c.dualStack ? '64' : undefined,
    'routing-mode': c.cilium.routingMode,
    'ipv4-native-routing-cidr': native ? c.cilium.ipv4NativeRoutingCIDR : undefined,
    'ipv6-native-routing-cidr': native ? c.cilium.ipv6NativeRoutingCIDR : undefined,
    'auto-direct-node-routes': String(native && c.cilium.autoDirectNodeRoutes),
    // DSR with Geneve dispatch writes tunnelProtocol even with native routing.
    'tunnel-protocol': native && c.cilium.serviceLoadBalancing.dsrDispatch !== 'geneve' ? 'vxlan' : c.cilium.tunnelProtocol,
    'enable-ipv6': String(c.dualStack),
    'enable-l2-announcements': l2 ? 'true' : undefined,
    'l2-announcements-lease-duration': l2 ? c.lease.duration : undefined,
    'l2-announcements-renew-deadline': l2 ? c.lease.renewDeadline : undefined,
    'l2-announcements-retry-period': l2 ? c.lease.retryPeriod : undefined,
    'k8s-client-qps': l2 || c.rateLimit.explicit ? String(c.rateLimit.qps) : undefined,
    'k8s-client-burst': l2 || c.rateLimit.explicit ? String(c.rateLimit.burst) : undefined,
    'enable-bgp-control-plane': c.bgp ? 'true' : undefined,
    'bgp-secrets-namespace': c.bgp ? c.bgp.secretsNamespace : undefined,
    'enable-bandwidth-manager': c.cilium.bandwidthManager ? 'true' : undefined,
    'bpf-lb-sock-hostns-only': c.cilium.socketLBHostNamespaceOnly || (gateway && c.cilium.caps.gatewayApiForcesSocketLbHostNamespaceOnly) ? 'true' : undefined,
    'enable-hubble': String(c.cilium.hubble.enabled),
    'bpf-lb-algorithm': lb.algorithm === 'maglev' ? 'maglev' : undefined,
    'bpf-lb-mode': lb.mode === 'snat' ? undefined : lb.mode,
    'bpf-lb-dsr-dispatch': lb.dsrDispatch,
    'bpf-lb-maglev-table-size': lb.maglevTableSize === undefined ? undefined : String(lb.maglevTableSize),
    // Unset, these differ by release (1.20 writes devices: "", 1.18 no enable-bpf-masquerade): judged only when the file sets them.
    ...(c.cilium.devices !== undefined ? { devices: c.cilium.devices.join(' ') } : {}),
    ...(c.cilium.bpfMasquerade ? { 'enable-bpf-masquerade': 'true' } : {}),
    'enable-ipv4-masquerade': String(c.cilium.ipv4Masquerade),
    'enable-ipv6-masquerade': String(!c.dualStack || c.cilium.ipv6Masquerade),
    'cni-exclusive': String(c.cilium.cniExclusive),
    'enable-bbr': c.cilium.bandwidthManager ? String(c.cilium.bbr) : undefined,
    'datapath-mode': c.cilium.datapathMode,
    'enable-ipv4-big-tcp': String(c.cilium.bigTCP.ipv4),
    'enable-ipv6-big-tcp': String(c.cilium.bigTCP.ipv6),
    mtu: c.cilium.mtu === undefined ? undefined : String(c.cilium.mtu),
    'enable-gateway-api': gateway ? 'true' : undefined,
  };
}

/** Go's %v prints float64 values of 1e21 and more, and integers from 1e6 in YAML-decoded values, with an exponent. */
export const EXPONENT = /^[-+]?[0-9.]+e[-+]?[0-9]+$/i;

/** Asserts that what the chart deployed is what the resolved cluster says. */
export function expectDeploysIntent(objects: readonly K8sObject[], c: ResolvedCluster): void {
  const config = ciliumConfig(objects);
  const expected = expectedCiliumConfig(c);
  expect(Object.fromEntries(Object.keys(expected).map((k) => [k, config[k]]))).toEqual(expected);
  expect(Object.entries(config).filter(([, v]) => EXPONENT.test(String(v)))).toEqual([]);
  for (const key of ['k8s-client-qps', 'k8s-client-burst']) if (config[key] !== undefined) expect(config[key]).toMatch(/^[1-9][0-9]{0,5}$/);

  const agent = find(objects, 'DaemonSet', 'cilium')!;
  for (const container of ['cilium-agent', 'config']) {
    const env = containerEnv(agent, container);
    expect([env.KUBERNETES_SERVICE_HOST, env.KUBERNETES_SERVICE_PORT]).toEqual([c.k3s.apiHost, String(c.k3s.apiPort)]);
  }
  expect(find(objects, 'Deployment', 'cilium-operator')?.spec.replicas).toBe(c.cilium.operatorReplicas);
  expect(find(objects, 'Deployment', 'hubble-relay') !== undefined).toBe(c.cilium.hubble.relay);
  expect(find(objects, 'Deployment', 'hubble-ui') !== undefined).toBe(c.cilium.hubble.ui);
  expect(find(objects, 'Service', 'hubble-peer') !== undefined).toBe(c.cilium.hubble.enabled);
}

