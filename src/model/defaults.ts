/**
 * Every default value the model applies, in one place. The literal defaults of the input files are
 * keyed by field path (`[]` stands for every item of a list) and equal the `@default` tags of the
 * spec interfaces, which the generated schemas carry (a test compares the two). Defaults computed
 * from other fields are computed in `resolve/`, which is the only reader of this file's tables.
 */

/** Literal defaults of the cluster file. */
export const CLUSTER_DEFAULTS = {
  'cilium.routingMode': 'native',
  'cilium.ipamMode': 'kubernetes',
  'cilium.tunnelProtocol': 'vxlan',
  'cilium.hubble': {},
  'cilium.hubble.enabled': true,
  'cilium.hubble.relay': false,
  'cilium.hubble.ui': false,
  'cilium.bandwidthManager': false,
  'cilium.socketLBHostNamespaceOnly': false,
  'cilium.serviceLoadBalancing': {},
  'cilium.serviceLoadBalancing.algorithm': 'random',
  'cilium.serviceLoadBalancing.mode': 'snat',
  'cilium.bpfMasquerade': false,
  'cilium.ipv4Masquerade': true,
  'cilium.ipv6Masquerade': true,
  'cilium.cniExclusive': true,
  'cilium.bbr': false,
  'cilium.datapathMode': 'veth',
  'cilium.bigTCP': {},
  'cilium.bigTCP.ipv4': false,
  'cilium.bigTCP.ipv6': false,
  'cilium.gatewayAPI': {},
  'cilium.gatewayAPI.enabled': false,
  'cilium.values': {},
  'k3s.clusterCidr': '10.42.0.0/16',
  'k3s.serviceCidr': '10.43.0.0/16',
  'k3s.disable': [],
  'k3s.tlsSan': [],
  'k3s.extraConfig': {},
  'k3s.extraConfig.server': {},
  'k3s.extraConfig.agent': {},
  'nodes[].interfaces': ['eth0'],
  'nodes[].labels': {},
  'nodes[].taints': [],
  'nodes[].kubeletArgs': [],
  'nodes[].bgp.localAddresses': [],
  'loadBalancer': {},
  'loadBalancer.pools': [],
  'loadBalancer.pools[].allowFirstLastIPs': true,
  'loadBalancer.pools[].disabled': false,
  'loadBalancer.l2.policies': [],
  'loadBalancer.l2.lease': {},
  'loadBalancer.l2.lease.duration': '15s',
  'loadBalancer.l2.lease.renewDeadline': '5s',
  'loadBalancer.l2.lease.retryPeriod': '2s',
  'loadBalancer.l2.policies[].externalIPs': false,
  'loadBalancer.l2.policies[].loadBalancerIPs': false,
  'loadBalancer.reservations': [],
  'loadBalancer.reservations[].labels': {},
  'loadBalancer.reservations[].sharingCrossNamespace': [],
  'loadBalancer.reservations[].externalTrafficPolicy': 'Cluster',
  'loadBalancer.reserved': [],
  'loadBalancer.bgp.advertisePodCIDRs': false,
  'loadBalancer.bgp.secretsNamespace': 'kube-system',
  'loadBalancer.bgp.peerConfigs[].timers.holdTimeSeconds': 90,
  'loadBalancer.bgp.peerConfigs[].timers.keepAliveTimeSeconds': 30,
  'loadBalancer.bgp.peerConfigs[].timers.connectRetryTimeSeconds': 120,
  'loadBalancer.bgp.peerConfigs[].gracefulRestart.restartTimeSeconds': 120,
  'sysctls': {},
  'sysctls.rpFilter': 0,
  'sysctls.interfaces': ['^eth[0-9]+'],
} as const;

/** Literal defaults of the fleet file. */
export const FLEET_DEFAULTS = {
  targetRevision: 'HEAD',
  source: 'dist',
  distPath: 'dist',
  clustersPath: 'clusters',
  namespace: 'argocd',
  project: 'default',
  destination: { server: 'https://kubernetes.default.svc' },
  clusters: {},
} as const;

/** k3s's supervisor and API server port on servers; what joining nodes and a VIP use. */
export const K3S_SUPERVISOR_PORT = 6443;
/** k3s's client-side API load balancer on every node (agents) and the apiserver's loopback port (servers). */
export const K3S_LOCAL_API_LB_PORT = 6444;
/** The pod range k3s's kube-controller-manager gives each node, per family (node-cidr-mask-size defaults). */
export const K3S_NODE_CIDR_MASK: Readonly<Record<4 | 6, number>> = { 4: 24, 6: 64 };
/** Packaged k3s components that are always off: Cilium replaces them. */
export const K3S_ALWAYS_DISABLED = ['servicelb'] as const;

/** The Cilium agent's own client rate limit default (1.18–1.20, pkg/defaults). */
export const CILIUM_AGENT_DEFAULT_QPS = 10;
export const CILIUM_AGENT_DEFAULT_BURST = 20;
/**
 * The largest k8sClientRateLimit QPS rendered (burst is twice it). Helm decodes a values file's
 * numbers as float64 and the chart prints them with %v, which writes 1,000,000 and more with an
 * exponent (`1e+06`), a flag value the agent cannot parse; 499,999 keeps burst below that.
 */
export const K8S_CLIENT_QPS_MAX = 499_999;

/**
 * busybox from the k3s airgap image list (present on k3s nodes before any registry is reachable),
 * pinned by the digest of its multi-architecture index (k3s's own e2e tests pin the same). Verify
 * with `crane digest docker.io/rancher/mirrored-library-busybox:1.37.0`, on a node with
 * `k3s crictl images --digests`.
 */
export const RP_FILTER_IMAGE = 'rancher/mirrored-library-busybox:1.37.0@sha256:101b4afd76732482eff9b95cae5f94bcf295e521fbec4e01b69c5421f3f3f3e5';
/** Seconds between the rp-filter DaemonSet's re-checks. */
export const RP_FILTER_INTERVAL_SECONDS = 30;
/** kube-system always admits system-node-critical pods, and host-network, hostPath pods (Pod Security `privileged`). */
export const RP_FILTER_NAMESPACE = 'kube-system';
/** Name of the rp-filter DaemonSet (and its pods' app label). */
export const RP_FILTER_NAME = 'rp-filter';
