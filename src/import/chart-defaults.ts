/**
 * What a running Cilium does where its Helm values say nothing: the chart's default. Where that
 * differs from the model's default, the imported file states the chart's, so adopting a setup does not
 * re-route or re-address it (values.yaml and cilium-configmap.yaml of 1.18–1.20: `routingMode: ""`
 * renders `routing-mode: tunnel` off GKE and ENI, `ipam.mode: cluster-pool` with 10.0.0.0/8,
 * `autoDirectNodeRoutes: false`).
 */
import { type Draft, getField, setField } from './draft.js';
import type { ImportReport } from './report.js';

/** Fills the fields whose chart default the merged Helm values `input` leave in force, each marked as inferred. */
export function inferChartDefaults(input: Record<string, unknown>, draft: Draft, report: ImportReport): void {
  const unset = (path: string) => getField(input, path) === undefined;
  if (unset('kubeProxyReplacement')) {
    report.note('kubeProxyReplacement: not in the Cilium values, so the running Cilium leaves Services to kube-proxy (the chart\'s default, false); '
      + 'this cluster file has Cilium replace it and k3s run without it: plan the switch (Services are re-programmed, long-lived connections may drop).');
  }
  if (unset('routingMode') && unset('tunnel') && getField(draft, 'cilium.routingMode') === undefined) {
    setField(draft, 'cilium.routingMode', 'tunnel');
    report.infer('cilium.routingMode', 'no routingMode in the Cilium values: the chart routes pods through a VXLAN tunnel then; '
      + 'native routing (this product\'s default) would change how pod traffic crosses nodes');
  } else if (unset('autoDirectNodeRoutes') && getField(draft, 'cilium.routingMode') !== 'tunnel') {
    setField(draft, 'cilium.autoDirectNodeRoutes', false);
    report.infer('cilium.autoDirectNodeRoutes', 'no autoDirectNodeRoutes in the Cilium values: the chart\'s default is false (pod routes come from elsewhere, e.g. BGP)');
  }
  if (unset('ipam.mode')) {
    setField(draft, 'cilium.ipamMode', 'cluster-pool');
    report.infer('cilium.ipamMode', 'no ipam.mode in the Cilium values: the chart\'s default, cluster-pool (the operator hands out pod ranges); '
      + 'changing IPAM on a running cluster re-addresses its pods');
  }
  if (getField(draft, 'cilium.ipamMode') === 'cluster-pool' && unset('ipam.operator.clusterPoolIPv4PodCIDRList')) {
    report.note('ipam.operator.clusterPoolIPv4PodCIDRList: not in the Cilium values, so pods take addresses from the chart\'s default 10.0.0.0/8, '
      + 'while this cluster file gives the operator k3s.clusterCidr: set k3s.clusterCidr to the pool your pods use, or expect them to be re-addressed.');
  }
}
