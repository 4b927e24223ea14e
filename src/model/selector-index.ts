/**
 * Selector queries in O(candidates) instead of O(everything): items are indexed by their labels
 * (key → value → positions), and a query only looks at the items one of its matchLabels allows.
 * A cluster with thousands of pools asks "which L2 policies serve this pool", "which BGP pools
 * could select the same Services" and "which nodes does this policy select" once per pool or
 * policy; scanning every item each time made those checks quadratic.
 */
import type { LabelSelector } from './cluster-spec.js';
import { selectorMatches, selectorsCompatible } from './selectors.js';

class LabelIndex {
  private readonly byKeyValue = new Map<string, Map<string, number[]>>();
  private readonly lacking = new Map<string, number[]>();

  constructor(private readonly labels: readonly Record<string, string>[]) {
    labels.forEach((set, i) => {
      for (const [k, v] of Object.entries(set)) {
        let values = this.byKeyValue.get(k);
        if (!values) this.byKeyValue.set(k, (values = new Map()));
        let positions = values.get(v);
        if (!positions) values.set(v, (positions = []));
        positions.push(i);
      }
    });
  }

  /** Positions of the items labelled k=v, ascending. */
  withLabel(k: string, v: string): number[] {
    return this.byKeyValue.get(k)?.get(v) ?? [];
  }

  /** Positions of the items without key k, ascending; computed once per key. */
  withoutKey(k: string): number[] {
    let positions = this.lacking.get(k);
    if (!positions) {
      positions = [];
      this.labels.forEach((set, i) => { if (!Object.hasOwn(set, k)) positions!.push(i); });
      this.lacking.set(k, positions);
    }
    return positions;
  }
}

/** Merges ascending position lists into one ascending list. */
function mergeAscending(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
  return out;
}

/** The item of least cost, or undefined for none. */
function cheapest<T>(items: T[], cost: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || cost(item) < cost(best) ? item : best), undefined);
}

/** `query(selector)`: the items whose labels the selector matches (as selectorMatches), in item order. */
export function matchingIndex<T>(items: readonly T[], labelsOf: (item: T) => Record<string, string>): (selector: LabelSelector | undefined) => T[] {
  const labels = items.map(labelsOf);
  const index = new LabelIndex(labels);
  return (selector) => {
    // Every matching item carries each of the selector's matchLabels: the rarest one bounds the candidates.
    const candidates = cheapest(Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => index.withLabel(k, v)), (l) => l.length);
    const positions = candidates ?? labels.map((_, i) => i);
    return positions.filter((i) => selectorMatches(selector, labels[i])).map((i) => items[i]);
  };
}

/** `query(selector)`: the items whose selectors some object could match together with it (as selectorsCompatible), in item order. */
export function compatibleIndex<T>(items: readonly T[], selectorOf: (item: T) => LabelSelector | undefined): (selector: LabelSelector | undefined) => T[] {
  const selectors = items.map(selectorOf);
  const index = new LabelIndex(selectors.map((s) => s?.matchLabels ?? {}));
  return (selector) => {
    // A compatible item either does not pin a key the query pins, or pins it to the same value.
    const key = cheapest(Object.entries(selector?.matchLabels ?? {}), ([k, v]) => index.withoutKey(k).length + index.withLabel(k, v).length);
    const positions = key ? mergeAscending(index.withoutKey(key[0]), index.withLabel(key[0], key[1])) : selectors.map((_, i) => i);
    return positions.filter((i) => selectorsCompatible(selectors[i], selector)).map((i) => items[i]);
  };
}
