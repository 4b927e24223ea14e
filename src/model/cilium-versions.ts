/**
 * What each supported Cilium minor accepts. Every difference between minors that changes what is
 * rendered or refused lives in this table, so the model asks a capability instead of comparing
 * versions. The apiVersions are the same on every supported minor (they come from imports/,
 * generated from the 1.20 CRDs; the conformance tests judge them by each release's CRDs).
 * Sources: ../shared/notes/cilium.md §3 and §8, the CRDs and values.schema.json of each release.
 */

/** Capabilities of one Cilium minor release. */
export interface CiliumCapabilities {
  /** The minor, e.g. "1.20". */
  readonly minor: string;
  /** L2 announcements answer NDP for IPv6 addresses (1.19+). */
  readonly l2AnnouncementsIpv6: boolean;
  /** `l2podAnnouncements.interface` still works (1.18 only; 1.19+ must use `interfacePattern`). */
  readonly l2PodAnnouncementsInterfaceKey: boolean;
  /**
   * DSR dispatch `ipip` works with the tcx datapath (1.19+; before, only with XDP acceleration: cilium/cilium#41269,
   * "Support K8s service DSR with IPIP for tcx", not backported to 1.18).
   */
  readonly dsrDispatchIpip: boolean;
  /**
   * The Kubernetes minors the release is e2e-tested with (Documentation/network/kubernetes/requirements.rst of the
   * release; ../shared/notes/cilium.md): 1.18 1.30–1.33, 1.19 1.31–1.34, 1.20 1.33–1.36.
   */
  readonly kubernetesTested: readonly [number, number];
  /**
   * With Gateway API on, the chart forces `bpf-lb-sock-hostns-only: "true"` (1.20 templates/cilium-configmap.yaml: per-backend
   * weights of TCPRoute/UDPRoute need it), so `socketLB.hostNamespaceOnly` is not written then.
   */
  readonly gatewayApiForcesSocketLbHostNamespaceOnly: boolean;
  /**
   * The newest patch release of the minor whose chart the project holds (../shared/cilium-charts/SOURCES.md,
   * ../shared/cilium/<release>/SOURCES.md): upstream's upgrade guide asks for it before the next minor.
   */
  readonly newestPatch: string;
}

/** The minors upstream still supports, oldest first. */
export const CILIUM_CAPABILITIES: readonly CiliumCapabilities[] = [
  { minor: '1.18', newestPatch: '1.18.12', l2AnnouncementsIpv6: false, l2PodAnnouncementsInterfaceKey: true, dsrDispatchIpip: false, kubernetesTested: [30, 33], gatewayApiForcesSocketLbHostNamespaceOnly: false },
  { minor: '1.19', newestPatch: '1.19.6', l2AnnouncementsIpv6: true, l2PodAnnouncementsInterfaceKey: false, dsrDispatchIpip: true, kubernetesTested: [31, 34], gatewayApiForcesSocketLbHostNamespaceOnly: false },
  { minor: '1.20', newestPatch: '1.20.0', l2AnnouncementsIpv6: true, l2PodAnnouncementsInterfaceKey: false, dsrDispatchIpip: true, kubernetesTested: [33, 36], gatewayApiForcesSocketLbHostNamespaceOnly: true },
];

const NEWEST = CILIUM_CAPABILITIES[CILIUM_CAPABILITIES.length - 1];

/** Human-readable supported range, for messages. */
export const SUPPORTED_CILIUM_RANGE = `${CILIUM_CAPABILITIES[0].minor}.x–${NEWEST.minor}.x`;

/** The supported minors as a sentence fragment: `1.18.x, 1.19.x or 1.20.x`. */
export const SUPPORTED_CILIUM_MINORS = CILIUM_CAPABILITIES.map((c) => `${c.minor}.x`).join(', ').replace(/, ([^,]*)$/, ' or $1');

/** A release to suggest in messages and imports: the newest held patch of the newest supported minor (a `.0` would miss its fixes). */
export const SUGGESTED_CILIUM_RELEASE = NEWEST.newestPatch;

/** The capabilities of a `1.<minor>.<patch>` release, or undefined when the minor is not supported. */
export function ciliumCapabilities(version: string): CiliumCapabilities | undefined {
  const m = /^([0-9]+\.[0-9]+)\.[0-9]+$/.exec(version);
  return m ? CILIUM_CAPABILITIES.find((c) => c.minor === m[1]) : undefined;
}

/** The capabilities rendering assumes for an unsupported release (the version check reports it). */
export function ciliumCapabilitiesOrNewest(version: string): CiliumCapabilities {
  return ciliumCapabilities(version) ?? NEWEST;
}
