/**
 * The Cilium chart's own render-time rules (`fail` in templates/validate.yaml and
 * templates/cilium-configmap.yaml) that read keys this project renders, encoded so synth refuses
 * what `helm template` would refuse, with the chart's message and a fix in the cluster file's
 * terms. The predicates read the rendered values with the chart's defaults for keys left out.
 * test/upstream/chart-rules.test.ts holds the table against every held chart: every `fail` that
 * reads a rendered key is here (or listed there as dormant under the chart defaults), each
 * message is verbatim, the defaults are the chart's, and helm fails exactly when a predicate holds.
 */
import type { ClusterSpec } from './cluster-spec.js';
import type { PathSegments } from './diagnostics.js';

type Values = Readonly<Record<string, unknown>>;

/** A value of the rendered values by dotted path, or the chart default the rule assumes. */
function get(values: Values, path: string, chartDefault: unknown): unknown {
  let v: unknown = values;
  for (const k of path.split('.')) {
    if (!v || typeof v !== 'object' || !(k in v)) return chartDefault;
    v = (v as Record<string, unknown>)[k];
  }
  return v ?? chartDefault;
}

/** Go template truthiness: false, 0, "", nil and empty collections are false. */
const truthy = (v: unknown) => !(v === undefined || v === null || v === false || v === 0 || v === ''
  || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0));

export interface CiliumChartRule {
  /** The chart's message, verbatim (what `helm template` prints after the template position). */
  readonly message: string;
  /** The template that holds the `fail`. */
  readonly template: string;
  /** The minors whose charts have the rule. */
  readonly minors: readonly string[];
  /** The chart defaults the predicate assumes for keys the values leave out (checked against each chart's values.yaml). */
  readonly chartDefaults: Readonly<Record<string, unknown>>;
  /** Whether the chart fails on these values. */
  readonly fails: (values: Values) => boolean;
  /** The cluster-file field that leads to it. */
  readonly field: PathSegments<ClusterSpec>;
  readonly fix: string;
}

const ALL = ['1.18', '1.19', '1.20'] as const;

const rule = (r: Omit<CiliumChartRule, 'fails'> & { fails: (v: (path: string) => unknown) => boolean }): CiliumChartRule => ({
  ...r,
  fails: (values) => r.fails((path) => get(values, path, r.chartDefaults[path])),
});

export const CILIUM_CHART_RULES: readonly CiliumChartRule[] = [
  rule({
    message: 'Hubble UI requires .Values.hubble.relay.enabled=true',
    template: 'templates/validate.yaml',
    minors: ALL,
    chartDefaults: { 'hubble.ui.enabled': false, 'hubble.ui.standalone.enabled': false, 'hubble.relay.enabled': false },
    fails: (v) => truthy(v('hubble.ui.enabled')) && !truthy(v('hubble.ui.standalone.enabled')) && !truthy(v('hubble.relay.enabled')),
    field: ['cilium', 'hubble', 'ui'],
    fix: 'Set cilium.hubble.relay: true as well (the UI reads flows from hubble-relay), or turn the UI off.',
  }),
  rule({
    message: 'Hubble Relay requires .Values.hubble.enabled=true',
    template: 'templates/validate.yaml',
    minors: ALL,
    chartDefaults: { 'hubble.relay.enabled': false, 'hubble.enabled': true },
    fails: (v) => truthy(v('hubble.relay.enabled')) && !truthy(v('hubble.enabled')),
    field: ['cilium', 'hubble', 'relay'],
    fix: 'Set cilium.hubble.enabled: true as well (relay reads the flows of every agent\'s Hubble server), or turn relay off.',
  }),
  rule({
    message: 'tunnel was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options',
    template: 'templates/validate.yaml',
    minors: ALL,
    chartDefaults: {},
    fails: (v) => truthy(v('tunnel')),
    field: ['cilium', 'routingMode'],
    fix: 'Use cilium.routingMode: native (unencapsulated) or tunnel with cilium.tunnelProtocol.',
  }),
  rule({
    message: 'kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.',
    template: 'templates/cilium-configmap.yaml',
    minors: ALL,
    chartDefaults: { kubeProxyReplacement: 'false' },
    fails: (v) => !['true', 'false'].includes(String(v('kubeProxyReplacement'))),
    field: ['cilium'],
    fix: 'kubeProxyReplacement is always true in these values; report this as a bug of k3s-cilium-cdk8s.',
  }),
  rule({
    message: ' ipv4NativeRoutingCIDR must be set when routingMode is native',
    template: 'templates/cilium-configmap.yaml',
    minors: ALL,
    chartDefaults: {
      routingMode: '', 'ipv4.enabled': true, enableIPv4Masquerade: null, 'ipMasqAgent.enabled': false, 'ipam.mode': 'cluster-pool',
      ipv4NativeRoutingCIDR: '', 'eni.enabled': false, 'alibabacloud.enabled': false,
    },
    // The chart's guard only fires with enableIPv4Masquerade set true (null is false in Go templates); check 7 requires the CIDR anyway.
    fails: (v) => v('routingMode') === 'native' && truthy(v('ipv4.enabled')) && truthy(v('enableIPv4Masquerade')) && !truthy(v('ipMasqAgent.enabled'))
      && !['eni', 'alibabacloud'].includes(String(v('ipam.mode'))) && !truthy(v('ipv4NativeRoutingCIDR')),
    field: ['cilium', 'ipv4NativeRoutingCIDR'],
    fix: 'Set cilium.ipv4NativeRoutingCIDR to a CIDR that holds k3s.clusterCidr.',
  }),
  rule({
    message: 'ipv6NativeRoutingCIDR must be set when routingMode is native',
    template: 'templates/cilium-configmap.yaml',
    minors: ALL,
    chartDefaults: {
      routingMode: '', 'ipv6.enabled': false, enableIPv6Masquerade: true, 'ipMasqAgent.enabled': false, ipv6NativeRoutingCIDR: '',
      'ipam.mode': 'cluster-pool', nativeRoutingCIDRFromClusterPool: false,
    },
    fails: (v) => v('routingMode') === 'native' && truthy(v('ipv6.enabled')) && truthy(v('enableIPv6Masquerade')) && !truthy(v('ipMasqAgent.enabled'))
      && !truthy(v('ipv6NativeRoutingCIDR')) && !(v('ipam.mode') === 'cluster-pool' && truthy(v('nativeRoutingCIDRFromClusterPool'))),
    field: ['cilium', 'ipv6NativeRoutingCIDR'],
    fix: 'Set cilium.ipv6NativeRoutingCIDR to a CIDR that holds the IPv6 CIDR of k3s.clusterCidr.',
  }),
  rule({
    message: 'ipam.mode=eni requires eni.enabled=true',
    template: 'templates/validate.yaml',
    minors: ['1.20'],
    chartDefaults: { 'ipam.mode': 'cluster-pool', 'eni.enabled': false },
    fails: (v) => v('ipam.mode') === 'eni' && !truthy(v('eni.enabled')),
    field: ['cilium'],
    fix: 'ipam.mode is kubernetes or cluster-pool in these values; report this as a bug of k3s-cilium-cdk8s.',
  }),
  // The rules below read keys only cilium.values or a datapath field sets.
  rule({
    message: 'Service Monitor requires monitoring.coreos.com/v1 CRDs. Please refer to https://github.com/prometheus-operator/prometheus-operator/blob/main/'
      + 'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml or set .Values.prometheus.serviceMonitor.trustCRDsExist=true',
    template: 'templates/validate.yaml',
    minors: ALL,
    chartDefaults: {
      'prometheus.enabled': false, 'prometheus.serviceMonitor.enabled': false, 'operator.prometheus.enabled': true,
      'operator.prometheus.serviceMonitor.enabled': false, 'envoy.prometheus.enabled': true, 'envoy.prometheus.serviceMonitor.enabled': false,
      'hubble.relay.prometheus.enabled': false, 'hubble.relay.prometheus.serviceMonitor.enabled': false, 'prometheus.serviceMonitor.trustCRDsExist': false,
    },
    // helm template (and a first install) cannot see the CRDs: only trustCRDsExist makes a ServiceMonitor render.
    fails: (v) => ['prometheus', 'operator.prometheus', 'envoy.prometheus', 'hubble.relay.prometheus']
      .some((p) => truthy(v(`${p}.enabled`)) && truthy(v(`${p}.serviceMonitor.enabled`))) && !truthy(v('prometheus.serviceMonitor.trustCRDsExist')),
    field: ['cilium', 'values'],
    fix: 'Install the Prometheus operator CRDs first and set prometheus.serviceMonitor.trustCRDsExist: true in cilium.values, or drop the serviceMonitor.',
  }),
  rule({
    message: 'Ingress or Gateway API controller or Envoy L7 Load Balancer requires .Values.l7Proxy to be set to \'true\'',
    template: 'templates/validate.yaml',
    minors: ALL,
    chartDefaults: { 'ingressController.enabled': false, 'gatewayAPI.enabled': false, 'loadBalancer.l7.backend': 'disabled', l7Proxy: true },
    fails: (v) => (truthy(v('ingressController.enabled')) || truthy(v('gatewayAPI.enabled')) || v('loadBalancer.l7.backend') === 'envoy') && !truthy(v('l7Proxy')),
    field: ['cilium', 'values'],
    fix: 'Leave l7Proxy out of cilium.values (it defaults to true), or turn Gateway API and Ingress off.',
  }),
  rule({
    message: 'Cilium GatewayAPI needs an externalTrafficPolicy set to \'Cluster\' or \'Local\'.',
    template: 'templates/validate.yaml',
    minors: ALL,
    chartDefaults: { 'gatewayAPI.enabled': false, 'gatewayAPI.externalTrafficPolicy': 'Cluster' },
    fails: (v) => truthy(v('gatewayAPI.enabled')) && !['Cluster', 'Local'].includes(String(v('gatewayAPI.externalTrafficPolicy'))),
    field: ['cilium', 'values'],
    fix: 'Set gatewayAPI.externalTrafficPolicy in cilium.values to Cluster or Local.',
  }),
  rule({
    message: '.Values.bpf.tproxy cannot be enabled with .Values.bpf.datapathMode=netkit or .Values.bpf.datapathMode=netkit-l2',
    template: 'templates/validate.yaml',
    minors: ['1.19', '1.20'],
    chartDefaults: { 'bpf.tproxy': null, 'bpf.datapathMode': 'veth' },
    fails: (v) => truthy(v('bpf.tproxy')) && ['netkit', 'netkit-l2'].includes(String(v('bpf.datapathMode'))),
    field: ['cilium', 'datapathMode'],
    fix: 'Drop bpf.tproxy from cilium.values, or use datapathMode: veth.',
  }),
];

/** The rules of a minor's chart that the values trip. */
export function chartRulesFailing(minor: string, values: Values): CiliumChartRule[] {
  return CILIUM_CHART_RULES.filter((r) => r.minors.includes(minor) && r.fails(values));
}
