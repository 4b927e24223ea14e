/** Label selector semantics, as Kubernetes and Cilium evaluate them. */
import type { LabelSelector } from './cluster-spec.js';

/**
 * Whether some object could match both selectors: false only when their matchLabels pin the same
 * key to different values, or an expression of one excludes what the other's matchLabels requires.
 */
export function selectorsCompatible(a?: LabelSelector, b?: LabelSelector): boolean {
  // Maps, never `k in obj` / `obj[k]`: label keys are user data, and `constructor` or `toString` are keys like any other.
  const la = new Map(Object.entries(a?.matchLabels ?? {}));
  const lb = new Map(Object.entries(b?.matchLabels ?? {}));
  for (const [k, v] of la) if (lb.has(k) && lb.get(k) !== v) return false;
  const pinned = new Map([...lb, ...la]);
  for (const expr of [...(a?.matchExpressions ?? []), ...(b?.matchExpressions ?? [])]) {
    if (!pinned.has(expr.key)) continue;
    const value = pinned.get(expr.key)!;
    if (expr.operator === 'DoesNotExist') return false;
    if (expr.operator === 'In' && !(expr.values ?? []).includes(value)) return false;
    if (expr.operator === 'NotIn' && (expr.values ?? []).includes(value)) return false;
  }
  return true;
}

/** Whether a label set satisfies a selector (nil selector = everything). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const label = (k: string): string | undefined => (Object.hasOwn(labels, k) ? labels[k] : undefined);
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (label(k) !== v) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const value = label(expr.key);
    const has = value !== undefined;
    const values = expr.values ?? [];
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
    if (expr.operator === 'In' && !(has && values.includes(value))) return false;
    if (expr.operator === 'NotIn' && has && values.includes(value)) return false;
  }
  return true;
}

/** Whether a selector pins nothing (absent, or empty matchLabels and matchExpressions): it selects everything. */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/** `tier=critical, app In (a, b)` for messages; `everything` for an empty selector. */
export function describeSelector(selector: LabelSelector | undefined, everything: string): string {
  if (!selector) return everything;
  const parts = [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(', ')})` : ''}`),
  ];
  return parts.join(', ') || everything;
}
