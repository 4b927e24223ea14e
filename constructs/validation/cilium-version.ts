import { ciliumCapabilities, SUPPORTED_CILIUM_RANGE } from '../cilium-versions.js';
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
    fix: 'Use a 1.18.x, 1.19.x or 1.20.x release, e.g. 1.20.0.',
  }];
}
