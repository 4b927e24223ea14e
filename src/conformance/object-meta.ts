/**
 * ObjectMeta rules the API server enforces on every object whatever its schema says
 * (k8s.io/apimachinery validation): name and namespace syntax, label keys and values.
 */
import { joinField, Violation } from './violation.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `name` is not a DNS-1123 subdomain, or undefined. */
export function dns1123SubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `"${name}" is longer than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(name)) return `"${name}" is not a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', starting and ending alphanumeric)`;
  return undefined;
}

/** Why `name` is not a DNS-1123 label, or undefined. */
export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  if (!DNS1123_LABEL.test(name)) return `"${name}" is not a DNS-1123 label (lower-case alphanumerics and '-', starting and ending alphanumeric)`;
  return undefined;
}

/** Why `key` is not a label/annotation key (`[prefix/]name`), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
  if (prefix !== undefined && (prefix === '' || dns1123SubdomainProblem(prefix))) return `key "${key}" has a prefix that is not a DNS-1123 subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `key "${key}" is not a qualified name (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`;
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `value ${JSON.stringify(value)} is not a string`;
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return `value "${value}" is not a label value (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric, or empty)`;
  }
  return undefined;
}

/** Label-map violations (`field` is where the map sits, e.g. `metadata.labels`). */
export function labelViolations(labels: unknown, at: { file: string; object: string; field: string }): Violation[] {
  if (labels === undefined || labels === null) return [];
  const rule = 'API server: label syntax';
  if (typeof labels !== 'object' || Array.isArray(labels)) return [{ ...at, rule, message: 'labels must be a map of strings' }];
  return Object.entries(labels as Record<string, unknown>).flatMap(([k, v]) => {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    return problem ? [{ ...at, field: joinField(at.field, k), rule, message: problem }] : [];
  });
}

/** `metadata` rules: a DNS-1123 subdomain name, a DNS-1123 label namespace, valid labels and annotation keys. */
export function objectMetaViolations(obj: Record<string, any>, at: { file: string; object: string; base?: string }): Violation[] {
  const base = at.base ?? '';
  const meta = obj.metadata;
  const field = (f: string) => joinField(base, f);
  if (!meta || typeof meta !== 'object') {
    return [{ file: at.file, object: at.object, field: field('metadata'), rule: 'API server: metadata', message: 'metadata is missing' }];
  }
  const out: Violation[] = [];
  if (typeof meta.name !== 'string' || meta.name === '') {
    out.push({ file: at.file, object: at.object, field: field('metadata.name'), rule: 'API server: metadata.name', message: 'name is required' });
  } else {
    const problem = dns1123SubdomainProblem(meta.name);
    if (problem) out.push({ file: at.file, object: at.object, field: field('metadata.name'), rule: 'API server: DNS-1123 subdomain', message: problem });
  }
  if (meta.namespace !== undefined) {
    const problem = typeof meta.namespace === 'string' ? dns1123LabelProblem(meta.namespace) : 'namespace must be a string';
    if (problem) out.push({ file: at.file, object: at.object, field: field('metadata.namespace'), rule: 'API server: DNS-1123 label', message: problem });
  }
  out.push(...labelViolations(meta.labels, { file: at.file, object: at.object, field: field('metadata.labels') }));
  for (const key of Object.keys(meta.annotations ?? {})) {
    const problem = labelKeyProblem(key);
    if (problem) {
      out.push({ file: at.file, object: at.object, field: field(`metadata.annotations.${key}`), rule: 'API server: annotation key syntax', message: problem });
    }
  }
  return out;
}
