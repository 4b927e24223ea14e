/**
 * The review's selector comparison is exact for one requirement against one requirement: "the new
 * selector selects at least what the old one did" holds exactly when no Service the old one selected
 * is dropped (brute force over label sets, with a value no selector names, so `In (x, y, z)` is not
 * taken for `Exists`); and a selector rewritten (order, duplicates, matchLabels as `In`) is the same
 * selection. test/limits/review.test.ts checks it is never claimed wrongly for any selectors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameSelection, selectsAtLeast } from '../../src/diff/selectors.js';
import type { LabelSelector } from '../../src/model/cluster-spec.js';
import { selectorMatches } from '../../src/model/selectors.js';

type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
const VALUES = ['x', 'y', 'z'];
// Every label set over key `a` (absent, or one of the values, or one no selector names) and key `b`.
const LABEL_SETS: Record<string, string>[] = [{}, ...[...VALUES, 'w'].map((v) => ({ a: v }))].flatMap((l) => [l, { ...l, b: 'x' }]);

const requirement = fc.record({
  operator: fc.constantFrom<Operator>('In', 'NotIn', 'Exists', 'DoesNotExist'),
  values: fc.subarray(VALUES, { minLength: 1 }),
}).map(({ operator, values }): LabelSelector => ({
  matchExpressions: [operator === 'In' || operator === 'NotIn' ? { key: 'a', operator, values } : { key: 'a', operator }],
}));
const one: fc.Arbitrary<LabelSelector> = fc.oneof(requirement, fc.constantFrom(...VALUES).map((v) => ({ matchLabels: { a: v } })));

const dropsSome = (before: LabelSelector, after: LabelSelector) =>
  LABEL_SETS.some((l) => selectorMatches(before, l) && !selectorMatches(after, l));

describe('selector comparison, one requirement each', () => {
  it('selectsAtLeast is exactly "drops no label set"', () => {
    fc.assert(fc.property(one, one, (before, after) => {
      expect(selectsAtLeast(before, after)).toBe(!dropsSome(before, after));
    }), { numRuns: 400 });
  });

  it('every pair of operators and value sets, spelled out', () => {
    const ops: Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
    const sets = [['x'], ['y'], ['x', 'y']];
    const all: LabelSelector[] = ops.flatMap((operator): LabelSelector[] => (operator === 'In' || operator === 'NotIn'
      ? sets.map((values) => ({ matchExpressions: [{ key: 'a', operator, values }] }))
      : [{ matchExpressions: [{ key: 'a', operator }] }]));
    for (const before of all) {
      for (const after of all) expect(selectsAtLeast(before, after), JSON.stringify([before, after])).toBe(!dropsSome(before, after));
    }
  });

  it('a requirement on another key is never implied', () => {
    expect(selectsAtLeast({ matchLabels: { b: 'x' } }, { matchLabels: { a: 'x' } })).toBe(false);
    expect(selectsAtLeast({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }, { matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toBe(false);
  });
});

describe('the same selection written another way', () => {
  it('order of requirements and values, duplicates, matchLabels as In of one value', () => {
    const a: LabelSelector = {
      matchLabels: { a: 'x' },
      matchExpressions: [{ key: 'b', operator: 'In', values: ['x', 'y'] }, { key: 'c', operator: 'Exists' }],
    };
    const b: LabelSelector = {
      matchExpressions: [
        { key: 'c', operator: 'Exists' }, { key: 'b', operator: 'In', values: ['y', 'x', 'y'] },
        { key: 'a', operator: 'In', values: ['x'] }, { key: 'c', operator: 'Exists' },
      ],
    };
    expect(sameSelection(a, b)).toBe(true);
    expect(sameSelection(undefined, {})).toBe(true);
    // Kubernetes allows an empty values list with Exists and DoesNotExist: the same as none.
    expect(sameSelection({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { matchExpressions: [{ key: 'a', operator: 'Exists', values: [] }] })).toBe(true);
    expect(sameSelection(a, { ...b, matchExpressions: b.matchExpressions!.filter((e) => e.key !== 'a') })).toBe(false);
    expect(sameSelection({ matchLabels: { a: 'x' } }, { matchLabels: { a: 'y' } })).toBe(false);
    expect(sameSelection({ matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }] }, { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] })).toBe(false);
  });
});
