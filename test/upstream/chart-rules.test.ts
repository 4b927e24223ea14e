/**
 * The chart rules synth checks (src/model/cilium-chart-rules.ts, check 29) against every held chart:
 * every `fail` of the chart's templates that reads a key this project renders is encoded there, or
 * listed below as dormant under the chart's defaults (or covered by another check) with the reason;
 * each encoded message is the chart's, verbatim, on exactly the minors it names; the defaults the
 * predicates assume are the chart's; and the real helm fails with that message exactly when the
 * predicate says so.
 */
import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { valuePaths } from '../../src/conformance/helm-values.js';
import { CILIUM_CHART_RULES, type CiliumChartRule } from '../../src/model/cilium-chart-rules.js';
import { ciliumCapabilities } from '../../src/model/cilium-versions.js';
import { chartFailSites, FailSite } from '../../tools/upstream/chart-templates.js';
import { ciliumChart, helmTemplate, HelmTemplateError } from '../../tools/upstream/index.js';
import { keyAt } from '../../tools/upstream/value-paths.js';
import { chartValues } from '../../tools/upstream/value-probes.js';
import { describeWithReference } from '../conformance/reference.js';
import { loadValidFor, representativeRuns } from '../representative.js';

/** `fail`s that read a rendered key but cannot trip: the keys that would have to change are ones this project never renders. */
const DORMANT: readonly { message: RegExp; reason: string }[] = [
  { message: /^printf "RoutingMode must be set to native when gke\.enabled=true"/, reason: 'needs gke.enabled (default false)' },
  { message: /^printf "RoutingMode must be set to tunnel when aksbyocni\.enabled=true"/, reason: 'needs aksbyocni.enabled (default false)' },
  { message: /^nativeRoutingCIDRFromClusterPool requires exactly one CIDR/, reason: 'needs nativeRoutingCIDRFromClusterPool (default false)' },
  { message: /^Both k8sServiceHostRef and k8sServiceHost are set/, reason: 'needs k8sServiceHostRef.name and .key (default empty)' },
  { message: /^Hubble UI in standalone with Hubble Relay server TLS enabled/, reason: 'needs hubble.ui.standalone.enabled (default false)' },
  { message: /^Hubble TLS certgen method=certmanager/, reason: 'needs hubble.tls.auto.method certmanager (default helm)' },
  { message: /^Hubble UI requires hubble\.ui\.(backend|frontend)\.image\.tag to be '>=v0\.9\.0'/, reason: 'the chart\'s own image tags are newer' },
  { message: /^Value ipam\.operator\.clusterPoolIPv4PodCIDR removed/, reason: 'needs ipam.operator.clusterPoolIPv4PodCIDR (1.18 only; never rendered: check 35 refuses ipam keys in the overlay)' },
  { message: /^Value ipam\.operator\.clusterPoolIPv6PodCIDR removed/, reason: 'needs ipam.operator.clusterPoolIPv6PodCIDR (1.18 only; never rendered)' },
  { message: /^Ingress\/Gateway API controller and EnvoyConfig require \.Values\.kubeProxyReplacement/, reason: 'needs Ingress, Gateway API or EnvoyConfig' },
];
/** `fail`s another check refuses before the chart sees them. */
const COVERED: readonly { message: RegExp; check: string }[] = [
  {
    message: /^printf "ConfigMap %s\/%s not found, please create it or set k8sServiceHost/,
    check: 'check 6 refuses k3s.apiServer.host: auto on every release',
  },
];

/** Rule-tripping edits of rendered values, one per encoded rule (by message). */
const TRIPS: Readonly<Record<string, (v: Record<string, any>) => void>> = {
  'Hubble UI requires .Values.hubble.relay.enabled=true': (v) => { v.hubble = { enabled: true, relay: { enabled: false }, ui: { enabled: true } }; },
  'Hubble Relay requires .Values.hubble.enabled=true': (v) => { v.hubble = { enabled: false, relay: { enabled: true }, ui: { enabled: false } }; },
  'tunnel was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options':
    (v) => { v.tunnel = 'disabled'; },
  'kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.': (v) => { v.kubeProxyReplacement = 'strict'; },
  ' ipv4NativeRoutingCIDR must be set when routingMode is native': (v) => { delete v.ipv4NativeRoutingCIDR; v.enableIPv4Masquerade = true; },
  'ipv6NativeRoutingCIDR must be set when routingMode is native': (v) => { v.ipv6 = { enabled: true }; delete v.ipv6NativeRoutingCIDR; },
  'ipam.mode=eni requires eni.enabled=true': (v) => { v.ipam = { mode: 'eni' }; },
  [CILIUM_CHART_RULES.find((r) => r.message.startsWith('Service Monitor requires'))!.message]: (v) => { v.prometheus = { enabled: true, serviceMonitor: { enabled: true } }; },
  'Ingress or Gateway API controller or Envoy L7 Load Balancer requires .Values.l7Proxy to be set to \'true\'': (v) => { v.gatewayAPI = { enabled: true }; v.l7Proxy = false; },
  'Cilium GatewayAPI needs an externalTrafficPolicy set to \'Cluster\' or \'Local\'.': (v) => { v.gatewayAPI = { enabled: true, externalTrafficPolicy: 'Both' }; },
  '.Values.bpf.tproxy cannot be enabled with .Values.bpf.datapathMode=netkit or .Values.bpf.datapathMode=netkit-l2':
    (v) => { v.bpf = { ...v.bpf, tproxy: true, datapathMode: 'netkit' }; },
};

const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

describeWithReference('the chart\'s own rules, encoded for synth', (ref) => {
  const releases = ref.ciliumReleases();
  const sites = new Map(releases.map((r) => [r, chartFailSites(ciliumChart(r))]));
  // Every key path this project renders, over every representative cluster and release.
  const rendered = [...new Set(representativeRuns(releases).runs
    .flatMap(({ release, file }) => valuePaths(loadValidFor(file, release).cluster.cilium.values)))];
  const encoded = (site: FailSite, minor: string) => CILIUM_CHART_RULES.find((r) => r.message === site.message && r.minors.includes(minor));

  test('the rendered keys include what the rules read', () => {
    for (const path of ['hubble.ui.enabled', 'hubble.relay.enabled', 'routingMode', 'ipv6NativeRoutingCIDR', 'tunnelProtocol', 'bgpControlPlane.enabled']) {
      expect(rendered).toContain(path);
    }
  });

  test.each(releases)('every fail of the Cilium %s chart that reads a rendered key is encoded, dormant or covered', (release) => {
    const minor = ciliumCapabilities(release)!.minor;
    const reading = sites.get(release)!.filter((s) => s.valuePaths.some((p) => rendered.some((r) => related(p, r))));
    expect(reading.length).toBeGreaterThan(5);
    const unaccounted = reading.filter((s) => !encoded(s, minor)
      && !DORMANT.some((d) => d.message.test(s.message)) && !COVERED.some((c) => c.message.test(s.message)));
    expect(unaccounted.map((s) => `${s.file}:${s.line} [${s.valuePaths.join(', ')}] ${s.message}`)).toEqual([]);
  });

  const rules = CILIUM_CHART_RULES.map((rule) => ({ rule, message: rule.message.trim() }));
  test.each(rules)('"$message" is in the charts of exactly its minors, verbatim', ({ rule }) => {
    for (const release of releases) {
      const has = sites.get(release)!.some((s) => s.message === rule.message && s.file === rule.template);
      expect(has, release).toBe(rule.minors.includes(ciliumCapabilities(release)!.minor));
    }
  });

  test.each(releases)('the chart defaults the predicates assume are those of the Cilium %s chart', (release) => {
    const values = chartValues(release);
    const minor = ciliumCapabilities(release)!.minor;
    for (const rule of CILIUM_CHART_RULES.filter((r) => r.minors.includes(minor))) {
      for (const [path, assumed] of Object.entries(rule.chartDefaults)) {
        const actual = keyAt(values, path);
        // A key the chart does not have is nil in its templates, which only a falsy default stands for.
        if (actual.present) expect(actual.value ?? null, `${rule.message}: ${path}`).toEqual(assumed ?? null);
        else expect(!assumed, `${rule.message}: ${path} absent`).toBe(true);
      }
    }
  });

  const probes = releases.flatMap((release) => CILIUM_CHART_RULES.filter((r) => r.minors.includes(ciliumCapabilities(release)!.minor))
    .map((rule: CiliumChartRule) => ({ release, rule, message: rule.message.trim() })));
  test.concurrent.each(probes)('helm template on Cilium $release fails with "$message" exactly when the rule says so', async ({ release, rule }) => {
    const base = structuredClone(loadValidFor('test/fixtures/clusters/homelab.yaml', release).cluster.cilium.values) as Record<string, any>;
    expect(rule.fails(base)).toBe(false);
    const tripped = structuredClone(base);
    TRIPS[rule.message](tripped);
    expect(rule.fails(tripped)).toBe(true);
    const failure = await helmTemplate({ chart: ciliumChart(release), values: stringify(tripped) }).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(HelmTemplateError);
    // The fail sites are read with runs of white space squashed (1.18–1.20 print "Load Balancer  requires" with two spaces).
    expect((failure as HelmTemplateError).reason.replace(/\s+/g, ' ')).toBe(rule.message.trim());
  });
});
