/**
 * Check 29: the Cilium chart's own render-time rules (templates/validate.yaml and the ConfigMap's
 * guards) on the values this cluster renders, for the target release's chart: what `helm template`
 * or k3s's Helm install would refuse, refused at synth time with the chart's own message. The table
 * is src/model/cilium-chart-rules.ts; the real charts judge it in test/upstream/.
 */
import { chartRulesFailing } from '../model/cilium-chart-rules.js';
import { at, Diagnostic, error } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkCiliumChartRules(cluster: ResolvedCluster): Diagnostic[] {
  return chartRulesFailing(cluster.cilium.caps.minor, cluster.cilium.values).map((rule) => error(at(...rule.field),
    // The one message with a space around it (ipv4NativeRoutingCIDR's) never fails on rendered values: with native routing the
    // resolver defaults that CIDR to the pod CIDR (src/model/resolve/cluster.ts), and the overlay may not set it (check 35).
    // Stryker disable next-line MethodExpression: equivalent, see above
    `the Cilium ${cluster.cilium.version} chart refuses the values this renders (${rule.template}): "${rule.message.trim()}"`, rule.fix));
}
