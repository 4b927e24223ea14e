/**
 * k3s-cilium-cdk8s, the construct library: the package's public API. The constructs (one per
 * concept, each usable alone with resolved props), the cluster file's model, the functions that
 * resolve and check it, and the writer of the rendered tree. Everything else is internal and may change.
 *
 * @packageDocumentation
 */
export { K3sCiliumCluster, type K3sCiliumClusterProps } from './k3s-cilium-cluster.js';
export { K3sNodeConfig, type K3sNodeConfigProps } from './k3s-node-config.js';
export { CiliumHelmChart, type CiliumHelmChartProps } from './cilium-helm-chart.js';
export { LoadBalancerPool, type LoadBalancerPoolProps } from './load-balancer-pool.js';
export { L2AnnouncementPolicy, type L2AnnouncementPolicyProps } from './l2-announcement-policy.js';
export { BgpControlPlane, type BgpControlPlaneProps } from './bgp-control-plane.js';
export { RpFilterDaemonSet, type RpFilterDaemonSetProps } from './rp-filter-daemon-set.js';
export type {
  ClusterSpec, CiliumSpec, K3sSpec, NodeSpec, LoadBalancerSpec, PoolSpec, L2PolicySpec, ReservationSpec, BgpSpec, SysctlSpec, LabelSelector,
} from '../src/model/cluster-spec.js';
export { resolveCluster } from '../src/model/resolve/cluster.js';
export type { ResolvedCluster } from '../src/model/resolved.js';
export { checkCluster } from '../src/checks/index.js';
export { formatDiagnostic, type Diagnostic } from '../src/model/diagnostics.js';
export type { ArgoCdApplicationSettings } from '../src/model/resolve/fleet.js';
export { writeTree, type OutputOptions } from '../src/write/tree.js';
