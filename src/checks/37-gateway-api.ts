/**
 * Check 37: Cilium's Gateway API and its CRDs. The operator needs the Gateway API CRDs before it
 * starts (Documentation/network/servicemesh/gateway-api/gateway-api.rst, "Prerequisites"). k3s
 * v1.37 ships them as its `gateway-api-crd` component and takes existing ones over
 * (`takeOwnership: true`, k3s-io/k3s#14564); older k3s ships none. So `crds: k3s` needs a pinned
 * k3s 1.37+, and `crds: user` on 1.37+ disables the component (the resolver adds it to `disable`).
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkGatewayApi(cluster: ResolvedCluster): Diagnostic[] {
  const g = cluster.cilium.gatewayAPI;
  if (!g.enabled || g.crds !== 'k3s' || cluster.k3s.caps?.gatewayApiCrds) return [];
  const which = cluster.k3s.version === undefined ? 'k3s.version is not pinned' : `k3s ${cluster.k3s.version} ships none`;
  return [error(at('cilium', 'gatewayAPI', 'crds'), `k3s installs the Gateway API CRDs from v1.37 on, and ${which}`,
    'Pin k3s.version to v1.37 or later, or set crds: user and install the CRDs yourself (PLAN.md lists them).')];
}
