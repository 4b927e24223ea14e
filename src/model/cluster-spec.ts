/**
 * The cluster file's model: what `clusters/<name>.yaml` holds, and what the TypeScript API takes.
 *
 * `schema/cluster.schema.json` is generated from these interfaces (`npm run schema`), so the doc
 * comments below are what an editor shows on hover: one line of meaning, then the default. A
 * literal default is an `@default` tag (the schema carries it; `defaults.ts` holds the same values
 * for the resolver, and a test keeps the two equal); a default computed from other fields is
 * described in words ("Default: …") and computed in `resolve/`.
 */

/** A Kubernetes label selector, as in `metav1.LabelSelector`. */
export interface LabelSelector {
  /** Labels that must all be present with these values. */
  matchLabels?: Record<string, string>;
  /** Set-based requirements, all of which must hold. */
  matchExpressions?: LabelSelectorRequirement[];
}

/** One set-based requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  key: string;
  /** How the key relates to the values. */
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /** Values for `In`/`NotIn`; empty for `Exists`/`DoesNotExist`. */
  values?: string[];
}

/** The whole cluster: one file, one `dist/<name>/` tree. */
export interface ClusterSpec {
  /**
   * Cluster name, a DNS-1123 label; output goes to `dist/<name>/`.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  name: string;
  /** Cilium: version and datapath options. */
  cilium: CiliumSpec;
  /** k3s: CIDRs, API endpoint, packaged components to turn off. */
  k3s: K3sSpec;
  /**
   * The cluster's nodes, servers first by convention.
   * @minItems 1
   */
  nodes: NodeSpec[];
  /**
   * LoadBalancer IP pools and how they are announced.
   * @default {}
   */
  loadBalancer?: LoadBalancerSpec;
  /**
   * Node sysctls kept right by the rp-filter DaemonSet.
   * @default {}
   */
  sysctls?: SysctlSpec;
}

/** Cilium options this product renders into Helm values. */
export interface CiliumSpec {
  /**
   * Cilium release, `1.<minor>.<patch>`; picks the chart version and the apiVersions.
   * @pattern ^[0-9]+\.[0-9]+\.[0-9]+$
   */
  version: string;
  /**
   * `native` routes pod traffic unencapsulated; `tunnel` encapsulates it.
   * @default "native"
   */
  routingMode?: 'native' | 'tunnel';
  /**
   * Who hands each node its pod range, from `k3s.clusterCidr`: `kubernetes` (k3s) or `cluster-pool` (the Cilium operator); keep a cluster's mode.
   * @default "kubernetes"
   */
  ipamMode?: 'kubernetes' | 'cluster-pool';
  /**
   * Encapsulation when `routingMode` is `tunnel`.
   * @default "vxlan"
   */
  tunnelProtocol?: 'vxlan' | 'geneve';
  /** The IPv4 CIDR that is routed natively (no masquerade). Default: the IPv4 CIDR of `k3s.clusterCidr`. */
  ipv4NativeRoutingCIDR?: string;
  /** The IPv6 CIDR that is routed natively (dual-stack only). Default: the IPv6 CIDR of `k3s.clusterCidr`. */
  ipv6NativeRoutingCIDR?: string;
  /** Install routes to other nodes' pod CIDRs directly; needs one shared L2 subnet. Default: true with native routing when all nodes share one subnet. */
  autoDirectNodeRoutes?: boolean;
  /**
   * Hubble observability: the agents' flow server, hubble-relay and the UI.
   * @default {}
   */
  hubble?: HubbleSpec;
  /**
   * Cilium's EDT bandwidth manager (kernel ≥ 5.1).
   * @default false
   */
  bandwidthManager?: boolean;
  /**
   * Limit socket-level load balancing to the host namespace (`socketLB.hostNamespaceOnly`).
   * @default false
   */
  socketLBHostNamespaceOnly?: boolean;
  /**
   * Cilium operator replicas, at most one per node. Default: 1 on a one-node cluster, else 2.
   * @asType integer
   * @minimum 1
   * @maximum 999999
   */
  operatorReplicas?: number;
  /**
   * How Cilium load-balances Services to their backends (kube-proxy replacement): algorithm, forwarding mode, DSR dispatch.
   * @default {}
   */
  serviceLoadBalancing?: ServiceLoadBalancingSpec;
  /**
   * Network devices Cilium attaches its datapath to (`devices`): interface names, a trailing `+` matches a prefix (`eth+`).
   * Default: Cilium's auto-detection (the devices with a global address or the default route).
   * @minItems 1
   */
  devices?: string[];
  /**
   * Masquerade in eBPF instead of iptables (`bpf.masquerade`); needed by netkit and BIG TCP (eBPF host routing).
   * @default false
   */
  bpfMasquerade?: boolean;
  /**
   * Masquerade IPv4 pod traffic leaving the node for addresses outside `ipv4NativeRoutingCIDR` (`enableIPv4Masquerade`).
   * Off only when the network routes the pod CIDR to the nodes (e.g. `loadBalancer.bgp.advertisePodCIDRs`).
   * @default true
   */
  ipv4Masquerade?: boolean;
  /**
   * Masquerade IPv6 pod traffic leaving the node (`enableIPv6Masquerade`), dual-stack only.
   * @default true
   */
  ipv6Masquerade?: boolean;
  /**
   * Remove other CNI configurations from the nodes (`cni.exclusive`); false to chain another CNI (Istio CNI, Multus).
   * @default true
   */
  cniExclusive?: boolean;
  /**
   * BBR congestion control for pods (`bandwidthManager.bbr`); needs `bandwidthManager` and kernel ≥ 5.18.
   * @default false
   */
  bbr?: boolean;
  /**
   * The pod device type (`bpf.datapathMode`): `veth`, or `netkit` / `netkit-l2` (kernel ≥ 6.8, eBPF host routing).
   * @default "veth"
   */
  datapathMode?: 'veth' | 'netkit' | 'netkit-l2';
  /**
   * BIG TCP: larger GSO/GRO packets (`enableIPv4BIGTCP`, `enableIPv6BIGTCP`); native routing, eBPF masquerading, NIC support.
   * @default {}
   */
  bigTCP?: BigTcpSpec;
  /**
   * MTU of pod devices (`MTU`). Default: Cilium's detection from the devices (none written).
   * @asType integer
   * @minimum 1280
   * @maximum 65520
   */
  mtu?: number;
  /**
   * Cilium's Gateway API controller (`gatewayAPI.enabled`); the Gateway API CRDs must be installed before Cilium starts.
   * @default {}
   */
  gatewayAPI?: GatewayApiSpec;
  /**
   * The agents' Kubernetes API client rate limit (`k8sClientRateLimit`), overriding the one sized from the L2 Services.
   * Default: sized from `l2ServiceCount` when L2 announcements are on, else Cilium's (10 QPS, burst 20; none written).
   */
  k8sClientRateLimit?: K8sClientRateLimitSpec;
  /**
   * Extra Helm values merged last, for chart keys this file has no field for. Every key must exist in the chart of
   * `version`; keys a field above decides are refused (set the field instead).
   * @default {}
   */
  values?: Record<string, unknown>;
  /**
   * LoadBalancer Services announced over L2, used to size `k8sClientRateLimit`.
   * Default: the addresses the L2 pools can hand out, at most the addresses of `k3s.serviceCidr`.
   * @asType integer
   * @minimum 0
   */
  l2ServiceCount?: number;
}

/** Service load balancing of the kube-proxy replacement. */
export interface ServiceLoadBalancingSpec {
  /**
   * Backend selection (`loadBalancer.algorithm`): `random`, or `maglev` consistent hashing (the same backend from every node).
   * @default "random"
   */
  algorithm?: 'random' | 'maglev';
  /**
   * Maglev lookup table size per Service (`maglev.tableSize`), a prime from Cilium's list; at least 100 × the backends of a Service.
   * Default: Cilium's, 16381 (none written).
   * @asType integer
   */
  maglevTableSize?: number;
  /**
   * Forwarding to remote backends (`loadBalancer.mode`): `snat`, `dsr` (backends answer clients directly), or `hybrid` (DSR for TCP, SNAT for UDP).
   * @default "snat"
   */
  mode?: 'snat' | 'dsr' | 'hybrid';
  /**
   * How DSR passes the Service address to the backend (`loadBalancer.dsrDispatch`): an IP option (`opt`), `geneve` or `ipip` (1.19+).
   * Default: `opt` (Cilium's; none written) with `dsr`/`hybrid`.
   */
  dsrDispatch?: 'opt' | 'geneve' | 'ipip';
}

/** BIG TCP per family. */
export interface BigTcpSpec {
  /**
   * IPv4 BIG TCP (kernel ≥ 6.3).
   * @default false
   */
  ipv4?: boolean;
  /**
   * IPv6 BIG TCP (kernel ≥ 5.19), dual-stack only.
   * @default false
   */
  ipv6?: boolean;
}

/** Cilium's Gateway API support. */
export interface GatewayApiSpec {
  /**
   * Run Cilium's Gateway API controller.
   * @default false
   */
  enabled?: boolean;
  /**
   * Who installs the Gateway API CRDs: `k3s` (k3s 1.37+ ships them as its `gateway-api-crd` component) or `user`
   * (you install them; on k3s 1.37+ the component is then disabled so it does not take them over).
   * Default: `k3s` when `k3s.version` is 1.37 or later, else `user`.
   */
  crds?: 'k3s' | 'user';
}

/** An explicit API client rate limit of the Cilium agents. */
export interface K8sClientRateLimitSpec {
  /**
   * Sustained queries per second.
   * @asType integer
   * @minimum 1
   * @maximum 499999
   */
  qps: number;
  /**
   * Burst above `qps`, at least `qps`.
   * @asType integer
   * @minimum 1
   * @maximum 999998
   */
  burst: number;
}

/** Hubble switches. */
export interface HubbleSpec {
  /**
   * Run Hubble's flow server in every agent (the chart's `hubble.enabled`); off saves agent memory on small nodes, and relay and UI need it.
   * @default true
   */
  enabled?: boolean;
  /**
   * Run hubble-relay, the cluster-wide flow API.
   * @default false
   */
  relay?: boolean;
  /**
   * Run the Hubble UI (needs relay).
   * @default false
   */
  ui?: boolean;
}

/** k3s server options that shape the network. */
export interface K3sSpec {
  /**
   * Pod CIDR (`cluster-cidr`), or `<IPv4 CIDR>,<IPv6 CIDR>` for dual-stack (the first is primary); k3s hands each node a /24 (IPv6: /64) of it.
   * @default "10.42.0.0/16"
   */
  clusterCidr?: string;
  /**
   * Service CIDR (`service-cidr`), or `<IPv4 CIDR>,<IPv6 CIDR>` for dual-stack, in the order of `clusterCidr`.
   * @default "10.43.0.0/16"
   */
  serviceCidr?: string;
  /**
   * Packaged components to turn off besides servicelb (always off), e.g. traefik.
   * @default []
   */
  disable?: string[];
  /**
   * The k3s release the nodes run, `v1.<minor>.<patch>+k3s<n>` (1.34–1.37 supported): decides which flags and packaged
   * components exist. Default: unpinned (only what every supported release accepts is assumed).
   * @pattern ^v1\.[0-9]+\.[0-9]+\+k3s[0-9]+$
   */
  version?: string;
  /** The API endpoint Cilium uses (`k8sServiceHost`), and joining nodes too unless `joinUrl` is set. */
  apiServer: ApiServerSpec;
  /**
   * The URL servers and agents join through (`server`), e.g. a kube-vip/keepalived VIP or DNS name on port 6443 (added to
   * `tls-san`). Default: the API endpoint on port 6443, or the first server when the endpoint is loopback.
   * @pattern ^https://[^/\s]+:[0-9]+$
   */
  joinUrl?: string;
  /**
   * Where the cluster state lives.
   * Default: `sqlite` with one server, `etcd` (embedded) with more.
   */
  datastore?: DatastoreSpec;
  /**
   * Extra keys of the k3s config file, per node role, for flags this file has no field for; checked against the flags of
   * `k3s server` / `k3s agent`. Keys a field of this file decides are refused (set the field instead).
   * @default {}
   */
  extraConfig?: K3sExtraConfigSpec;
  /** Path of the token file on every node (`token-file`); the token itself is never rendered. */
  tokenFile: string;
  /**
   * Extra names/IPs for the API certificate (`tls-san`); the API host is added when it is not a node IP.
   * @default []
   */
  tlsSan?: string[];
}

/** The k3s datastore. */
export interface DatastoreSpec {
  /**
   * `sqlite` (one server), `etcd` (embedded etcd: `cluster-init` on the first server, the others join it), or `external`
   * (etcd, MySQL, PostgreSQL or NATS outside the cluster, `datastore-endpoint`; any number of servers).
   */
  type: 'sqlite' | 'etcd' | 'external';
  /**
   * `external` only: the endpoint without credentials, e.g. `https://etcd-1:2379,https://etcd-2:2379` or `postgres://db.lan:5432/k3s`.
   * Default: none written; every server reads it from `K3S_DATASTORE_ENDPOINT` (PLAN.md says where), so a password never lands in Git.
   */
  endpoint?: string;
  /** `external` only: CA file on the servers for the datastore's TLS (`datastore-cafile`). Default: none. */
  caFile?: string;
  /** `external` only: client certificate file on the servers (`datastore-certfile`). Default: none. */
  certFile?: string;
  /** `external` only: client key file on the servers (`datastore-keyfile`). Default: none. */
  keyFile?: string;
}

/** Extra k3s config keys per node role. */
export interface K3sExtraConfigSpec {
  /**
   * Merged into every server's config file; keys are `k3s server` flags.
   * @default {}
   */
  server?: Record<string, unknown>;
  /**
   * Merged into every agent's config file; keys are `k3s agent` flags.
   * @default {}
   */
  agent?: Record<string, unknown>;
}

/** Where the Kubernetes API is reached without kube-proxy. */
export interface ApiServerSpec {
  /** A server node's IP, a VIP or DNS name (added to `tls-san`), or 127.0.0.1 (k3s's local API load balancer on port 6444, on every node). */
  host: string;
  /**
   * API port. Default: 6444 when `host` is 127.0.0.1, else 6443.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  port?: number;
}

/** One node of the cluster. */
export interface NodeSpec {
  /**
   * Node name, a DNS-1123 subdomain; names its k3s config file.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  name: string;
  /** `server` runs the control plane; `agent` only runs workloads. */
  role: 'server' | 'agent';
  /** Node IP with the prefix length of its L2 subnet, e.g. 192.168.1.10/24; dual-stack: `<IPv4>/<len>,<IPv6>/<len>` in the order of `k3s.clusterCidr`. */
  address: string;
  /** Public address(es) of the node (`node-external-ip`): one IP, or `<IPv4>,<IPv6>`. Default: none. */
  externalAddress?: string;
  /**
   * The node's network interfaces L2 announcements and sysctls may use.
   * @default ["eth0"]
   */
  interfaces?: string[];
  /**
   * Labels set at registration (`node-label`); L2 policies and BGP select nodes by them (and by the labels k3s sets itself).
   * @default {}
   */
  labels?: Record<string, string>;
  /**
   * Taints set at registration (`node-taint`), as `key=value:Effect`.
   * @default []
   */
  taints?: NodeTaint[];
  /**
   * Extra kubelet flags (`kubelet-arg`), as `name=value`.
   * @default []
   */
  kubeletArgs?: KubeletArg[];
  /** Per-node BGP settings (a CiliumBGPNodeConfigOverride named after the node). Default: what the BGP control plane derives. */
  bgp?: NodeBgpSpec;
}

/**
 * A node taint, `key=value:Effect` or `key:Effect`.
 * @pattern ^[A-Za-z0-9][-A-Za-z0-9_./]*(=[-A-Za-z0-9_.]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$
 */
export type NodeTaint = string;

/**
 * A kubelet flag without the leading dashes, `name=value` (k3s `kubelet-arg`).
 * @pattern ^[a-z][-a-z0-9]*([+-]?=.*)?$
 */
export type KubeletArg = string;

/** BGP settings of one node. */
export interface NodeBgpSpec {
  /** BGP router ID, an IPv4 address unique in the cluster. Default: Cilium's choice (the node's IPv4 address). */
  routerID?: string;
  /**
   * Source addresses of the node's BGP sessions, at most one per family; each peer uses the one of its own family (none: from the route to the peer).
   * @default []
   */
  localAddresses?: string[];
}

/** LoadBalancer IP management (Cilium LB-IPAM) and announcement. */
export interface LoadBalancerSpec {
  /**
   * IP pools Services take addresses from.
   * @default []
   */
  pools?: PoolSpec[];
  /** L2 (ARP/NDP) announcement of pool addresses. Default: no L2 announcements. */
  l2?: L2Spec;
  /** BGP advertisement of pool addresses (Cilium BGP control plane v2). Default: no BGP. */
  bgp?: BgpSpec;
  /**
   * Services pinned to an IP (`lbipam.cilium.io/ips`); checked against the pools.
   * @default []
   */
  reservations?: ReservationSpec[];
  /**
   * Addresses on the segment no pool may use (gateway, DHCP range, other hosts).
   * @default []
   */
  reserved?: ReservedRangeSpec[];
}

/** A CiliumLoadBalancerIPPool. */
export interface PoolSpec {
  /** Pool name, a DNS-1123 subdomain. */
  name: string;
  /**
   * Address blocks: each either `cidr`, or `start` with an optional `stop`.
   * @minItems 1
   */
  blocks: PoolBlockSpec[];
  /** Which Services may take addresses from this pool. Default: every LoadBalancer Service. */
  serviceSelector?: LabelSelector;
  /**
   * Hand out the network and broadcast address of `cidr` blocks (Cilium default since 1.16).
   * @default true
   */
  allowFirstLastIPs?: boolean;
  /**
   * Stop new allocations, keep existing ones.
   * @default false
   */
  disabled?: boolean;
  /**
   * How the pool's addresses are announced; `both` (L2 and BGP) only on purpose.
   * Default: `bgp` when `loadBalancer.bgp` is set and `loadBalancer.l2` is not, else `l2`.
   */
  announce?: 'l2' | 'bgp' | 'both';
}

/** One block of a pool: a CIDR, or an inclusive start–stop range. */
export interface PoolBlockSpec {
  /** A canonical CIDR, e.g. 192.168.1.96/28. */
  cidr?: string;
  /** First address of a range. */
  start?: string;
  /** Last address of a range (inclusive). Default: `start` (a single address). */
  stop?: string;
}

/** L2 announcements: policies plus the leader-election lease timing. */
export interface L2Spec {
  /**
   * CiliumL2AnnouncementPolicies.
   * @default []
   */
  policies?: L2PolicySpec[];
  /**
   * Leader-election lease timing for each announced IP (15s / 5s / 2s).
   * @default {}
   */
  lease?: L2LeaseSpec;
}

/** Lease timings (Go durations). */
export interface L2LeaseSpec {
  /**
   * How long a lease is held without renewal.
   * @default "15s"
   * @pattern ^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$
   */
  duration?: string;
  /**
   * How long the leader keeps trying to renew.
   * @default "5s"
   * @pattern ^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$
   */
  renewDeadline?: string;
  /**
   * Wait between renewal attempts.
   * @default "2s"
   * @pattern ^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$
   */
  retryPeriod?: string;
}

/** A CiliumL2AnnouncementPolicy. */
export interface L2PolicySpec {
  /** Policy name, a DNS-1123 subdomain. */
  name: string;
  /** Go (RE2) regexes of interfaces to answer ARP/NDP on. Default: every interface Cilium manages. */
  interfaces?: string[];
  /**
   * Announce Services' external IPs.
   * @default false
   */
  externalIPs?: boolean;
  /**
   * Announce Services' LoadBalancer IPs.
   * @default false
   */
  loadBalancerIPs?: boolean;
  /** Nodes that may answer. Default: every node. */
  nodeSelector?: LabelSelector;
  /** Services this policy announces. Default: every Service. */
  serviceSelector?: LabelSelector;
}

/** A Service pinned to an address from a pool. */
export interface ReservationSpec {
  /**
   * The Service as `<namespace>/<name>`.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   */
  service: string;
  /** The pinned IP. */
  ip: string;
  /**
   * The Service's labels, matched against pool and policy service selectors.
   * @default {}
   */
  labels?: Record<string, string>;
  /** `lbipam.cilium.io/sharing-key`: Services with the same key may share the IP. Default: none. */
  sharingKey?: string;
  /**
   * `lbipam.cilium.io/sharing-cross-namespace`: namespaces whose Services may share the IP with this one (`*`: any); needed on both
   * Services to share across namespaces.
   * @default []
   */
  sharingCrossNamespace?: string[];
  /**
   * The Service's `externalTrafficPolicy`.
   * @default "Cluster"
   */
  externalTrafficPolicy?: 'Cluster' | 'Local';
}

/** Addresses kept out of every pool. */
export interface ReservedRangeSpec {
  /** Why it is reserved (gateway, DHCP, NAS…), shown in messages and PLAN.md. */
  name: string;
  /** A canonical CIDR. */
  cidr?: string;
  /** First address of a range. */
  start?: string;
  /** Last address of a range (inclusive). Default: `start`. */
  stop?: string;
}

/** Node sysctls. */
export interface SysctlSpec {
  /**
   * `rp_filter` for the matching interfaces: 0 (off) or 2 (loose); 1 (strict) drops Cilium's return traffic.
   * @default 0
   * @asType integer
   */
  rpFilter?: number;
  /**
   * Regexes (POSIX ERE subset of RE2) of interfaces to set.
   * @default ["^eth[0-9]+"]
   */
  interfaces?: string[];
}

/** The Cilium BGP control plane: one BGP instance per selected node, peering with routers. */
export interface BgpSpec {
  /**
   * The nodes' autonomous system number, 1–4294967295 (private: 64512–65534, 4200000000–4294967294).
   * @asType integer
   */
  localASN: number;
  /** Nodes that speak BGP. Default: every node. */
  nodeSelector?: LabelSelector;
  /**
   * Session settings shared by peers (one CiliumBGPPeerConfig each).
   * @minItems 1
   */
  peerConfigs: BgpPeerConfigSpec[];
  /**
   * The routers every selected node peers with.
   * @minItems 1
   */
  peers: BgpPeerSpec[];
  /**
   * Also advertise each node's pod CIDR, so the network routes to pods directly.
   * @default false
   */
  advertisePodCIDRs?: boolean;
  /**
   * Namespace of the Secrets `authSecretRef` names (`bgpControlPlane.secretsNamespace.name`).
   * @default "kube-system"
   */
  secretsNamespace?: string;
}

/** One BGP neighbour. */
export interface BgpPeerSpec {
  /**
   * Peer name, unique in the cluster file.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 255
   */
  name: string;
  /** The router's IPv4 or IPv6 address. */
  address: string;
  /**
   * The router's ASN; 0 means "accept whatever ASN the peer's OPEN message carries".
   * @asType integer
   */
  asn: number;
  /** Name of the entry of `peerConfigs` this session uses. Default: the only entry of `peerConfigs`. */
  peerConfig?: string;
}

/** Settings of BGP sessions (a CiliumBGPPeerConfig); passwords stay in a Secret. */
export interface BgpPeerConfigSpec {
  /**
   * Peer config name, a DNS-1123 subdomain.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  name: string;
  /** Name of a Secret in the BGP secrets namespace whose key `password` is the TCP MD5 password. Default: no authentication. */
  authSecretRef?: string;
  /** BGP timers; unset ones are Cilium's (hold 90 s, keepalive 30 s, connect retry 120 s). Default: none written. */
  timers?: BgpTimersSpec;
  /** Graceful restart: peers keep our routes while the agent restarts. Default: off (none written). */
  gracefulRestart?: BgpGracefulRestartSpec;
  /**
   * TTL of eBGP packets, for peers more than one hop away. Default: Cilium's, 1 (directly connected; none written).
   * @asType integer
   * @minimum 1
   * @maximum 255
   */
  ebgpMultihop?: number;
  /** Address families negotiated and advertised (unicast). Default: the cluster's families (ipv4, plus ipv6 when dual-stack). */
  families?: ('ipv4' | 'ipv6')[];
}

/** BGP timers in seconds. */
export interface BgpTimersSpec {
  /**
   * Hold time: the session drops after this long without a message (Cilium's default when unset).
   * @default 90
   * @asType integer
   * @minimum 3
   * @maximum 65535
   */
  holdTimeSeconds?: number;
  /**
   * Interval of keepalive messages; at most the hold time (Cilium's default when unset).
   * @default 30
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  keepAliveTimeSeconds?: number;
  /**
   * Wait before retrying a failed connection (Cilium's default when unset).
   * @default 120
   * @asType integer
   * @minimum 1
   * @maximum 2147483647
   */
  connectRetryTimeSeconds?: number;
}

/** Graceful restart (RFC 4724). */
export interface BgpGracefulRestartSpec {
  /** Advertise the graceful-restart capability. */
  enabled: boolean;
  /**
   * How long peers keep our routes after the session drops (Cilium's default when unset).
   * @default 120
   * @asType integer
   * @minimum 1
   * @maximum 4095
   */
  restartTimeSeconds?: number;
}
