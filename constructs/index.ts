/**
 * k3s-cilium-cdk8s, the construct library: the package's public API. The constructs (one per
 * concept, each usable alone with resolved props) with every props type their props refer to, the
 * cluster file's model (what `K3sCiliumClusterProps.spec` holds), diagnostics, and the writer of the
 * rendered tree. The resolved model and everything else is internal and may change.
 *
 * @packageDocumentation
 */
export { K3sCiliumCluster, type K3sCiliumClusterProps } from './k3s-cilium-cluster.js';
export { K3sNodeConfig, type K3sNodeConfigProps } from './k3s-node-config.js';
export { CiliumHelmChart, type CiliumHelmChartProps } from './cilium-helm-chart.js';
export { LoadBalancerPool, type LoadBalancerPoolProps, type LoadBalancerPoolBlock } from './load-balancer-pool.js';
export { L2AnnouncementPolicy, type L2AnnouncementPolicyProps } from './l2-announcement-policy.js';
export { BgpControlPlane, type BgpControlPlaneProps } from './bgp-control-plane.js';
export type { BgpClusterConfigProps, BgpClusterConfigPeer } from './bgp-cluster-config.js';
export type { BgpPeerConfigProps } from './bgp-peer-config.js';
export type { BgpPoolAdvertisementProps } from './bgp-pool-advertisement.js';
export type { BgpPodCidrAdvertisementProps } from './bgp-pod-cidr-advertisement.js';
export type { BgpNodeConfigOverrideProps, BgpNodeConfigOverridePeer } from './bgp-node-config-override.js';
export { RpFilterDaemonSet, type RpFilterDaemonSetProps } from './rp-filter-daemon-set.js';
export type {
  ClusterSpec, CiliumSpec, ServiceLoadBalancingSpec, BigTcpSpec, GatewayApiSpec, K8sClientRateLimitSpec, HubbleSpec,
  K3sSpec, DatastoreSpec, K3sExtraConfigSpec, ApiServerSpec, NodeSpec, NodeTaint, KubeletArg, NodeBgpSpec,
  LoadBalancerSpec, PoolSpec, PoolBlockSpec, L2Spec, L2LeaseSpec, L2PolicySpec, ReservationSpec, ReservedRangeSpec,
  SysctlSpec, BgpSpec, BgpPeerSpec, BgpPeerConfigSpec, BgpTimersSpec, BgpGracefulRestartSpec, LabelSelector, LabelSelectorRequirement,
} from '../src/model/cluster-spec.js';
export { formatDiagnostic, type Diagnostic } from '../src/model/diagnostics.js';
export type { ArgoCdApplicationSettings } from '../src/model/resolve/fleet.js';
export type { FleetDestination } from '../src/model/fleet-spec.js';
export { writeTree, type OutputOptions } from '../src/write/tree.js';
