/**
 * What each supported k3s minor does differently, so the model asks a capability instead of
 * comparing versions. k3s v1.<minor> ships Kubernetes 1.<minor>. Sources: ../shared/k3s/SOURCES.md
 * (flags of release-1.34 and of master, Kubernetes 1.36), ../shared/notes/k3s.md, and for 1.37 the
 * bundled Gateway API CRDs: k3s-io/k3s#14564 (manifests/gateway-api-crd.yaml, standard channel,
 * `takeOwnership: true`) and k3s-io/k3s#14681 (`gateway-api-crd` in the `disable` list).
 */

/** Capabilities of one k3s minor release. */
export interface K3sCapabilities {
  /** The minor, e.g. 36 for v1.36.x. */
  readonly minor: number;
  /** k3s installs the Gateway API CRDs itself (packaged component `gateway-api-crd`). */
  readonly gatewayApiCrds: boolean;
  /** Flags of flags.json missing from this release (`notInK3sV1_34_3` marks those added after v1.34.3). */
  readonly hasFlagsAfter1_34_3: boolean;
}

/** The k3s minors this project supports, oldest first. */
export const K3S_CAPABILITIES: readonly K3sCapabilities[] = [
  { minor: 34, gatewayApiCrds: false, hasFlagsAfter1_34_3: false },
  { minor: 35, gatewayApiCrds: false, hasFlagsAfter1_34_3: false },
  { minor: 36, gatewayApiCrds: false, hasFlagsAfter1_34_3: true },
  { minor: 37, gatewayApiCrds: true, hasFlagsAfter1_34_3: true },
];

/** The supported minors for messages: `v1.34–v1.37`. */
export const SUPPORTED_K3S_RANGE = `v1.${K3S_CAPABILITIES[0].minor}–v1.${K3S_CAPABILITIES[K3S_CAPABILITIES.length - 1].minor}`;

const K3S_VERSION = /^v1\.([0-9]+)\.([0-9]+)\+k3s([0-9]+)$/;

/** The Kubernetes minor a k3s release ships, or undefined when `version` is not `v1.<minor>.<patch>+k3s<n>`. */
export function k3sKubernetesMinor(version: string): number | undefined {
  const m = K3S_VERSION.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** The capabilities of a k3s release, or undefined when its minor is not supported. */
export function k3sCapabilities(version: string): K3sCapabilities | undefined {
  const minor = k3sKubernetesMinor(version);
  return K3S_CAPABILITIES.find((c) => c.minor === minor);
}
