/**
 * Where people keep Cilium's Helm values, and how to get them out:
 * - a values file (a plain map);
 * - k3s's `HelmChart` (`spec.valuesContent`, `spec.set`) and `HelmChartConfig` (`spec.valuesContent`, merged over the
 *   chart's: https://docs.k3s.io/helm#customizing-packaged-components-with-helmchartconfig);
 * - Flux's `HelmRelease` (`spec.values`; `spec.valuesFrom` names ConfigMaps/Secrets import does not resolve:
 *   https://fluxcd.io/flux/components/helm/helmreleases/#values-references);
 * - Argo CD's `Application` (`spec.source.helm.values` as a string, `valuesObject` as a map, `parameters` like
 *   `--set`; `valueFiles` named, not read: https://argo-cd.readthedocs.io/en/stable/user-guide/helm/).
 */
import { parse } from 'yaml';
import type { ImportProblem } from './problems.js';
import type { ImportReport } from './report.js';

/** One set of Cilium values found in the input, in the order Helm would merge them. */
export interface ValuesSource {
  readonly file: string;
  /** What holds them, for the report (`HelmRelease flux-system/cilium`, `Helm values`). */
  readonly object: string;
  /** The field of the object that holds them (`spec.values`), empty for a values file. */
  readonly base: string;
  readonly values: Record<string, unknown>;
  /** The chart version the wrapper pins, when it pins one. */
  readonly version?: string;
  /** Merged after the others (a HelmChartConfig over its HelmChart). */
  readonly late?: boolean;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `kind namespace/name` of a Kubernetes object. */
export function objectName(o: Obj): string {
  const meta = isObj(o.metadata) ? o.metadata : {};
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(o.kind)}${meta.name === undefined ? '' : ` ${ns}${String(meta.name)}`}`;
}

/** Parses a values string (valuesContent, helm.values); a YAML error is a problem at that field. */
function valuesText(text: unknown, file: string, field: string, problems: ImportProblem[]): Obj | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text !== 'string') {
    problems.push({ file, field, message: 'must be a string of YAML', fix: 'Write the values as a YAML block string (`|`).' });
    return undefined;
  }
  try {
    const v = parse(text) as unknown;
    if (v === null || v === undefined) return undefined;
    if (isObj(v)) return v;
    problems.push({ file, field, message: 'the values are not a map', fix: 'Write Helm values as a map of keys.' });
  } catch (e) {
    problems.push({ file, field, message: `not valid YAML: ${String((e as Error).message).split('\n')[0]}`, fix: 'Fix the YAML inside the string.' });
  }
  return undefined;
}

/** `a.b[0].c=v` pairs (helm --set, HelmChart spec.set, Argo CD parameters) as a values map. */
function setValues(pairs: readonly [string, unknown][]): Obj {
  const out: Obj = {};
  for (const [key, value] of pairs) {
    const parts = key.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
    let cur = out;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) cur[p] = value;
      else cur = (isObj(cur[p]) ? cur[p] : (cur[p] = {})) as Obj;
    });
  }
  return out;
}

/** A `--set` string value as Helm reads it: true/false and integers are typed. */
function setScalar(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return /^-?[0-9]+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

function isCiliumChart(chart: unknown): boolean {
  return typeof chart === 'string' && /(^|\/)cilium$/.test(chart.replace(/\.tgz$/, '').replace(/-[0-9][0-9.]*$/, ''));
}

function stripV(v: unknown): string | undefined {
  return typeof v === 'string' && /^v?[0-9]+\.[0-9]+\.[0-9]+$/.test(v) ? v.replace(/^v/, '') : undefined;
}

function helmChart(o: Obj, file: string, report: ImportReport, problems: ImportProblem[]): ValuesSource[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const name = objectName(o);
  const cfg = o.kind === 'HelmChartConfig';
  const meta = isObj(o.metadata) ? o.metadata : {};
  if (cfg ? !/^(rke2-)?cilium$/.test(String(meta.name)) : !isCiliumChart(spec.chart)) return [];
  const out: ValuesSource[] = [];
  const version = cfg ? undefined : stripV(spec.version);
  if (Array.isArray(spec.valuesSecrets)) {
    spec.valuesSecrets.forEach((ref, i) => report.dropped(file, name, `spec.valuesSecrets[${i}]`, isObj(ref) ? ref.name : ref,
      'named, not resolved: import reads files, not the cluster; add that Secret\'s values file to the import if it holds Cilium values'));
  }
  const content = valuesText(spec.valuesContent, file, 'spec.valuesContent', problems);
  if (content) out.push({ file, object: name, base: 'spec.valuesContent', values: content, ...(version ? { version } : {}), ...(cfg ? { late: true } : {}) });
  if (isObj(spec.set)) {
    out.push({ file, object: name, base: 'spec.set', values: setValues(Object.entries(spec.set).map(([k, v]) => [k, setScalar(v)])), ...(cfg ? { late: true } : {}) });
  }
  if (out.length === 0 && version) out.push({ file, object: name, base: 'spec.valuesContent', values: {}, version });
  return out;
}

function helmRelease(o: Obj, file: string, report: ImportReport): ValuesSource[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const chart = isObj(spec.chart) && isObj(spec.chart.spec) ? spec.chart.spec : undefined;
  const name = objectName(o);
  if (chart ? !isCiliumChart(chart.chart) : !/cilium/.test(name)) return [];
  if (Array.isArray(spec.valuesFrom)) {
    spec.valuesFrom.forEach((ref, i) => {
      const r = isObj(ref) ? ref : {};
      report.dropped(file, name, `spec.valuesFrom[${i}]`, `${String(r.kind)}/${String(r.name)}${r.valuesKey ? ` key ${String(r.valuesKey)}` : ''}`,
        'named, not resolved: import reads files, not the cluster; add that ConfigMap or Secret\'s values file to the import if it holds Cilium values');
      report.note(`${file}: ${name} takes values from ${String(r.kind)}/${String(r.name)}, which import did not read.`);
    });
  }
  const version = stripV(chart?.version);
  return [{ file, object: name, base: 'spec.values', values: isObj(spec.values) ? spec.values : {}, ...(version ? { version } : {}) }];
}

function argoApplication(o: Obj, file: string, report: ImportReport, problems: ImportProblem[]): ValuesSource[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const name = objectName(o);
  const sources = [
    ...(isObj(spec.source) ? [['spec.source', spec.source] as const] : []),
    ...(Array.isArray(spec.sources) ? spec.sources.map((s, i) => [`spec.sources[${i}]`, s] as const) : []),
  ].filter(([, s]) => isObj(s) && isCiliumChart((s as Obj).chart)) as (readonly [string, Obj])[];
  return sources.flatMap(([at, source]) => {
    const helm = isObj(source.helm) ? source.helm : {};
    const version = stripV(source.targetRevision);
    const out: ValuesSource[] = [];
    if (Array.isArray(helm.valueFiles)) {
      helm.valueFiles.forEach((f, i) => report.dropped(file, name, `${at}.helm.valueFiles[${i}]`, f, 'named, not resolved: add that values file to the import'));
    }
    // Argo CD's precedence, lowest first: valueFiles, values, valuesObject (which wins over values), parameters.
    const text = valuesText(helm.values, file, `${at}.helm.values`, problems);
    if (text) out.push({ file, object: name, base: `${at}.helm.values`, values: text });
    if (isObj(helm.valuesObject)) out.push({ file, object: name, base: `${at}.helm.valuesObject`, values: helm.valuesObject });
    if (Array.isArray(helm.parameters)) {
      const pairs = helm.parameters.filter(isObj).map((p) => [String(p.name), p.forceString ? String(p.value) : setScalar(p.value)] as [string, unknown]);
      out.push({ file, object: name, base: `${at}.helm.parameters`, values: setValues(pairs) });
    }
    if (out.length === 0) out.push({ file, object: name, base: `${at}.helm`, values: {} });
    return version ? out.map((s, i) => (i === 0 ? { ...s, version } : s)) : out;
  });
}

/** The Cilium values a Kubernetes object holds; empty when it is not a wrapper of the Cilium chart. */
export function wrappedValues(o: Obj, file: string, report: ImportReport, problems: ImportProblem[]): ValuesSource[] | undefined {
  const group = String(o.apiVersion).split('/')[0];
  if (group === 'helm.cattle.io' && (o.kind === 'HelmChart' || o.kind === 'HelmChartConfig')) return helmChart(o, file, report, problems);
  if (group === 'helm.toolkit.fluxcd.io' && o.kind === 'HelmRelease') return helmRelease(o, file, report);
  if (group === 'argoproj.io' && o.kind === 'Application') return argoApplication(o, file, report, problems);
  return undefined;
}

/** Deep merge as Helm merges values files: maps merge key by key, anything else is replaced by the later value. */
export function mergeValues(target: Obj, source: Obj): Obj {
  const out: Obj = { ...target };
  for (const [k, v] of Object.entries(source)) out[k] = isObj(v) && isObj(out[k]) ? mergeValues(out[k] as Obj, v) : v;
  return out;
}
