/** Check 15: the Cilium release is a minor upstream still supports: it picks the chart and the Helm keys. */
import { ciliumCapabilities, SUGGESTED_CILIUM_RELEASE, SUPPORTED_CILIUM_MINORS, SUPPORTED_CILIUM_RANGE } from '../model/cilium-versions.js';
import { at, Diagnostic, error } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

/** The finding of an unsupported release at `path`; none for a supported one. */
export function ciliumVersionDiagnostics(path: string, version: string): Diagnostic[] {
  if (ciliumCapabilities(version)) return [];
  return [error(path, `Cilium ${version} is not supported; supported releases are ${SUPPORTED_CILIUM_RANGE}`,
    `Use a ${SUPPORTED_CILIUM_MINORS} release, e.g. ${SUGGESTED_CILIUM_RELEASE}.`)];
}

export function checkCiliumVersion(cluster: ResolvedCluster): Diagnostic[] {
  return ciliumVersionDiagnostics(at('cilium', 'version'), cluster.cilium.version);
}
