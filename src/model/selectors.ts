/** Label selector semantics, as Kubernetes and Cilium evaluate them. */
import type { LabelSelector } from './cluster-spec.js';

/**
 * Whether some object could match both selectors: false only when their matchLabels pin the same
 * key to different values, or an expression of one excludes what the other's matchLabels requires.
 */
export function selectorsCompatible(a?: LabelSelector, b?: LabelSelector): boolean {
  const la = a?.matchLabels ?? {};
  const lb = b?.matchLabels ?? {};
  for (const [k, v] of Object.entries(la)) if (k in lb && lb[k] !== v) return false;
  const pinned = { ...lb, ...la };
  for (const expr of [...(a?.matchExpressions ?? []), ...(b?.matchExpressions ?? [])]) {
    if (!(expr.key in pinned)) continue;
    const value = pinned[expr.key];
    if (expr.operator === 'DoesNotExist') return false;
    if (expr.operator === 'In' && !(expr.values ?? []).includes(value)) return false;
    if (expr.operator === 'NotIn' && (expr.values ?? []).includes(value)) return false;
  }
  return true;
}

/** Whether a label set satisfies a selector (nil selector = everything). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    const values = expr.values ?? [];
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
    if (expr.operator === 'In' && !(has && values.includes(labels[expr.key]))) return false;
    if (expr.operator === 'NotIn' && has && values.includes(labels[expr.key])) return false;
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
