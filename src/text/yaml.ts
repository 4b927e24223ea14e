/**
 * YAML text for the files that are not Kubernetes objects (k3s config files, Helm values) and for
 * objects. Written with this package's own `yaml`, with cdk8s's options, so a library user's cdk8s
 * (each release pins its own `yaml`) never changes a byte of what `files()` returns.
 */
import { Document, stringify } from 'yaml';

/**
 * cdk8s's options (its `Yaml.stringify`): YAML 1.1 quoting, no line folding, undefined written as
 * null. And no directives: a document made from data has neither `%YAML` nor `%TAG` lines to
 * write, but yaml walks the whole tree looking for tags unless told so (a twentieth of the output's time).
 */
const OBJECT_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1', directives: false } as const;

/** Objects as a multi-document YAML stream, the way cdk8s's `Yaml.stringify` writes them. */
export function objectsYaml(...docs: unknown[]): string {
  return docs.map((d) => (d === undefined ? '\n' : stringify(d, OBJECT_YAML_OPTIONS))).join('---\n');
}

/** A deep copy with object keys sorted, so output never depends on insertion order. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])) as T;
  }
  return value;
}

/** Prefixes each line of `text` with `# `. */
export function comment(text: string): string {
  return text.split('\n').map((line) => (line ? `# ${line}` : '#')).join('\n') + '\n';
}

/**
 * A k3s config file. k3s reads it with yaml.v2 (YAML 1.1), where an unquoted `0644` is an octal
 * number and `no` a boolean: every string scalar is double-quoted, keys stay plain.
 */
export function k3sConfigYaml(config: Readonly<Record<string, unknown>>, header: string): string {
  const doc = new Document(sortKeys(config), { version: '1.1' });
  const body = doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', directives: false });
  return comment(header) + body;
}

/** Helm values as YAML, keys sorted, with cdk8s's YAML 1.1-safe quoting. */
export function valuesYaml(values: Readonly<Record<string, unknown>>): string {
  return objectsYaml(sortKeys(values));
}

