/** Label selector semantics, as Kubernetes and Cilium evaluate them. */
import type { LabelSelector } from './cluster-spec.js';

/** What the requirements of two selectors ask of one label key. */
interface KeyConstraint {
  /** Every `In` (and matchLabels value) the key must be in: the value must be in each. */
  readonly inSets: string[][];
  /** Values `NotIn` excludes. */
  readonly notIn: Set<string>;
  exists: boolean;
  doesNotExist: boolean;
}

/**
 * Whether some object could match both selectors: whether one label set satisfies every requirement
 * of both. Keys are independent, so each key is decided on its own: it may be absent unless an `In`,
 * a matchLabels value or `Exists` needs it; it may be present unless `DoesNotExist` forbids it, with
 * a value in every `In` set and outside every `NotIn` set (without an `In`, values are unbounded and
 * one outside the finitely many excluded always exists). Exact, not a guess: a pool whose selector
 * excludes what an L2 policy's requires (`tier Exists` against `tier DoesNotExist`, `In (a)` against
 * `In (b)`) is served by no policy and must not be counted as announced.
 */
export function selectorsCompatible(a?: LabelSelector, b?: LabelSelector): boolean {
  // Maps, never `k in obj` / `obj[k]`: label keys are user data, and `constructor` or `toString` are keys like any other.
  const keys = new Map<string, KeyConstraint>();
  const on = (key: string): KeyConstraint => {
    let c = keys.get(key);
    if (!c) keys.set(key, (c = { inSets: [], notIn: new Set(), exists: false, doesNotExist: false }));
    return c;
  };
  for (const s of [a, b]) {
    for (const [k, v] of Object.entries(s?.matchLabels ?? {})) on(k).inSets.push([v]);
    for (const expr of s?.matchExpressions ?? []) {
      const c = on(expr.key);
      if (expr.operator === 'In') c.inSets.push(expr.values ?? []);
      else if (expr.operator === 'NotIn') for (const v of expr.values ?? []) c.notIn.add(v);
      else if (expr.operator === 'Exists') c.exists = true;
      else if (expr.operator === 'DoesNotExist') c.doesNotExist = true;
    }
  }
  for (const c of keys.values()) {
    const mayBeAbsent = c.inSets.length === 0 && !c.exists;
    if (mayBeAbsent) continue;
    if (c.doesNotExist) return false;
    if (c.inSets.length === 0) continue;
    const [first, ...rest] = c.inSets;
    if (!first.some((v) => !c.notIn.has(v) && rest.every((set) => set.includes(v)))) return false;
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
