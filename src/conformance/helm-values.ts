/**
 * Cilium Helm values against one chart release: the chart's values.schema.json (draft-07, not
 * strict) for types, the chart's values.yaml for which key paths exist at all, and a deny-list of
 * keys that were removed or never worked the way old guides use them.
 */
import type { ValidateFunction } from 'ajv';
import type { CiliumCapabilities } from '../model/cilium-versions.js';
import { ajvViolations } from './ajv.js';
import type { ValuesKeys } from './values-keys.js';
import type { Violation } from './violation.js';
import { joinField } from './violation.js';

/** What one chart release accepts. */
export interface ChartValuesReference {
  /** e.g. `Cilium 1.20.0 chart`; used in rule names. */
  source: string;
  /** Compiled values.schema.json. */
  schema: ValidateFunction;
  /** Key paths of values.yaml, commented-out documented keys included. */
  keys: ValuesKeys;
  /** Key paths that must not be emitted for this release, with why (see `deniedValuePaths`). */
  denied: ReadonlyMap<string, string>;
}

/**
 * Keys that must never be emitted, with why. The schema does not reject them and on some releases
 * values.yaml still lists them (`nodePort.enabled` on 1.18), yet with kube-proxy replacement they are
 * dead or harmful.
 */
export const DENIED_VALUE_PATHS: ReadonlyMap<string, string> = new Map([
  ['tunnel', 'removed in Cilium 1.15 and silently ignored; use routingMode (+ tunnelProtocol)'],
  ['nodePort.enabled', 'kubeProxyReplacement: true includes NodePort; the key is gone from 1.19 on'],
  ['hostPort.enabled', 'kubeProxyReplacement: true includes HostPort; not a chart key since 1.16'],
  ['externalIPs.enabled', 'kubeProxyReplacement: true includes ExternalIPs; not a chart key since 1.16'],
]);

/** The deny-list for one minor: the keys above plus keys the chart still lists but that minor's agent no longer reads. */
export function deniedValuePaths(capabilities: CiliumCapabilities): ReadonlyMap<string, string> {
  const denied = new Map(DENIED_VALUE_PATHS);
  if (!capabilities.l2PodAnnouncementsInterfaceKey) {
    denied.set(
      'l2podAnnouncements.interface',
      `the Cilium ${capabilities.minor} agent has no --l2-pod-announcements-interface and crash-loops; set interfacePattern`,
    );
  }
  return denied;
}

/** The chart template `fail`s on any other kubeProxyReplacement (strict/partial/probe are gone since 1.16). */
const KPR_ACCEPTED: readonly unknown[] = [true, false, 'true', 'false'];

/** Leaf key paths of emitted values (empty maps and lists are leaves). */
export function valuePaths(values: unknown, prefix = ''): string[] {
  if (!values || typeof values !== 'object' || Array.isArray(values) || Object.keys(values).length === 0) return prefix ? [prefix] : [];
  return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) => valuePaths(v, prefix ? `${prefix}.${k}` : k));
}

function isKnownPath(path: string, keys: ValuesKeys): boolean {
  if (keys.paths.has(path)) return true;
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    if (keys.freeForm.has(parts.slice(0, i).join('.'))) return true;
  }
  return false;
}

/**
 * Violations of a values object. `at.base` is the field holding the values in the file
 * (e.g. `spec.valuesContent` of a HelmChart), empty for a values.yaml file.
 */
export function helmValuesViolations(values: unknown, chart: ChartValuesReference, at: { file: string; object: string; base?: string }): Violation[] {
  const base = at.base ?? '';
  const where = { file: at.file, object: at.object };
  if (!values || typeof values !== 'object' || Array.isArray(values)) {
    return [{ ...where, field: base, rule: `${chart.source} values`, message: 'Helm values must be a map' }];
  }
  const out: Violation[] = [];
  if (!chart.schema(values)) out.push(...ajvViolations(chart.schema.errors, { ...where, base, rule: `${chart.source} values.schema.json` }));
  for (const path of valuePaths(values)) {
    const denied = [...chart.denied].find(([p]) => path === p || path.startsWith(`${p}.`));
    if (denied) {
      out.push({ ...where, field: joinField(base, path), rule: `deny-list: ${chart.source} values`, message: `${denied[0]} must not be set: ${denied[1]}` });
    } else if (!isKnownPath(path, chart.keys)) {
      out.push({
        ...where,
        field: joinField(base, path),
        rule: `${chart.source} values.yaml keys`,
        message: `${path} is not a key of this chart's values.yaml (neither set nor documented as a commented-out key), so the chart ignores it`,
      });
    }
  }
  const kpr = (values as Record<string, unknown>).kubeProxyReplacement;
  if (kpr !== undefined && !KPR_ACCEPTED.includes(kpr)) {
    out.push({
      ...where,
      field: joinField(base, 'kubeProxyReplacement'),
      rule: 'deny-list: chart template fail',
      message: `kubeProxyReplacement ${JSON.stringify(kpr)} makes the chart fail; only true or false are accepted`,
    });
  }
  return out;
}
