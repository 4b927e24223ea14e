/** Reading, setting and varying one dotted path of a Helm values tree, for probing what the chart does with a value. */
type Values = Record<string, unknown>;

/** Passed to `withPath` to delete the key instead of setting it. */
export const REMOVE = Symbol('remove');

export const getPath = (values: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Values | undefined)?.[k], values);

/** Whether the tree has the key at `path` (every parent an object holding the next key), and its value there. */
export function keyAt(values: unknown, path: string): { present: boolean; value?: unknown } {
  let v = values;
  for (const k of path.split('.')) {
    if (!v || typeof v !== 'object' || !(k in v)) return { present: false };
    v = (v as Values)[k];
  }
  return { present: true, value: v };
}

/** A copy of `values` with `path` set to `value` (or deleted, for REMOVE); the parent objects must exist. */
export function withPath<T extends Values>(values: T, path: string, value: unknown): T {
  const copy = structuredClone(values);
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<Values>((v, k) => v[k] as Values, copy);
  if (value === REMOVE) delete parent[keys.at(-1)!];
  else parent[keys.at(-1)!] = value;
  return copy;
}

/** Another value of the same type that the chart's schema accepts. */
export function changedValue(path: string, value: unknown): unknown {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  const text = String(value);
  const enums: Record<string, string> = { native: 'tunnel', tunnel: 'native', vxlan: 'geneve', geneve: 'vxlan', kubernetes: 'cluster-pool' };
  if (enums[text] !== undefined) return enums[text];
  if (/^[0-9.]+\/[0-9]+$/.test(text)) return '10.99.0.0/16';
  if (text.includes(':') && text.includes('/')) return 'fd00:99::/56';
  if (/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return `${text}1ms`;
  if (path === 'k8sServiceHost') return '192.0.2.1';
  return `${text}-changed`;
}
