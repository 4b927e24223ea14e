/**
 * Cilium changes: the release (upstream supports upgrades and rollbacks one minor at a time) and the
 * Helm values, one change per cause. What a value change does is read from the real chart: for each value this
 * project renders, `npm run value-effects` renders each held chart with the value changed and
 * records which deployed objects change (generated/cilium-value-effects.ts, kept true by
 * test/upstream/value-effects.test.ts). A path the table lacks counts as a configuration change.
 */
import { VALUE_EFFECTS, ValueEffect } from '../../generated/cilium-value-effects.js';
import type { ResolvedCluster } from '../model/resolved.js';
import type { Change } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

function parts(version: string): [number, number, number] {
  const [a, b, c] = version.split('.').map(Number);
  return [a, b, c];
}

/** Negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** Minors from `a` up to `b` (negative: back); across majors unbounded, signed like the minors (a major back is -Infinity). */
export function minorsBetween(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  if (x[0] === y[0]) return y[1] - x[1];
  // Stryker disable next-line EqualityOperator: the majors differ here, so `>=` is `>`
  return y[0] > x[0] ? Infinity : -Infinity;
}

/**
 * The upgrade guide (Documentation/operations/upgrade.rst): "The only tested upgrade and rollback
 * path is between consecutive minor releases", after "the latest patch release of your current
 * version". A rollback to the previous minor (or an older patch) is supported: the agents and the
 * operator restart, and features of the newer release already in use must be undone first.
 */
function versionChange(was: string, is: string): Change | undefined {
  if (was === is) return undefined;
  const minors = minorsBetween(was, is);
  // Stryker disable next-line EqualityOperator: equal versions returned above (`was === is`)
  if (compareVersions(is, was) < 0) {
    if (minors >= -1) {
      return {
        level: 'restart', topics: ['cilium'],
        text: `Cilium is rolled back from ${was} to ${is}: upstream supports rolling back ${minors === 0 ? 'within a minor' : 'to the previous minor'}; `
          + `every agent and the operator restart. Undo what of ${was} is already in use (new resources, new settings) first: see its upgrade notes.`,
      };
    }
    return {
      level: 'breaking', topics: ['cilium'],
      text: `Cilium is downgraded from ${was} to ${is}, ${Number.isFinite(minors) ? -minors : 'several'} minor releases back: upstream tests rollbacks only to the previous minor; `
        + 'the older agent may not read the state and CRDs the newer one left.',
    };
  }
  if (minors > 1) {
    const next = `${parts(was)[0]}.${parts(was)[1] + 1}`;
    return {
      level: 'breaking', topics: ['cilium'],
      text: `Cilium jumps from ${was} to ${is}, skipping ${Number.isFinite(minors) ? `${minors - 1} minor release${minors === 2 ? '' : 's'}` : 'at least one minor release'}: `
        + `upstream supports upgrading one minor at a time (${was} → ${next}.x first).`,
    };
  }
  return {
    level: 'restart', topics: ['cilium'],
    text: `Cilium is upgraded from ${was} to ${is}: the chart rolls out new agent and operator images, so every agent and the operator restart.`,
  };
}

/** Leaf key paths of a values object with their values. */
function leaves(values: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (values && typeof values === 'object' && !Array.isArray(values) && Object.keys(values).length > 0) {
    for (const [k, v] of Object.entries(values)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
    // Stryker disable next-line ConditionalExpression: only the root has no prefix, and the Helm values are an object
  } else if (prefix) {
    out.set(prefix, JSON.stringify(values));
  }
  return out;
}

/** The release whose table judges a version: the same, else the held release of its minor, else the newest. */
export function effectsFor(version: string, tables: typeof VALUE_EFFECTS = VALUE_EFFECTS): Readonly<Record<string, readonly ValueEffect[]>> {
  const releases = Object.keys(tables).sort();
  const minor = version.split('.').slice(0, 2).join('.');
  const release = releases.includes(version) ? version : releases.filter((r) => r.startsWith(`${minor}.`)).at(-1) ?? releases.at(-1)!;
  return tables[release];
}

const WHAT: Record<ValueEffect, string> = {
  agents: "the agent DaemonSet's pods: every agent restarts",
  operator: "the operator Deployment's pods: the operator restarts",
  config:
    'the cilium-config ConfigMap: agents and the operator apply it only when they restart (`kubectl -n kube-system rollout restart ds/cilium deploy/cilium-operator`)',
  hubble: 'the Hubble relay/UI objects',
  other: 'other objects the chart deploys',
};

/** What made a value change, by path: values one setting of the cluster file renders change together, and are reviewed as one change. */
const CAUSES: readonly (readonly [RegExp, string])[] = [
  [/^(l2announcements\.|k8sClientRateLimit\.)/, 'L2 announcements (their lease and the API rate limit sized for them)'],
  [/^bgpControlPlane\./, 'the BGP control plane'],
  [/^hubble\./, 'Hubble'],
  [/^k8sService(Host|Port)$/, 'the API server endpoint the agents and operator use'],
  [/^(routingMode|tunnelProtocol|autoDirectNodeRoutes|ipv[46]NativeRoutingCIDR|ipv6\.|ipam\.)/, 'routing'],
];

const causeOf = (path: string) => CAUSES.find(([re]) => re.test(path))?.[1];

function valueChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const [was, is] = [leaves(before.cilium.values), leaves(after.cilium.values)];
  const table = effectsFor(after.cilium.version);
  const groups = new Map<string, { paths: string[]; effects: Set<ValueEffect>; lines: string[] }>();
  // Stryker disable next-line MethodExpression: the resolver sorts the values' keys, so the union is sorted unless a path is only on one side
  for (const path of [...new Set([...was.keys(), ...is.keys()])].sort()) {
    const [a, b] = [was.get(path), is.get(path)];
    if (a === b) continue;
    const cause = causeOf(path) ?? path;
    const group = groups.get(cause) ?? { paths: [], effects: new Set<ValueEffect>(), lines: [] };
    for (const e of table[path] ?? ['config']) group.effects.add(e);
    group.paths.push(path);
    group.lines.push(`${code(path)}: ${a ?? 'unset'} → ${b ?? 'unset'}`);
    groups.set(cause, group);
  }
  return [...groups].map(([cause, g]) => {
    const effects = (['agents', 'operator', 'config', 'hubble', 'other'] as const).filter((e) => g.effects.has(e));
    // Stryker disable next-line ConditionalExpression: no value of today's tables restarts the agents or the operator without also changing cilium-config
    const restarts = effects.some((e) => e === 'agents' || e === 'operator' || e === 'config');
    const changes = `changes ${effects.map((e) => WHAT[e]).join('; ')}${restarts ? '' : ' (no agent or operator restart)'}`;
    return g.paths.length === 1
      ? { level: restarts ? 'restart' : 'safe', topics: ['cilium'], text: `Helm value ${g.lines[0]} ${changes}.` }
      : { level: restarts ? 'restart' : 'safe', topics: ['cilium'], text: `The Helm values of ${cause} change: this ${changes}.`, details: g.lines };
  });
}
/** Upstream: "Don't change the IPAM mode of an existing cluster" (Documentation/network/concepts/ipam/index.rst). */
function ipamChange(was: ResolvedCluster['cilium']['ipamMode'], is: ResolvedCluster['cilium']['ipamMode']): Change | undefined {
  return was === is ? undefined : {
    level: 'breaking', topics: ['cilium'],
    text: `Cilium's IPAM changes from ${was} to ${is}: upstream does not support changing the IPAM mode of a running cluster `
      + '(connectivity of existing pods may break for good); install a new cluster with it, or keep the mode.',
  };
}

export function ciliumChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const version = versionChange(before.cilium.version, after.cilium.version);
  const ipam = ipamChange(before.cilium.ipamMode, after.cilium.ipamMode);
  return [...(version ? [version] : []), ...(ipam ? [ipam] : []), ...valueChanges(before, after)];
}
