/**
 * What each supported Cilium minor accepts. Every difference between minors that changes what we
 * render lives in this table, so constructs ask a capability instead of comparing versions.
 * Sources: ../shared/notes/cilium.md §3 and §8, the CRDs and values.schema.json of each release.
 */

/** Capabilities of one Cilium minor release. */
export interface CiliumCapabilities {
  /** The minor, e.g. "1.20". */
  minor: string;
  /** apiVersion of CiliumLoadBalancerIPPool (v2 since 1.18). */
  lbIpPoolApiVersion: 'cilium.io/v2';
  /** apiVersion of CiliumL2AnnouncementPolicy (never promoted past v2alpha1). */
  l2AnnouncementPolicyApiVersion: 'cilium.io/v2alpha1';
  /** apiVersion of the BGP control plane v2 kinds (v2 since 1.18). */
  bgpApiVersion: 'cilium.io/v2';
  /** L2 announcements answer NDP for IPv6 addresses (1.19+). */
  l2AnnouncementsIpv6: boolean;
  /** The `devices` Helm key is in values.yaml/values.schema.json (1.20+; commented before). */
  devicesValueInSchema: boolean;
  /** `nativeRoutingCIDRFromClusterPool` exists (1.20+). */
  nativeRoutingCidrFromClusterPool: boolean;
  /** `l2podAnnouncements.interface` still works (1.18 only; 1.19+ must use `interfacePattern`). */
  l2PodAnnouncementsInterfaceKey: boolean;
}

/** The minors upstream still supports, oldest first. */
export const CILIUM_CAPABILITIES: readonly CiliumCapabilities[] = [
  {
    minor: '1.18', lbIpPoolApiVersion: 'cilium.io/v2', l2AnnouncementPolicyApiVersion: 'cilium.io/v2alpha1', bgpApiVersion: 'cilium.io/v2',
    l2AnnouncementsIpv6: false, devicesValueInSchema: false, nativeRoutingCidrFromClusterPool: false, l2PodAnnouncementsInterfaceKey: true,
  },
  {
    minor: '1.19', lbIpPoolApiVersion: 'cilium.io/v2', l2AnnouncementPolicyApiVersion: 'cilium.io/v2alpha1', bgpApiVersion: 'cilium.io/v2',
    l2AnnouncementsIpv6: true, devicesValueInSchema: false, nativeRoutingCidrFromClusterPool: false, l2PodAnnouncementsInterfaceKey: false,
  },
  {
    minor: '1.20', lbIpPoolApiVersion: 'cilium.io/v2', l2AnnouncementPolicyApiVersion: 'cilium.io/v2alpha1', bgpApiVersion: 'cilium.io/v2',
    l2AnnouncementsIpv6: true, devicesValueInSchema: true, nativeRoutingCidrFromClusterPool: true, l2PodAnnouncementsInterfaceKey: false,
  },
];

const NEWEST = CILIUM_CAPABILITIES[CILIUM_CAPABILITIES.length - 1].minor;

/** Human-readable supported range, for messages. */
export const SUPPORTED_CILIUM_RANGE = `${CILIUM_CAPABILITIES[0].minor}.x–${NEWEST}.x`;

/** The supported minors as a sentence fragment: `1.18.x, 1.19.x or 1.20.x`. */
export const SUPPORTED_CILIUM_MINORS = CILIUM_CAPABILITIES.map((c) => `${c.minor}.x`).join(', ').replace(/, ([^,]*)$/, ' or $1');

/** A release to suggest in messages: the first patch of the newest supported minor. */
export const SUGGESTED_CILIUM_RELEASE = `${NEWEST}.0`;

/** The capabilities of a `1.<minor>.<patch>` release, or undefined when the minor is not supported. */
export function ciliumCapabilities(version: string): CiliumCapabilities | undefined {
  const m = /^([0-9]+\.[0-9]+)\.[0-9]+$/.exec(version);
  return m ? CILIUM_CAPABILITIES.find((c) => c.minor === m[1]) : undefined;
}
