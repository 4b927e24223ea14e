/**
 * The resolved cluster: the cluster file with every default applied and every derived fact
 * computed once (by `resolve/`). Checks, constructs and PLAN.md read only this; none of them
 * recomputes a fact. Resolution never throws on bad values: it leaves them for the checks, so a
 * malformed value shows up as an undefined range, family or subnet here.
 */
import type { PoolBlockIndex, IndexedBlock } from './address-index.js';
import type { CiliumCapabilities } from './cilium-versions.js';
import type { K3sCapabilities } from './k3s-versions.js';
import type {
  BgpGracefulRestartSpec, BgpPeerConfigSpec, BgpPeerSpec, BgpSpec, BgpTimersSpec, ClusterSpec, L2PolicySpec, LabelSelector, NodeSpec,
  PoolBlockSpec, PoolSpec, ReservationSpec, ReservedRangeSpec,
} from './cluster-spec.js';
import type { IpFamily, IpRange } from './ip.js';
import type { CompiledRe2 } from './regex.js';

export type BgpFamily = 'ipv4' | 'ipv6';

/** An L2 subnet: the range of a node address's prefix, with its canonical text. */
export type Subnet = IpRange & { readonly canonical: string };

/** One address of a node, as written in `address` (which may hold two, comma-separated). */
export interface ResolvedNodeAddress {
  /** The IP without prefix (text as written before the slash). */
  readonly ip: string;
  /** Undefined when the address is malformed. */
  readonly family?: IpFamily;
  /** The L2 subnet of this address; undefined when malformed. */
  readonly subnet?: Subnet;
}

/** A node's own BGP settings, defaults applied. */
export interface ResolvedNodeBgp {
  /** As written; undefined leaves the choice to Cilium (the node's IPv4 address). */
  readonly routerID?: string;
  /** Source addresses of its sessions, in file order (none: from the route to the peer). */
  readonly localAddresses: readonly string[];
}

export interface ResolvedNode {
  readonly spec: NodeSpec;
  /** Position in `nodes`. */
  readonly index: number;
  readonly name: string;
  readonly role: 'server' | 'agent';
  /** The primary node IP without prefix (the first address). */
  readonly ip: string;
  /** The primary address's L2 subnet; undefined when `address` is malformed. */
  readonly subnet?: Subnet;
  /** Every address of the node, primary first (two on a dual-stack node). */
  readonly addresses: readonly ResolvedNodeAddress[];
  /** `node-external-ip` entries. */
  readonly externalIps: readonly string[];
  readonly interfaces: readonly string[];
  /** The labels the cluster file declares (`node-label`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The labels selectors see once the node registered: the declared ones plus those k3s and the kubelet set. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly taints: readonly string[];
  readonly kubeletArgs: readonly string[];
  /** Per-node BGP settings, when the cluster file sets them. */
  readonly bgp?: ResolvedNodeBgp;
  /** The declared interfaces whose rp_filter the DaemonSet sets (those `sysctls.interfaces` match). */
  readonly rpFilterInterfaces: readonly string[];
  /** The node's k3s config: flag name → value (agents get only agent flags). */
  readonly k3sConfig: Readonly<Record<string, unknown>>;
}

/** A node an L2 policy lets answer, with the interfaces it answers on. */
export interface L2Announcer {
  readonly node: ResolvedNode;
  /** The node's interfaces the policy's patterns match; all its interfaces when the policy names none. */
  readonly interfaces: readonly string[];
}

export interface ResolvedL2Policy {
  readonly spec: L2PolicySpec;
  readonly index: number;
  readonly name: string;
  /** As written; undefined means every interface Cilium manages. */
  readonly interfaces?: readonly string[];
  /** `interfaces` compiled as Go RE2, one per entry. */
  readonly interfacePatterns: readonly CompiledRe2[];
  readonly externalIPs: boolean;
  readonly loadBalancerIPs: boolean;
  readonly nodeSelector?: LabelSelector;
  readonly serviceSelector?: LabelSelector;
  /** The nodes the nodeSelector picks, in node order. */
  readonly nodes: readonly ResolvedNode[];
  /** The selected nodes with at least one matching interface. */
  readonly announcers: readonly L2Announcer[];
}

export interface ResolvedBlock {
  readonly spec: PoolBlockSpec;
  readonly index: number;
  /** As written, for `cidr` blocks. */
  readonly cidr?: string;
  /** First address of a start/stop block. */
  readonly start?: string;
  /** Last address of a start/stop block (`start` when the file has no stop). */
  readonly stop?: string;
  /** Covered addresses; undefined when the block is malformed. */
  readonly range?: IpRange;
  /** Addresses Cilium hands out from this block. */
  readonly usable: bigint;
}

/** How a BGP pool's addresses reach the routers. */
export interface PoolBgpAdvertisement {
  /** Name of its CiliumBGPAdvertisement. */
  readonly name: string;
  /** The Services whose LoadBalancer IPs it advertises: the pool's own serviceSelector, or every Service. */
  readonly serviceSelector: LabelSelector;
  /** The peers whose peer config negotiates a family of the pool, with those families. */
  readonly peers: readonly { readonly peer: ResolvedBgpPeer; readonly families: readonly BgpFamily[] }[];
}

export interface ResolvedPool {
  readonly spec: PoolSpec;
  readonly index: number;
  readonly name: string;
  readonly blocks: readonly ResolvedBlock[];
  readonly allowFirstLastIPs: boolean;
  readonly disabled: boolean;
  readonly serviceSelector?: LabelSelector;
  /** How the cluster file says the pool is announced (default applied). */
  readonly announce: 'l2' | 'bgp' | 'both';
  /** The L2 policies that announce LoadBalancer IPs of Services this pool may serve, whatever `announce` says. */
  readonly servingPolicies: readonly ResolvedL2Policy[];
  /** Announced over L2: some policy serves it and it is not marked BGP-only. */
  readonly l2: boolean;
  /** Marked for BGP advertisement (`announce` is `bgp` or `both`). */
  readonly bgp: boolean;
  /** The address families of its blocks, as BGP names them, sorted. */
  readonly families: readonly BgpFamily[];
  readonly usable: bigint;
  /** Reservations whose address lies in this pool (first pool holding it), in file order. */
  readonly reservations: readonly ResolvedReservation[];
  /** Its BGP advertisement, when it is marked for BGP and the cluster has BGP. */
  readonly bgpAdvertisement?: PoolBgpAdvertisement;
  /** For a pool announced only over L2 in a BGP cluster: BGP pools whose advertisement may select its Services too. */
  readonly bgpPoolsSelectingItsServices: readonly ResolvedPool[];
}

export interface ResolvedReservation {
  readonly spec: ReservationSpec;
  readonly index: number;
  /** `<namespace>/<name>` as written. */
  readonly service: string;
  readonly namespace: string;
  readonly serviceName: string;
  /** The pinned IP as written. */
  readonly ip: string;
  /** The parsed IP; undefined when it is not one. */
  readonly address?: { readonly family: IpFamily; readonly value: bigint };
  /** The labels LB-IPAM pool selectors match: the Service's own plus its namespace and name. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly sharingKey?: string;
  /** Namespaces this Service shares its IP with (`lbipam.cilium.io/sharing-cross-namespace`; `*`: any). */
  readonly sharingCrossNamespace: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  /** The pool blocks holding the address, in file order. */
  readonly blocks: readonly IndexedBlock<ResolvedPool>[];
  /** The pools holding the address, in file order (more than one is an error). */
  readonly pools: readonly ResolvedPool[];
}

export interface ResolvedReservedRange {
  readonly spec: ReservedRangeSpec;
  readonly index: number;
  readonly name: string;
  /** Covered addresses; undefined when malformed. */
  readonly range?: IpRange;
}

export interface ResolvedBgpPeerConfig {
  readonly spec: BgpPeerConfigSpec;
  readonly index: number;
  readonly name: string;
  /** Families negotiated and advertised. */
  readonly families: readonly BgpFamily[];
  /** Effective timers (Cilium's defaults where the file sets none), for the checks. */
  readonly holdTimeSeconds: number;
  readonly keepAliveTimeSeconds: number;
  readonly connectRetryTimeSeconds: number;
  /** Effective graceful-restart time; it takes effect only with `gracefulRestart.enabled`. */
  readonly restartTimeSeconds: number;
  /** What the CiliumBGPPeerConfig carries as written (unset fields take Cilium's defaults). */
  readonly authSecretRef?: string;
  readonly ebgpMultihop?: number;
  readonly timers?: BgpTimersSpec;
  readonly gracefulRestart?: BgpGracefulRestartSpec;
}

export interface ResolvedBgpPeer {
  readonly spec: BgpPeerSpec;
  readonly index: number;
  readonly name: string;
  readonly address: string;
  /** Family of `address`; undefined when it is not an IP. */
  readonly family?: IpFamily;
  readonly asn: number;
  /** The peer config this peer uses; undefined when unknown or ambiguous (the checks report it). */
  readonly peerConfig?: ResolvedBgpPeerConfig;
  /** The name `peerConfigRef` carries: the resolved config's, else the one written. */
  readonly peerConfigName: string;
  /** The first block of each pool that holds the peer's address, in pool order. */
  readonly inPools: readonly IndexedBlock<ResolvedPool>[];
}

/** One node's CiliumBGPNodeConfigOverride. */
export interface BgpNodeOverride {
  readonly node: ResolvedNode;
  readonly routerID?: string;
  /** The node's session source addresses (`node.bgp.localAddresses`). */
  readonly localAddresses: readonly string[];
  /** Per peer, the node's local address of the peer's family. */
  readonly peers: readonly { readonly name: string; readonly localAddress: string }[];
}

export interface ResolvedBgp {
  readonly spec: BgpSpec;
  readonly localASN: number;
  /** Name of the one BGP instance; node overrides refer to it. */
  readonly instanceName: string;
  readonly nodeSelector?: LabelSelector;
  readonly peerConfigs: readonly ResolvedBgpPeerConfig[];
  readonly peers: readonly ResolvedBgpPeer[];
  readonly advertisePodCIDRs: boolean;
  readonly secretsNamespace: string;
  /** The nodes the nodeSelector picks (by the labels they carry once registered). */
  readonly speakers: readonly ResolvedNode[];
  /** The labels every advertisement carries and every peer config family selects. */
  readonly advertisementLabels: Readonly<Record<string, string>>;
  /** Per-node overrides, for the nodes that have BGP settings. */
  readonly nodeOverrides: readonly BgpNodeOverride[];
}

export interface RateLimit {
  /** The L2-announced Services the limit is sized for: `cilium.l2ServiceCount`, else the pools' usable addresses capped at `serviceCidrCapacity`. */
  readonly services: number;
  /** True when `services` came from the pools' usable addresses rather than the cluster file. */
  readonly servicesFromPools: boolean;
  /** The usable addresses of the L2-announced pools (can exceed any number of Services: an IPv6 /80 holds 2^48). */
  readonly poolAddresses: bigint;
  /** Addresses of the primary Service CIDR: every LoadBalancer Service takes a ClusterIP from it, so no cluster has more Services. */
  readonly serviceCidrCapacity: number;
  readonly renewDeadlineSeconds: number;
  readonly qps: number;
  readonly burst: number;
  /** The QPS the docs' formula gives, when it was capped at K8S_CLIENT_QPS_MAX. */
  readonly uncappedQps?: number;
  /** True when `cilium.k8sClientRateLimit` sets qps and burst (then they are the file's, not the formula's). */
  readonly explicit: boolean;
}

export interface ResolvedCluster {
  readonly spec: ClusterSpec;
  readonly name: string;
  readonly cilium: {
    readonly version: string;
    /** Capabilities of the target minor; the newest supported when the version is unsupported (the version check reports it). */
    readonly caps: CiliumCapabilities;
    readonly routingMode: 'native' | 'tunnel';
    /** With `cluster-pool`, the operator's pool is `k3s.clusterCidrs` cut into ranges of k3s's node size. */
    readonly ipamMode: 'kubernetes' | 'cluster-pool';
    readonly tunnelProtocol: 'vxlan' | 'geneve';
    readonly ipv4NativeRoutingCIDR: string;
    /** Set only on a dual-stack cluster. */
    readonly ipv6NativeRoutingCIDR?: string;
    readonly autoDirectNodeRoutes: boolean;
    readonly hubble: { readonly enabled: boolean; readonly relay: boolean; readonly ui: boolean };
    readonly bandwidthManager: boolean;
    readonly socketLBHostNamespaceOnly: boolean;
    readonly operatorReplicas: number;
    readonly serviceLoadBalancing: {
      readonly algorithm: 'random' | 'maglev';
      readonly maglevTableSize?: number;
      readonly mode: 'snat' | 'dsr' | 'hybrid';
      /** As written; Cilium's own default (`opt`) applies when unset. */
      readonly dsrDispatch?: 'opt' | 'geneve' | 'ipip';
    };
    /** As written; undefined leaves the choice to Cilium's auto-detection. */
    readonly devices?: readonly string[];
    readonly bpfMasquerade: boolean;
    readonly ipv4Masquerade: boolean;
    /** Meaningful on a dual-stack cluster only. */
    readonly ipv6Masquerade: boolean;
    readonly cniExclusive: boolean;
    readonly bbr: boolean;
    readonly datapathMode: 'veth' | 'netkit' | 'netkit-l2';
    readonly bigTCP: { readonly ipv4: boolean; readonly ipv6: boolean };
    readonly mtu?: number;
    /** Gateway API: whether it runs, and who installs its CRDs (default applied). */
    readonly gatewayAPI: { readonly enabled: boolean; readonly crds: 'k3s' | 'user' };
    /** `cilium.values` as written: merged last into `values`. */
    readonly overlay: Readonly<Record<string, unknown>>;
    /** The Helm values of the Cilium chart (valuesContent and cilium/values.yaml), keys sorted. */
    readonly values: Readonly<Record<string, unknown>>;
  };
  /** `k3s.clusterCidr` holds an IPv6 CIDR besides the IPv4 one. */
  readonly dualStack: boolean;
  readonly k3s: {
    /** Every pod CIDR as written, primary first. */
    readonly clusterCidrs: readonly string[];
    /** Every service CIDR as written, primary first. */
    readonly serviceCidrs: readonly string[];
    /** Packaged components turned off (servicelb always), sorted. */
    readonly disable: readonly string[];
    readonly apiHost: string;
    readonly apiPort: number;
    readonly tokenFile: string;
    /** tls-san: the cluster file's list plus the API host when it is not a node IP, sorted. */
    readonly tlsSan: readonly string[];
    /** `k3s.tlsSan` as written, in file order (default applied): field paths index it. */
    readonly tlsSanAsWritten: readonly string[];
    /** What joining nodes put in `server:`. */
    readonly joinUrl: string;
    /** `k3s.joinUrl` is set: nodes join through it rather than through the API endpoint. */
    readonly joinUrlFromSpec: boolean;
    /** The host of `joinUrl`. */
    readonly joinHost: string;
    /** `k3s.version` as written; undefined when unpinned. */
    readonly version?: string;
    /** Capabilities of `version`'s minor; undefined when unpinned or unsupported (the k3s check reports the latter). */
    readonly caps?: K3sCapabilities;
    /** The datastore, default applied. */
    readonly datastore: {
      readonly type: 'sqlite' | 'etcd' | 'external';
      readonly endpoint?: string;
      readonly caFile?: string;
      readonly certFile?: string;
      readonly keyFile?: string;
    };
    /** `k3s.extraConfig` as written, per role. */
    readonly extraConfig: { readonly server: Readonly<Record<string, unknown>>; readonly agent: Readonly<Record<string, unknown>> };
  };
  readonly nodes: readonly ResolvedNode[];
  readonly servers: readonly ResolvedNode[];
  readonly agents: readonly ResolvedNode[];
  /** Per family, every node's address is on the same subnet. */
  readonly nodesShareOneSubnet: boolean;
  readonly pools: readonly ResolvedPool[];
  /** Which pool blocks hold an address. */
  readonly poolAddresses: PoolBlockIndex<ResolvedPool>;
  readonly l2Policies: readonly ResolvedL2Policy[];
  /** The BGP control plane; undefined when the cluster file has no `loadBalancer.bgp`. */
  readonly bgp?: ResolvedBgp;
  readonly lease: { readonly duration: string; readonly renewDeadline: string; readonly retryPeriod: string };
  readonly reservations: readonly ResolvedReservation[];
  readonly reserved: readonly ResolvedReservedRange[];
  readonly rateLimit: RateLimit;
  /** What the rp-filter DaemonSet is rendered from. */
  readonly sysctls: {
    readonly rpFilter: number;
    /** Patterns as written. */
    readonly interfaces: readonly string[];
    /** The same, compiled as RE2 (busybox ERE matches the RE2 ∩ ERE subset the checks allow alike). */
    readonly interfacePatterns: readonly CompiledRe2[];
    readonly intervalSeconds: number;
    readonly image: string;
    readonly namespace: string;
  };
}
