/**
 * The upgrade review: what a change of `cilium.version` does to this cluster, computed from the two
 * real charts (generated/cilium-upgrades.ts, `npm run upgrade-data`): the path upstream supports
 * (one minor at a time, the newest patch of the current minor first: Documentation/operations/upgrade.rst),
 * the rendered values the target chart no longer has (the chart's schema does not refuse unknown
 * keys: they are silently ignored), defaults that changed, what `helm template` deploys differently,
 * the CRD versions the target serves for the rendered objects, and whether upstream tests the target
 * minor with the Kubernetes k3s ships.
 */
import { CILIUM_CRD_VERSIONS, CILIUM_UPGRADE_STEPS, type CiliumUpgradeStep } from '../../generated/cilium-upgrades.js';
import { ciliumCapabilities } from '../model/cilium-versions.js';
import { K3S_CAPABILITIES, k3sKubernetesMinor } from '../model/k3s-versions.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { codeSpan as code } from '../text/markdown.js';
import { compareVersions, minorsBetween } from './cilium.js';
import type { Change } from './review.js';

/** What `helm template` of the two charts deploys differently, and where that was computed. */
export interface TemplateDifferences {
  /** In words: "the real charts with this cluster's values", "generated/cilium-upgrades.ts (…)". */
  readonly source: string;
  readonly config: Readonly<Record<string, readonly [string | null, string | null]>>;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** An object as rendered: its apiVersion and kind. */
export interface RenderedKind {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface UpgradeInputs {
  /** The head's rendered objects, for their CRD versions; without them that part is left out. */
  readonly rendered?: readonly RenderedKind[];
  /** The chart differences for this cluster; default: the generated data (rendered with the examples' values). */
  readonly templates?: TemplateDifferences;
}

const minorOf = (v: string) => v.split('.').slice(0, 2).join('.');
const HELD = [...new Set(CILIUM_UPGRADE_STEPS.flatMap((s) => [s.from, s.to]))].sort(compareVersions);

/** The held chart release that judges a version: the same, else the newest held patch of its minor. */
export function heldRelease(version: string): string | undefined {
  return HELD.includes(version) ? version : HELD.filter((r) => minorOf(r) === minorOf(version)).at(-1);
}

/** The generated step between the held releases that judge two versions. */
export function upgradeStep(from: string, to: string): CiliumUpgradeStep | undefined {
  const [a, b] = [heldRelease(from), heldRelease(to)];
  return CILIUM_UPGRADE_STEPS.find((s) => s.from === a && s.to === b);
}

/** Leaf paths of a values object. */
function valuePaths(values: unknown, prefix = ''): string[] {
  if (values && typeof values === 'object' && !Array.isArray(values) && Object.keys(values).length > 0) {
    return Object.entries(values).flatMap(([k, v]) => valuePaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return prefix ? [prefix] : [];
}

const short = (text: string | null) => (text === null ? 'absent' : text === '' ? '""' : text.length > 80 ? `${text.slice(0, 77)}…` : text);
const within = (path: string, key: string) => path === key || path.startsWith(`${key}.`) || key.startsWith(`${path}.`);

function pathChange(was: string, is: string): Change[] {
  const newest = ciliumCapabilities(was)?.newestPatch;
  if (minorsBetween(was, is) !== 1 || !newest || compareVersions(was, newest) >= 0) return [];
  return [{
    level: 'restart', topics: ['cilium'],
    text: `Upgrade to ${newest}, the newest ${minorOf(was)} patch, before ${is}: the upgrade guide asks for the newest patch of the current minor first, `
      + 'so that a rollback lands on a tested release.',
  }];
}

function valueChanges(step: CiliumUpgradeStep, after: ResolvedCluster): Change[] {
  const rendered = valuePaths(after.cilium.values);
  const lost = rendered.filter((p) => step.removedKeys.some((k) => within(p, k)));
  const defaults = Object.entries(step.defaults);
  const unset = defaults.filter(([k]) => !rendered.some((p) => within(p, k)));
  const set = defaults.filter(([k]) => rendered.some((p) => within(p, k)));
  const line = ([k, [a, b]]: readonly [string, readonly [string, string]]) => `${code(k)}: ${short(a)} → ${short(b)}`;
  return [
    ...(lost.length ? [{
      level: 'breaking' as const, topics: ['cilium' as const], details: lost.map((p) => code(p)),
      text: `The ${step.to} chart no longer has ${lost.length === 1 ? 'a value' : 'values'} this cluster renders: the chart ignores unknown keys, so the setting is silently lost.`,
    }] : []),
    ...(unset.length ? [{
      level: 'restart' as const, topics: ['cilium' as const], details: unset.map(line),
      text: `The ${step.to} chart changes defaults of values this cluster leaves unset: the agents and operator take them with the upgrade.`,
    }] : []),
    ...(set.length ? [{
      level: 'safe' as const, topics: ['cilium' as const], details: set.map(line),
      text: `The ${step.to} chart changes defaults of values this cluster sets: they keep the value set here.`,
    }] : []),
  ];
}

function templateChange(step: CiliumUpgradeStep, templates: TemplateDifferences): Change[] {
  const config = Object.entries(templates.config).map(([k, [a, b]]) => `cilium-config ${code(k)}: ${short(a)} → ${short(b)}`);
  const objects = [...templates.added.map((o) => `added: ${code(o)}`), ...templates.removed.map((o) => `removed: ${code(o)}`)];
  if (config.length === 0 && objects.length === 0) {
    return [{ level: 'safe', topics: ['cilium'], text: `\`helm template\` of ${step.from} and ${step.to} deploys the same configuration and objects (${templates.source}).` }];
  }
  return [{
    level: 'restart', topics: ['cilium'], details: [...config, ...objects],
    text: `\`helm template\` of ${step.from} and ${step.to} deploys ${config.length} agent/operator setting${config.length === 1 ? '' : 's'} differently`
      + ` and ${objects.length} object${objects.length === 1 ? '' : 's'} more or fewer (${templates.source}).`,
  }];
}

function crdChanges(to: string, rendered: readonly RenderedKind[]): Change[] {
  const release = Object.keys(CILIUM_CRD_VERSIONS).filter((r) => minorOf(r) === minorOf(to)).sort(compareVersions).at(-1);
  if (!release) return [];
  const crds = CILIUM_CRD_VERSIONS[release];
  const kinds = [...new Set(rendered.filter((o) => o.apiVersion.startsWith('cilium.io/')).map((o) => `${o.apiVersion} ${o.kind}`))].sort();
  const gone: string[] = [];
  const deprecated: string[] = [];
  for (const entry of kinds) {
    const [apiVersion, kind] = entry.split(' ');
    const [group, version] = apiVersion.split('/');
    const crd = crds[`${group}/${kind}`];
    if (!crd || !crd.served.includes(version)) gone.push(`${code(kind)} ${apiVersion}: not served (serves ${crd?.served.join(', ') || 'nothing'})`);
    else if (crd.deprecated.includes(version)) deprecated.push(`${code(kind)} ${apiVersion}: deprecated (also served: ${crd.served.filter((v) => v !== version).join(', ')})`);
  }
  const source = `the CRDs of ${release}`;
  return [
    ...(gone.length ? [{ level: 'breaking' as const, topics: ['cilium' as const], details: gone, text: `Cilium ${to} no longer serves apiVersions this cluster renders (${source}).` }] : []),
    ...(deprecated.length
      ? [{ level: 'restart' as const, topics: ['cilium' as const], details: deprecated, text: `Cilium ${to} deprecates apiVersions this cluster renders (${source}).` }]
      : []),
    ...(!gone.length && !deprecated.length && kinds.length
      ? [{ level: 'safe' as const, topics: ['cilium' as const], text: `Every Cilium apiVersion this cluster renders is served by ${to} and none is deprecated (${source}): ${kinds.map((k) => code(k)).join(', ')}.` }]
      : []),
  ];
}

function kubernetesChange(to: string, k3sVersion: string | undefined): Change[] {
  const tested = ciliumCapabilities(to)?.kubernetesTested;
  if (!tested) return [];
  // A pinned k3s release names its Kubernetes minor; unpinned, the oldest k3s the project supports stands in.
  const pinned = k3sVersion === undefined ? undefined : k3sKubernetesMinor(k3sVersion);
  const k8s = pinned ?? K3S_CAPABILITIES[0].minor;
  const ships = pinned === undefined ? `the k3s release this project supports ships 1.${k8s}` : `k3s ${k3sVersion} ships 1.${k8s}`;
  const inRange = tested[0] <= k8s && k8s <= tested[1];
  return [{
    level: 'safe', topics: ['cilium'],
    text: `Cilium ${minorOf(to)} is tested upstream with Kubernetes 1.${tested[0]}–1.${tested[1]}; ${ships}: `
      + `${inRange ? 'in that range' : 'outside it, so this pairing is untested upstream'}.`,
  }];
}

/** The upgrade review of a `cilium.version` change; empty unless it is an upgrade upstream supports (a patch, or one minor). */
export function upgradeChanges(before: ResolvedCluster, after: ResolvedCluster, inputs: UpgradeInputs = {}): Change[] {
  const [was, is] = [before.cilium.version, after.cilium.version];
  if (compareVersions(is, was) <= 0 || minorsBetween(was, is) > 1 || !ciliumCapabilities(is)) return [];
  const step = upgradeStep(was, is);
  const templates = inputs.templates ?? (step && {
    source: `generated/cilium-upgrades.ts: the held charts ${step.from} and ${step.to} rendered with the examples' values, not this cluster's`,
    config: step.config, added: step.added, removed: step.removed,
  });
  return [
    ...pathChange(was, is),
    ...(step ? valueChanges(step, after) : []),
    ...(step && templates ? templateChange(step, templates) : []),
    ...(step ? [] : [{
      level: 'safe' as const, topics: ['cilium' as const],
      text: `No chart held here tells ${was} from ${is} (the newest held ${minorOf(is)} chart is ${heldRelease(is) ?? 'none'}): `
        + 'the values, defaults and objects this upgrade changes are not reviewed.',
    }]),
    ...(inputs.rendered ? crdChanges(is, inputs.rendered) : []),
    ...(minorsBetween(was, is) === 1 ? kubernetesChange(is, after.k3s.version) : []),
  ];
}
