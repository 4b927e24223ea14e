/** Check 15: the Cilium release is a minor upstream still supports: it picks the chart and the Helm keys. */
import { at, Diagnostic } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { ciliumVersionDiagnostics } from './fields.js';

export function checkCiliumVersion(cluster: ResolvedCluster): Diagnostic[] {
  return ciliumVersionDiagnostics(at('cilium', 'version'), cluster.cilium.version);
}
