/**
 * `import --verify`: the imported cluster file, rendered, against the input, compared by meaning
 * (values by key path, k3s configs by flag, Cilium objects by kind and name, not by bytes). Each
 * difference is explained by the report (a value dropped or decided by the model, with why) or
 * it is not: an unexplained difference means the import lost something, and the command exits 1.
 */
import { parse, parseAllDocuments } from 'yaml';
import { isObj, leaves } from './draft.js';
import { objectName } from './helm-sources.js';
import { flagList, type NodeConfig } from './k3s-configs.js';
import type { ImportReport, ReportEntry } from './report.js';
import { showValue } from './report.js';

export interface VerifyResult {
  /** One line per difference, explained or not. */
  readonly lines: string[];
  /** How many differences the report does not explain. */
  readonly unexplained: number;
}

/** What verify compares: the input as import read it. */
export interface VerifyInput {
  readonly report: ImportReport;
  /** The merged Cilium values of the input. */
  readonly inputValues: Record<string, unknown>;
  readonly nodeConfigs: readonly NodeConfig[];
  /** Cilium objects of the input (pools, L2 policies, BGP), with their file. */
  readonly objects: readonly { file: string; o: Record<string, unknown> }[];
}

function same(a: unknown, b: unknown): boolean {
  if (JSON.stringify(a) === JSON.stringify(b)) return true;
  // Helm and k3s read `"6443"` and `6443`, `"true"` and `true` alike.
  return a !== undefined && b !== undefined && typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b);
}

function explanation(e: ReportEntry | undefined): string | undefined {
  if (!e) return undefined;
  if (e.to.kind === 'dropped') return `dropped: ${e.to.reason}`;
  if (e.to.kind === 'decided') return `decided by the model: ${e.to.what}`;
  return e.to.kind === 'field' && e.to.note ? `${e.to.path}: ${e.to.note}` : undefined;
}

class Comparison {
  readonly lines: string[] = [];
  unexplained = 0;

  differ(where: string, yours: unknown, rendered: unknown, why: string | undefined): void {
    const what = `${where}: yours ${yours === undefined ? '(none)' : showValue(yours)}, rendered ${rendered === undefined ? '(none)' : showValue(rendered)}`;
    if (why) this.lines.push(`  explained    ${what} (${why})`);
    else {
      this.unexplained++;
      this.lines.push(`  UNEXPLAINED  ${what}`);
    }
  }
}

/** The entry of a Helm value: the values path after the `base: ` prefix. */
function valueEntry(report: ImportReport, path: string): ReportEntry | undefined {
  return report.entries.findLast((e) => (e.path === path || e.path.endsWith(`: ${path}`)) && !/^overridden|^set again/.test(e.to.kind === 'dropped' ? e.to.reason : ''));
}

function compareValues(c: Comparison, input: VerifyInput, rendered: Record<string, unknown>): void {
  const got = new Map(leaves(rendered));
  for (const [path, value] of leaves(input.inputValues)) {
    if (same(value, got.get(path))) continue;
    c.differ(`Helm value ${path}`, value, got.get(path), explanation(valueEntry(input.report, path)));
  }
}

function compareK3s(c: Comparison, input: VerifyInput, files: ReadonlyMap<string, string>): void {
  for (const n of input.nodeConfigs) {
    const text = files.get(`k3s/config/${n.name}.yaml`);
    if (text === undefined) {
      c.differ(`k3s config of node ${n.name}`, 'a config file', undefined, undefined);
      continue;
    }
    const rendered = (parse(text) ?? {}) as Record<string, unknown>;
    const object = input.report.entries.find((e) => e.object.startsWith(`k3s config of node ${n.name}`))?.object ?? '';
    for (const [key, value] of Object.entries(n.config)) {
      // k3s reads every value as flag text (numbers through fmt.Sprint) and list items one flag each.
      const asFlags = (v: unknown) => (Array.isArray(v) || typeof v === 'string' || typeof v === 'number' ? flagList(v) : v);
      const mine = asFlags(value);
      const theirs = asFlags(rendered[key]);
      if (same(mine, theirs) || (Array.isArray(mine) && Array.isArray(theirs) && same([...mine].sort(), [...theirs].sort()))) continue;
      c.differ(`k3s ${n.name}: ${key}`, value, rendered[key], explanation(input.report.find(object, key)));
    }
  }
}

/** Leaf values with their paths, into lists too (`spec.blocks[0].cidr`). */
function deepLeaves(value: unknown, prefix: string): [string, unknown][] {
  if (Array.isArray(value) && value.length > 0) return value.flatMap((v, i) => deepLeaves(v, `${prefix}[${i}]`));
  if (isObj(value) && Object.keys(value).length > 0) return Object.entries(value).flatMap(([k, v]) => deepLeaves(v, `${prefix}.${k}`));
  return [[prefix, value]];
}

function renderedObjects(files: ReadonlyMap<string, string>): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [path, text] of files) {
    if (!path.startsWith('manifests/') || !path.endsWith('.yaml')) continue;
    for (const d of parseAllDocuments(text)) {
      const o = d.toJS() as unknown;
      if (isObj(o) && typeof o.kind === 'string') out.set(objectName(o), o);
    }
  }
  return out;
}

const COMPARED = new Set(['CiliumLoadBalancerIPPool', 'CiliumL2AnnouncementPolicy', 'CiliumBGPPeerConfig', 'CiliumBGPNodeConfigOverride']);

function compareObjects(c: Comparison, input: VerifyInput, files: ReadonlyMap<string, string>): void {
  const rendered = renderedObjects(files);
  for (const { o } of input.objects) {
    const name = objectName(o);
    if (!COMPARED.has(String(o.kind))) continue;
    const theirs = rendered.get(name);
    if (!theirs) {
      c.differ(name, 'an object', undefined, explanation(input.report.find(name, 'metadata.name')));
      continue;
    }
    const got = new Map(deepLeaves(theirs.spec, 'spec'));
    const seen = new Set<string>();
    for (const [path, value] of deepLeaves(o.spec, 'spec')) {
      seen.add(path);
      if (same(value, got.get(path))) continue;
      // An entry may cover a whole sub-tree (spec.families) or the exact leaf.
      const entry = input.report.entries.findLast((e) => e.object === name && (path === e.path || path.startsWith(`${e.path}.`) || path.startsWith(`${e.path}[`)));
      c.differ(`${name} ${path}`, value, got.get(path), explanation(entry));
    }
    for (const [path, value] of got) {
      if (seen.has(path)) continue;
      const entry = input.report.entries.findLast((e) => e.object === name && (path === e.path || path.startsWith(`${e.path}.`) || path.startsWith(`${e.path}[`)));
      if (!entry) c.differ(`${name} ${path}`, undefined, value, 'added by the model');
    }
  }
}

/** Compares the rendered files of the imported cluster (paths relative to its directory) with the input. */
export function verifyImport(input: VerifyInput, files: ReadonlyMap<string, string>): VerifyResult {
  const c = new Comparison();
  const values = files.get('cilium/values.yaml');
  compareValues(c, input, (values ? parse(values) : {}) as Record<string, unknown>);
  compareK3s(c, input, files);
  compareObjects(c, input, files);
  return { lines: c.lines, unexplained: c.unexplained };
}
