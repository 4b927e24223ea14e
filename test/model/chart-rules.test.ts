/**
 * The Cilium chart's render-time `fail` rules as the model encodes them (src/model/cilium-chart-rules.ts),
 * in process: each rule trips on the smallest values that trip the chart (leaning on the chart's
 * defaults for every key left out) and not once any one condition is lifted, on exactly its minors.
 * test/upstream/chart-rules.test.ts proves the same table against the real chart through helm.
 */
import { describe, expect, it } from 'vitest';
import { CILIUM_CHART_RULES, chartRulesFailing } from '../../src/model/cilium-chart-rules.js';

type Values = Record<string, unknown>;
const ALL = ['1.18', '1.19', '1.20'];

/** Per rule (by the start of its message): values that trip it, on which minors, and values that each lift one condition. */
const CASES: { rule: string; minors: string[]; fails: Values[]; passes: Values[] }[] = [
  {
    rule: 'Hubble UI requires', minors: ALL,
    fails: [{ hubble: { ui: { enabled: true } } }, { hubble: { ui: { enabled: true, standalone: { enabled: false } }, relay: { enabled: false } } }],
    passes: [
      {}, { hubble: { ui: { enabled: true }, relay: { enabled: true } } }, { hubble: { ui: { enabled: true, standalone: { enabled: true } } } },
      { hubble: { ui: { enabled: false } } },
    ],
  },
  {
    rule: 'Hubble Relay requires', minors: ALL,
    fails: [{ hubble: { enabled: false, relay: { enabled: true } } }],
    passes: [{ hubble: { relay: { enabled: true } } }, { hubble: { enabled: false } }, { hubble: { enabled: true, relay: { enabled: true } } }],
  },
  {
    rule: 'tunnel was deprecated', minors: ALL,
    fails: [{ tunnel: 'vxlan' }, { tunnel: 'disabled' }],
    passes: [{}, { tunnel: '' }, { tunnel: null }, { tunnelProtocol: 'vxlan' }],
  },
  {
    rule: 'kubeProxyReplacement must be', minors: ALL,
    fails: [{ kubeProxyReplacement: 'strict' }, { kubeProxyReplacement: 'partial' }],
    passes: [{}, { kubeProxyReplacement: true }, { kubeProxyReplacement: false }, { kubeProxyReplacement: 'true' }, { kubeProxyReplacement: null }],
  },
  {
    rule: ' ipv4NativeRoutingCIDR must be set', minors: ALL,
    fails: [{ routingMode: 'native', enableIPv4Masquerade: true }, { routingMode: 'native', enableIPv4Masquerade: true, ipv4NativeRoutingCIDR: '', ipam: { mode: 'kubernetes' } }],
    passes: [
      { routingMode: 'native' }, { routingMode: 'tunnel', enableIPv4Masquerade: true }, { routingMode: 'native', enableIPv4Masquerade: true, ipv4NativeRoutingCIDR: '10.42.0.0/16' },
      { routingMode: 'native', enableIPv4Masquerade: true, ipv4: { enabled: false } }, { routingMode: 'native', enableIPv4Masquerade: true, ipMasqAgent: { enabled: true } },
      { routingMode: 'native', enableIPv4Masquerade: true, ipam: { mode: 'eni' } }, { routingMode: 'native', enableIPv4Masquerade: true, ipam: { mode: 'alibabacloud' } },
    ],
  },
  {
    rule: 'ipv6NativeRoutingCIDR must be set', minors: ALL,
    fails: [{ routingMode: 'native', ipv6: { enabled: true } }, { routingMode: 'native', ipv6: { enabled: true }, ipam: { mode: 'kubernetes' }, nativeRoutingCIDRFromClusterPool: true }],
    passes: [
      { routingMode: 'native' }, { routingMode: 'tunnel', ipv6: { enabled: true } }, { routingMode: 'native', ipv6: { enabled: true }, ipv6NativeRoutingCIDR: 'fd00::/48' },
      { routingMode: 'native', ipv6: { enabled: true }, enableIPv6Masquerade: false }, { routingMode: 'native', ipv6: { enabled: true }, ipMasqAgent: { enabled: true } },
      { routingMode: 'native', ipv6: { enabled: true }, nativeRoutingCIDRFromClusterPool: true },
    ],
  },
  {
    rule: 'ipam.mode=eni requires', minors: ['1.20'],
    fails: [{ ipam: { mode: 'eni' } }],
    passes: [{}, { ipam: { mode: 'eni' }, eni: { enabled: true } }, { ipam: { mode: 'kubernetes' } }],
  },
  {
    rule: 'Service Monitor requires', minors: ALL,
    fails: [
      { prometheus: { enabled: true, serviceMonitor: { enabled: true } } }, { operator: { prometheus: { serviceMonitor: { enabled: true } } } },
      { envoy: { prometheus: { serviceMonitor: { enabled: true } } } },
      { hubble: { relay: { prometheus: { enabled: true, serviceMonitor: { enabled: true } } } } },
    ],
    passes: [
      {}, { prometheus: { serviceMonitor: { enabled: true } } }, { hubble: { relay: { prometheus: { serviceMonitor: { enabled: true } } } } },
      { operator: { prometheus: { enabled: false, serviceMonitor: { enabled: true } } } },
      { envoy: { prometheus: { enabled: false, serviceMonitor: { enabled: true } } } },
      { prometheus: { enabled: true, serviceMonitor: { enabled: true, trustCRDsExist: true } } }, { prometheus: { enabled: true } },
    ],
  },
  {
    rule: 'Ingress or Gateway API controller', minors: ALL,
    fails: [
      { l7Proxy: false, gatewayAPI: { enabled: true } }, { l7Proxy: false, ingressController: { enabled: true } },
      { l7Proxy: false, loadBalancer: { l7: { backend: 'envoy' } } },
    ],
    passes: [
      { l7Proxy: false }, { gatewayAPI: { enabled: true } }, { l7Proxy: true, ingressController: { enabled: true } },
      { l7Proxy: false, loadBalancer: { l7: { backend: 'disabled' } } },
    ],
  },
  {
    rule: 'Cilium GatewayAPI needs', minors: ALL,
    fails: [{ gatewayAPI: { enabled: true, externalTrafficPolicy: 'Nodes' } }, { gatewayAPI: { enabled: true, externalTrafficPolicy: 'local' } }],
    passes: [{ gatewayAPI: { enabled: true } }, { gatewayAPI: { enabled: true, externalTrafficPolicy: 'Local' } }, { gatewayAPI: { externalTrafficPolicy: 'Nodes' } }],
  },
  {
    rule: '.Values.bpf.tproxy cannot be enabled', minors: ['1.19', '1.20'],
    fails: [{ bpf: { tproxy: true, datapathMode: 'netkit' } }, { bpf: { tproxy: true, datapathMode: 'netkit-l2' } }],
    passes: [{ bpf: { tproxy: true } }, { bpf: { tproxy: true, datapathMode: 'veth' } }, { bpf: { tproxy: false, datapathMode: 'netkit' } }, { bpf: { datapathMode: 'netkit' } }],
  },
];

const failing = (minor: string, values: Values) => chartRulesFailing(minor, values).map((r) => r.message);

describe('the chart rules', () => {
  it('every rule has a case here, and every case names one rule', () => {
    expect(CASES.map((c) => CILIUM_CHART_RULES.filter((r) => r.message.startsWith(c.rule)).length)).toEqual(CASES.map(() => 1));
    expect(CASES.length).toBe(CILIUM_CHART_RULES.length);
  });

  for (const c of CASES) {
    it(`${c.rule}…: trips on its minors only, and not once one condition is lifted`, () => {
      const rule = CILIUM_CHART_RULES.find((r) => r.message.startsWith(c.rule))!;
      expect(rule.minors).toEqual(c.minors);
      for (const values of c.fails) {
        for (const minor of ALL) expect(failing(minor, values), `${minor} ${JSON.stringify(values)}`).toEqual(c.minors.includes(minor) ? [rule.message] : []);
      }
      for (const values of c.passes) for (const minor of ALL) expect(failing(minor, values), JSON.stringify(values)).not.toContain(rule.message);
    });
  }

  it('reads a value through a scalar or null as the chart default, and Go\'s empty values as false', () => {
    const ui = (hubble: unknown) => failing('1.20', { hubble });
    expect(ui({ ui: { enabled: true }, relay: true })).toHaveLength(1);
    expect(ui({ ui: { enabled: true }, relay: { enabled: null } })).toHaveLength(1);
    expect(ui({ ui: true })).toEqual([]);
    for (const empty of [0, '', [], {}, null, false]) expect(ui({ ui: { enabled: empty } }), JSON.stringify(empty)).toEqual([]);
    for (const set of [1, 'x', [0], { a: 1 }, true]) expect(ui({ ui: { enabled: set } }), JSON.stringify(set)).toHaveLength(1);
    expect(failing('1.20', { kubeProxyReplacement: undefined })).toEqual([]);
  });

  it('each rule names its template, a cluster-file field, and a fix in the cluster file\'s terms', () => {
    for (const r of CILIUM_CHART_RULES) {
      expect(r.template, r.message).toMatch(/^templates\/(validate|cilium-configmap)\.yaml$/);
      expect(r.field[0], r.message).toBe('cilium');
      expect(r.fix, r.message).toMatch(/^\S.{20,}\.$/);
      expect(r.message.trim().length, r.message).toBeGreaterThan(20);
    }
    expect(CILIUM_CHART_RULES.map((r) => r.field.join('.'))).toEqual([
      'cilium.hubble.ui', 'cilium.hubble.relay', 'cilium.routingMode', 'cilium', 'cilium.ipv4NativeRoutingCIDR', 'cilium.ipv6NativeRoutingCIDR', 'cilium',
      'cilium.values', 'cilium.values', 'cilium.values', 'cilium.datapathMode',
    ]);
  });
});
