/** Check 15: the Cilium release is a minor upstream still supports: it picks the chart and the Helm keys. */
import { ciliumCapabilities, SUGGESTED_CILIUM_RELEASE, SUPPORTED_CILIUM_MINORS, SUPPORTED_CILIUM_RANGE } from '../model/cilium-versions.js';
import { at, Diagnostic, error } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkCiliumVersion(cluster: ResolvedCluster): Diagnostic[] {
  const version = cluster.cilium.version;
  if (ciliumCapabilities(version)) return [];
  return [error(at('cilium', 'version'), `Cilium ${version} is not supported; supported releases are ${SUPPORTED_CILIUM_RANGE}`,
    `Use a ${SUPPORTED_CILIUM_MINORS} release, e.g. ${SUGGESTED_CILIUM_RELEASE}.`)];
}
