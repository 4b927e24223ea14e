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
   * The newest patch release of the minor whose chart the project holds (../shared/cilium-charts/SOURCES.md,
   * ../shared/cilium/<release>/SOURCES.md): upstream's upgrade guide asks for it before the next minor.
   */
  readonly newestPatch: string;
  /** The Kubernetes minors upstream's end-to-end tests cover for this minor, oldest and newest (Documentation/network/kubernetes/requirements.rst). */
  readonly kubernetesTested: readonly [string, string];
}

/** The minors upstream still supports, oldest first. */
export const CILIUM_CAPABILITIES: readonly CiliumCapabilities[] = [
  { minor: '1.18', l2AnnouncementsIpv6: false, l2PodAnnouncementsInterfaceKey: true, newestPatch: '1.18.12', kubernetesTested: ['1.30', '1.33'] },
  { minor: '1.19', l2AnnouncementsIpv6: true, l2PodAnnouncementsInterfaceKey: false, newestPatch: '1.19.6', kubernetesTested: ['1.31', '1.34'] },
  { minor: '1.20', l2AnnouncementsIpv6: true, l2PodAnnouncementsInterfaceKey: false, newestPatch: '1.20.0', kubernetesTested: ['1.33', '1.36'] },
];

const NEWEST = CILIUM_CAPABILITIES[CILIUM_CAPABILITIES.length - 1];

/** Human-readable supported range, for messages. */
export const SUPPORTED_CILIUM_RANGE = `${CILIUM_CAPABILITIES[0].minor}.x–${NEWEST.minor}.x`;

/** The supported minors as a sentence fragment: `1.18.x, 1.19.x or 1.20.x`. */
export const SUPPORTED_CILIUM_MINORS = CILIUM_CAPABILITIES.map((c) => `${c.minor}.x`).join(', ').replace(/, ([^,]*)$/, ' or $1');

/** A release to suggest in messages: the first patch of the newest supported minor. */
export const SUGGESTED_CILIUM_RELEASE = `${NEWEST.minor}.0`;

/** The capabilities of a `1.<minor>.<patch>` release, or undefined when the minor is not supported. */
export function ciliumCapabilities(version: string): CiliumCapabilities | undefined {
  const m = /^([0-9]+\.[0-9]+)\.[0-9]+$/.exec(version);
  return m ? CILIUM_CAPABILITIES.find((c) => c.minor === m[1]) : undefined;
}

/** The capabilities rendering assumes for an unsupported release (the version check reports it). */
export function ciliumCapabilitiesOrNewest(version: string): CiliumCapabilities {
  return ciliumCapabilities(version) ?? NEWEST;
}
