/**
 * Label selectors compared by what they select, not by how they are written: Kubernetes evaluates
 * `matchLabels: {k: v}` as the requirement `k In (v)`, ANDs every requirement, and treats the order
 * of requirements and of an operator's values as meaningless
 * (k8s.io/apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector; Cilium's slim copy,
 * pkg/k8s/slim/k8s/apis/meta/v1/helpers.go, does the same).
 */
import type { LabelSelector } from '../model/cluster-spec.js';

interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** The selector's requirements, each once, matchLabels as `In` of one value, values sorted. */
function requirements(selector: LabelSelector | undefined): Requirement[] {
  const all: Requirement[] = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, v]) => ({ key, operator: 'In' as const, values: [v] })),
    ...(selector?.matchExpressions ?? []).map((e) => ({
      key: e.key, operator: e.operator as Requirement['operator'], values: [...new Set(e.values ?? [])].sort(),
    })),
  ];
  const unique = new Map(all.map((r) => [JSON.stringify([r.key, r.operator, r.values]), r]));
  // The keys are unique (a Map's), so never equal; any one order of them serves, as both selectors are sorted alike.
  // Stryker disable next-line EqualityOperator: `<=` sorts the same unique keys the same way, `>=` in reverse for both selectors
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}

/** Whether the two select exactly the same objects as written (absent and empty both select everything). */
export function sameSelection(a: LabelSelector | undefined, b: LabelSelector | undefined): boolean {
  return JSON.stringify(requirements(a)) === JSON.stringify(requirements(b));
}

const subset = (a: readonly string[], b: readonly string[]) => a.every((v) => b.includes(v));

/** Whether every object that satisfies `known` satisfies `r` too. */
function implied(known: readonly Requirement[], r: Requirement): boolean {
  return known.some((o) => {
    if (o.key !== r.key) return false;
    switch (r.operator) {
      case 'Exists': return o.operator === 'Exists' || (o.operator === 'In' && o.values.length > 0);
      case 'In': return o.operator === 'In' && subset(o.values, r.values);
      case 'NotIn': return o.operator === 'DoesNotExist' || (o.operator === 'NotIn' && subset(r.values, o.values))
        || (o.operator === 'In' && !o.values.some((v) => r.values.includes(v)));
      case 'DoesNotExist': return o.operator === 'DoesNotExist';
    }
    return false;
  });
}

/**
 * Whether `after` is known to select everything `before` selected (it may select more). False when
 * it may select less: some object `before` selected could be dropped.
 */
export function selectsAtLeast(before: LabelSelector | undefined, after: LabelSelector | undefined): boolean {
  const known = requirements(before);
  return requirements(after).every((r) => implied(known, r));
}
