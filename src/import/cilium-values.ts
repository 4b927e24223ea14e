/**
 * Cilium Helm values → the cluster file. Each leaf of the merged values goes to a typed field, to
 * the `cilium.values` overlay (when the model has one), is decided by the model, or is dropped with
 * why. The typed keys are those `src/model/cilium-values.ts` renders; the chart's own data (chart.ts)
 * tells a key the chart does not read (a misspelling) and a value equal to the chart's default.
 */
import { DENIED_VALUE_PATHS } from '../conformance/helm-values.js';
import { DATAPATH_RULES } from './datapath-values.js';
import { isObj, leaves, setField } from './draft.js';
import type { ValueRule, ValuesContext } from './value-rule.js';
import { mergeValues, type ValuesSource } from './helm-sources.js';
import type { Destination, ImportReport } from './report.js';

type Rule = ValueRule;

const field = (path: string, note?: string): Rule => (value, ctx) => {
  setField(ctx.draft, path, value);
  return note === undefined ? { kind: 'field', path } : { kind: 'field', path, note };
};
const decided = (what: string): Rule => () => ({ kind: 'decided', what });
const bool = (v: unknown) => v === true || v === 'true';

/** The chart keys the model renders from typed fields or decides itself (src/model/cilium-values.ts). */
const RULES: Readonly<Record<string, Rule>> = {
  kubeProxyReplacement: (v) => ({
    kind: 'decided',
    what: bool(v) ? 'kubeProxyReplacement: true (always)' : `kubeProxyReplacement: true: this product always replaces kube-proxy (yours: ${JSON.stringify(v)})`,
  }),
  k8sServiceHost: field('k3s.apiServer.host'),
  k8sServicePort: (v, ctx) => field('k3s.apiServer.port')(typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v, ctx, new Map()),
  'ipam.mode': (v, ctx) => (v === 'kubernetes' || v === 'cluster-pool' ? field('cilium.ipamMode')(v, ctx, new Map()) : {
    kind: 'decided',
    what: `ipam.mode: kubernetes, pod CIDRs from k3s's cluster-cidr (yours: ${JSON.stringify(v)}; only kubernetes and cluster-pool are modelled, `
      + 'and changing IPAM on a running cluster re-addresses its pods)',
  }),
  routingMode: field('cilium.routingMode'),
  tunnelProtocol: field('cilium.tunnelProtocol'),
  tunnel: (v, ctx, all) => {
    if (all.has('routingMode')) return { kind: 'dropped', reason: `${DENIED_VALUE_PATHS.get('tunnel')}; routingMode is set` };
    const mode = v === 'disabled' ? 'native' : 'tunnel';
    setField(ctx.draft, 'cilium.routingMode', mode);
    if (mode === 'tunnel' && (v === 'vxlan' || v === 'geneve')) setField(ctx.draft, 'cilium.tunnelProtocol', v);
    return { kind: 'field', path: 'cilium.routingMode', note: `tunnel: ${String(v)} was removed in Cilium 1.15; it means routingMode ${mode}` };
  },
  ipv4NativeRoutingCIDR: field('cilium.ipv4NativeRoutingCIDR'),
  ipv6NativeRoutingCIDR: field('cilium.ipv6NativeRoutingCIDR'),
  autoDirectNodeRoutes: (v, ctx) => field('cilium.autoDirectNodeRoutes')(bool(v), ctx, new Map()),
  'ipv6.enabled': (v) => ({ kind: 'decided', what: `IPv6 on exactly when k3s's cluster-cidr holds an IPv6 CIDR (yours: ${JSON.stringify(v)})` }),
  'hubble.enabled': (v, ctx) => field('cilium.hubble.enabled')(bool(v), ctx, new Map()),
  'hubble.relay.enabled': (v, ctx) => field('cilium.hubble.relay')(bool(v), ctx, new Map()),
  'hubble.ui.enabled': (v, ctx) => field('cilium.hubble.ui')(bool(v), ctx, new Map()),
  'bandwidthManager.enabled': (v, ctx) => field('cilium.bandwidthManager')(bool(v), ctx, new Map()),
  'socketLB.hostNamespaceOnly': (v, ctx) => field('cilium.socketLBHostNamespaceOnly')(bool(v), ctx, new Map()),
  'operator.replicas': field('cilium.operatorReplicas'),
  'bgpControlPlane.enabled': decided('bgpControlPlane.enabled: true exactly when loadBalancer.bgp is set (from the BGP resources imported)'),
  'bgpControlPlane.secretsNamespace.name': field('loadBalancer.bgp.secretsNamespace'),
  'l2announcements.enabled': decided('l2announcements.enabled: true exactly when L2 announcement policies exist (from the policies imported)'),
  'l2announcements.leaseDuration': field('loadBalancer.l2.lease.duration'),
  'l2announcements.leaseRenewDeadline': field('loadBalancer.l2.lease.renewDeadline'),
  'l2announcements.leaseRetryPeriod': field('loadBalancer.l2.lease.retryPeriod'),
  ...DATAPATH_RULES,
};

function ruleFor(path: string): Rule | undefined {
  return Object.hasOwn(RULES, path) ? RULES[path] : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || (typeof b !== 'object' && String(a) === String(b) && typeof a !== typeof b && a !== '' && b !== '');
}

/** Chart keys below which the model decides everything (check 35 refuses them in the overlay). */
const DECIDED_PREFIXES: readonly (readonly [string, string])[] = [
  ['ipam', 'the pod CIDRs are k3s\'s cluster-cidr, in k3s\'s node range sizes (cluster-pool: the operator\'s pool list and mask sizes); other settings do not apply'],
  ['bgpControlPlane', 'the BGP control plane follows loadBalancer.bgp'],
  ['l2announcements', 'L2 announcements follow loadBalancer.l2'],
  ['k8sClientRateLimit', 'only qps and burst are set (cilium.k8sClientRateLimit)'],
];

/** Where a key without a typed field goes. */
function untyped(path: string, value: unknown, ctx: ValuesContext): Destination {
  const decidedBelow = DECIDED_PREFIXES.find(([p]) => path.startsWith(`${p}.`));
  if (decidedBelow) return { kind: 'decided', what: decidedBelow[1] };
  const denied = [...DENIED_VALUE_PATHS].find(([p]) => path === p || path.startsWith(`${p}.`));
  if (denied) return { kind: 'dropped', reason: denied[1] };
  if (ctx.chart) {
    if (!ctx.chart.knows(path)) {
      const near = ctx.chart.nearest(path);
      return { kind: 'dropped', reason: `the Cilium ${ctx.chart.release} chart does not read this key${near ? ` (did you mean ${near}?)` : ''}` };
    }
    const def = ctx.chart.defaultOf(path);
    if (def !== undefined && sameValue(value, def)) return { kind: 'dropped', reason: `equals the default of the Cilium ${ctx.chart.release} chart` };
  }
  setField(ctx.draft, `cilium.values.${path}`, value);
  return { kind: 'overlay', path };
}

/**
 * Maps every value of the sources, merged in order (later sources win, as Helm merges `-f` files),
 * into the draft and the report. Returns the merged values (what `--verify` compares).
 */
export function mapCiliumValues(sources: readonly ValuesSource[], ctx: ValuesContext, report: ImportReport): Record<string, unknown> {
  const ordered = [...sources.filter((s) => !s.late), ...sources.filter((s) => s.late)];
  let merged: Record<string, unknown> = {};
  const origin = new Map<string, ValuesSource>();
  for (const s of ordered) {
    for (const [path] of leaves(s.values)) {
      const earlier = origin.get(path);
      if (earlier && earlier !== s) {
        const before = leafOf(earlier.values, path);
        const by = s.object === earlier.object ? s.base : `${s.file}: ${s.object}`;
        report.dropped(earlier.file, earlier.object, `${earlier.base ? `${earlier.base}: ` : ''}${path}`, before,
          JSON.stringify(before) === JSON.stringify(leafOf(s.values, path)) ? `set again, to the same value, by ${by}` : `overridden by ${by}`);
      }
      origin.set(path, s);
    }
    merged = mergeValues(merged, s.values);
  }
  const all = new Map(leaves(merged));
  for (const [path, value] of all) {
    const s = origin.get(path)!;
    const rule = ruleFor(path);
    const to = rule ? rule(value, ctx, all) : untyped(path, value, ctx);
    report.add(s.file, s.object, `${s.base ? `${s.base}: ` : ''}${path}`, value, to);
  }
  return merged;
}

function leafOf(values: Record<string, unknown>, path: string): unknown {
  let cur: unknown = values;
  for (const p of path.split('.')) cur = isObj(cur) ? cur[p] : undefined;
  return cur;
}
