/**
 * Datapath choices of the cluster file with their defaults applied, and the k3s `disable` list
 * they shape. Prerequisites between them are checked by checks 32 and 37, not here.
 */
import type { BigTcpSpec, ClusterSpec, GatewayApiSpec, ServiceLoadBalancingSpec } from '../cluster-spec.js';
import { CLUSTER_DEFAULTS, K3S_ALWAYS_DISABLED } from '../defaults.js';
import { K3S_NOOP_DISABLE_ITEMS } from '../k3s.js';
import { k3sCapabilities } from '../k3s-versions.js';
import type { ResolvedCluster } from '../resolved.js';

type Datapath = Pick<ResolvedCluster['cilium'], 'serviceLoadBalancing' | 'devices' | 'bpfMasquerade' | 'ipv4Masquerade' | 'ipv6Masquerade'
  | 'cniExclusive' | 'bbr' | 'datapathMode' | 'bigTCP' | 'mtu'>;

/** The datapath fields, defaults applied. */
export function resolveDatapath(spec: ClusterSpec): Datapath {
  const c = spec.cilium;
  const lb: ServiceLoadBalancingSpec = c.serviceLoadBalancing ?? CLUSTER_DEFAULTS['cilium.serviceLoadBalancing'];
  const bigTCP: BigTcpSpec = c.bigTCP ?? CLUSTER_DEFAULTS['cilium.bigTCP'];
  return {
    serviceLoadBalancing: {
      algorithm: lb.algorithm ?? CLUSTER_DEFAULTS['cilium.serviceLoadBalancing.algorithm'],
      mode: lb.mode ?? CLUSTER_DEFAULTS['cilium.serviceLoadBalancing.mode'],
      ...(lb.maglevTableSize !== undefined ? { maglevTableSize: lb.maglevTableSize } : {}),
      ...(lb.dsrDispatch !== undefined ? { dsrDispatch: lb.dsrDispatch } : {}),
    },
    ...(c.devices !== undefined ? { devices: c.devices } : {}),
    bpfMasquerade: c.bpfMasquerade ?? CLUSTER_DEFAULTS['cilium.bpfMasquerade'],
    ipv4Masquerade: c.ipv4Masquerade ?? CLUSTER_DEFAULTS['cilium.ipv4Masquerade'],
    ipv6Masquerade: c.ipv6Masquerade ?? CLUSTER_DEFAULTS['cilium.ipv6Masquerade'],
    cniExclusive: c.cniExclusive ?? CLUSTER_DEFAULTS['cilium.cniExclusive'],
    bbr: c.bbr ?? CLUSTER_DEFAULTS['cilium.bbr'],
    datapathMode: c.datapathMode ?? CLUSTER_DEFAULTS['cilium.datapathMode'],
    bigTCP: { ipv4: bigTCP.ipv4 ?? CLUSTER_DEFAULTS['cilium.bigTCP.ipv4'], ipv6: bigTCP.ipv6 ?? CLUSTER_DEFAULTS['cilium.bigTCP.ipv6'] },
    ...(c.mtu !== undefined ? { mtu: c.mtu } : {}),
  };
}

/** Gateway API with its CRD owner: k3s where the pinned release ships the CRDs, else the user. */
export function resolveGatewayApi(spec: ClusterSpec): ResolvedCluster['cilium']['gatewayAPI'] {
  const g: GatewayApiSpec = spec.cilium.gatewayAPI ?? CLUSTER_DEFAULTS['cilium.gatewayAPI'];
  const k3sShipsCrds = spec.k3s.version !== undefined && k3sCapabilities(spec.k3s.version)?.gatewayApiCrds === true;
  return { enabled: g.enabled ?? CLUSTER_DEFAULTS['cilium.gatewayAPI.enabled'], crds: g.crds ?? (k3sShipsCrds ? 'k3s' : 'user') };
}

/**
 * The rendered `disable` list: servicelb always, the file's entries except those that are no-ops
 * (flannel, kube-proxy, network-policy: the flags every server config sets already turn them off;
 * check 25 notes them), and k3s's own Gateway API CRDs when the user installs theirs (else k3s's
 * chart takes them over: `takeOwnership: true`).
 */
export function k3sDisable(items: readonly string[], disableGatewayApiCrds: boolean): string[] {
  const kept = items.filter((i) => !Object.hasOwn(K3S_NOOP_DISABLE_ITEMS, i));
  return [...new Set([...K3S_ALWAYS_DISABLED, ...kept, ...(disableGatewayApiCrds ? ['gateway-api-crd'] : [])])].sort();
}
