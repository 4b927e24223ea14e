/**
 * What changes between two held Cilium charts, for the upgrade review (src/diff/upgrade.ts), read
 * from the real charts and CRDs: the values.yaml keys the newer chart no longer has, the defaults
 * that changed (image tags and digests left out: every release changes them), what `helm template`
 * with the examples' values deploys differently (cilium-config keys, objects added or removed), and
 * per minor the versions each Cilium CRD serves. `npm run upgrade-data` writes the result to
 * generated/cilium-upgrades.ts; test/upstream/upgrade-review.test.ts keeps it current.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { ciliumCapabilities } from '../../src/model/cilium-versions.js';
import { tgzFiles } from './chart-templates.js';
import { ciliumChart, helmTemplate, K8sObject, valuesText, withoutGeneratedCertificates } from './helm.js';

type Values = Record<string, unknown>;

/** The examples whose values the chart differences are rendered with. */
export const UPGRADE_EXAMPLES = ['examples/bgp-tor.yaml', 'examples/dual-stack.yaml', 'examples/ha-l2.yaml'];

/** A default of the chart that every release changes and no reviewer acts on. */
const IMAGE_PATH = /(^|\.)image\.|(^|\.)(digest|tag|useDigest)$/;

/** What `helm template` of two charts deploys differently. */
export interface ChartDifferences {
  /** cilium-config keys whose value differs: key → [from, to]; null where absent. */
  readonly config: Record<string, [string | null, string | null]>;
  /** `Kind/name` of objects only the newer chart renders, and only the older. */
  readonly added: string[];
  readonly removed: string[];
}

export interface UpgradeStep extends ChartDifferences {
  readonly from: string;
  readonly to: string;
  /** Value paths of the older chart's values.yaml the newer one lacks. */
  readonly removedKeys: string[];
  /** Defaults that changed: path → [from, to] as JSON. */
  readonly defaults: Record<string, [string, string]>;
}

/** Per CRD kind, its served versions and those marked deprecated. */
export type CrdVersions = Record<string, { served: string[]; deprecated: string[] }>;

/** The held chart releases of supported minors (stable releases only), oldest first. */
export function heldChartReleases(shared: string): string[] {
  const held = readdirSync(join(shared, 'cilium')).filter((r) => existsSync(join(shared, 'cilium', r, 'chart', `cilium-${r}.tgz`)));
  const newer = existsSync(join(shared, 'cilium-charts'))
    ? readdirSync(join(shared, 'cilium-charts')).map((f) => /^cilium-([0-9]+\.[0-9]+\.[0-9]+)\.tgz$/.exec(f)?.[1]).filter((r): r is string => !!r)
    : [];
  const order = (a: string, b: string) => {
    const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
  return [...new Set([...held, ...newer])].filter((r) => ciliumCapabilities(r)).sort(order);
}

/** The steps upstream supports between held releases: a patch within a minor, or one minor up. */
export function upgradeSteps(releases: readonly string[]): [string, string][] {
  const minor = (r: string) => Number(r.split('.')[1]);
  return releases.flatMap((a, i) => releases.slice(i + 1).filter((b) => minor(b) - minor(a) <= 1).map((b) => [a, b] as [string, string]));
}

function leaves(v: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
    for (const [k, x] of Object.entries(v)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, JSON.stringify(v));
  }
  return out;
}

/** The chart's default values, leaf path → JSON. */
export function chartDefaults(release: string): Map<string, string> {
  return leaves(parse(tgzFiles(ciliumChart(release)).get('cilium/values.yaml')!));
}

/** The values an example renders on a release; undefined when today's checks refuse it there. */
export function exampleValues(root: string, file: string, release: string): Values | undefined {
  const doc = parseDocument(readFileSync(join(root, file), 'utf8'));
  doc.setIn(['cilium', 'version'], release);
  return loadClusterText(file, doc.toString()).cluster?.cilium.values as Values | undefined;
}

/** The objects the chart renders with the values (as the project writes them, so the chart test's render of the example is this one). */
export async function renderChart(release: string, values: Values): Promise<K8sObject[]> {
  return withoutGeneratedCertificates((await helmTemplate({ chart: ciliumChart(release), values: valuesText(values) })).objects);
}

const id = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

/** What the second render deploys differently from the first. */
export function chartDifferences(before: readonly K8sObject[], after: readonly K8sObject[]): ChartDifferences {
  const config = (objects: readonly K8sObject[]) =>
    (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'cilium-config')?.data ?? {}) as Record<string, string>;
  const [a, b] = [config(before), config(after)];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().filter((k) => a[k] !== b[k]);
  const [x, y] = [new Set(before.map(id)), new Set(after.map(id))];
  return {
    config: Object.fromEntries(keys.map((k) => [k, [a[k] ?? null, b[k] ?? null]])),
    added: [...y].filter((o) => !x.has(o)).sort(),
    removed: [...x].filter((o) => !y.has(o)).sort(),
  };
}

/** The union of the differences with each example's values (the first example's values win for a key). */
async function exampleDifferences(root: string, from: string, to: string): Promise<ChartDifferences> {
  const out: ChartDifferences = { config: {}, added: [], removed: [] };
  for (const file of UPGRADE_EXAMPLES) {
    const [a, b] = [exampleValues(root, file, from), exampleValues(root, file, to)];
    if (!a || !b) continue;
    const d = chartDifferences(await renderChart(from, a), await renderChart(to, b));
    for (const [k, v] of Object.entries(d.config)) out.config[k] ??= v;
    out.added.push(...d.added.filter((o) => !out.added.includes(o)));
    out.removed.push(...d.removed.filter((o) => !out.removed.includes(o)));
  }
  return { config: out.config, added: out.added.sort(), removed: out.removed.sort() };
}

/** One step's data. */
export async function upgradeStep(root: string, from: string, to: string): Promise<UpgradeStep> {
  const [a, b] = [chartDefaults(from), chartDefaults(to)];
  const defaults = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k) && !IMAGE_PATH.test(k)).sort();
  return {
    from, to,
    removedKeys: [...a.keys()].filter((k) => !b.has(k)).sort(),
    defaults: Object.fromEntries(defaults.map((k) => [k, [a.get(k)!, b.get(k)!]])),
    ...(await exampleDifferences(root, from, to)),
  };
}

/** The CRD versions of a held release with CRDs (`<shared>/cilium/<release>/crds`). */
export function crdVersions(shared: string, release: string): CrdVersions {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
  const out: CrdVersions = {};
  for (const file of files(join(shared, 'cilium', release, 'crds'))) {
    for (const d of parseAllDocuments(readFileSync(file, 'utf8')).map((x) => x.toJS())) {
      if (d?.kind !== 'CustomResourceDefinition') continue;
      const versions = d.spec.versions as { name: string; served: boolean; deprecated?: boolean }[];
      out[`${d.spec.group}/${d.spec.names.kind}`] = {
        served: versions.filter((v) => v.served).map((v) => v.name).sort(),
        deprecated: versions.filter((v) => v.deprecated).map((v) => v.name).sort(),
      };
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
}

/** generated/cilium-upgrades.ts. */
export function upgradeDataSource(steps: readonly UpgradeStep[], crds: Record<string, CrdVersions>): string {
  return [
    '// Generated by `npm run upgrade-data` from the real Cilium charts and CRDs of ../shared (tools/upstream/upgrade-data.ts). Do not edit.',
    '/* eslint-disable */',
    '',
    '/** What the newer of two held Cilium charts changes (tools/upstream/upgrade-data.ts UpgradeStep). */',
    'export interface CiliumUpgradeStep {',
    '  readonly from: string;',
    '  readonly to: string;',
    "  /** cilium-config keys that differ when both charts render the examples' values: key → [from, to]. */",
    '  readonly config: Readonly<Record<string, readonly [string | null, string | null]>>;',
    '  /** `Kind/name` of objects only the newer chart renders, and only the older. */',
    '  readonly added: readonly string[];',
    '  readonly removed: readonly string[];',
    "  /** Value paths of the older chart's values.yaml the newer one lacks. */",
    '  readonly removedKeys: readonly string[];',
    '  /** Defaults that changed (image tags and digests left out): path → [from, to] as JSON. */',
    '  readonly defaults: Readonly<Record<string, readonly [string, string]>>;',
    '}',
    '',
    '/** Per CRD (`group/Kind`), the versions it serves and those marked deprecated. */',
    'export type CrdVersions = Readonly<Record<string, { readonly served: readonly string[]; readonly deprecated: readonly string[] }>>;',
    '',
    '/** Per supported step between held chart releases: what the newer chart changes. */',
    `export const CILIUM_UPGRADE_STEPS: readonly CiliumUpgradeStep[] = ${JSON.stringify(steps, null, 2)};`,
    '',
    '/** Per held release with CRDs: the versions each Cilium CRD serves, and those deprecated. */',
    `export const CILIUM_CRD_VERSIONS: Readonly<Record<string, CrdVersions>> = ${JSON.stringify(crds, null, 2)};`,
    '',
  ].join('\n');
}
