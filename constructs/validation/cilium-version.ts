import { ciliumCapabilities, SUGGESTED_CILIUM_RELEASE, SUPPORTED_CILIUM_MINORS, SUPPORTED_CILIUM_RANGE } from '../cilium-versions.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedCluster } from '../resolved-cluster.js';

/** The Cilium release must be a minor upstream still supports: it picks apiVersions and Helm keys. */
export function validateCiliumVersion(cluster: ResolvedCluster): Diagnostic[] {
  const version = cluster.cilium.version;
  if (ciliumCapabilities(version)) return [];
  return [{
    severity: 'error',
    path: 'cilium.version',
    message: `Cilium ${version} is not supported; supported releases are ${SUPPORTED_CILIUM_RANGE}`,
    fix: `Use a ${SUPPORTED_CILIUM_MINORS} release, e.g. ${SUGGESTED_CILIUM_RELEASE}.`,
  }];
}
