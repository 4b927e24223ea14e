/** The selector indexes answer exactly what scanning every item with the selector functions answers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../src/model/cluster-spec.js';
import { compatibleIndex, matchingIndex } from '../../src/model/selector-index.js';
import { selectorMatches, selectorsCompatible } from '../../src/model/selectors.js';

const key = fc.constantFrom('pool', 'segment', 'tier', 'app');
const value = fc.constantFrom('a', 'b', 'c');
const labels = fc.dictionary(key, value, { maxKeys: 3 });
const selector: fc.Arbitrary<LabelSelector | undefined> = fc.option(
  fc.record(
    {
      matchLabels: labels,
      matchExpressions: fc.array(
        fc.record({ key, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.array(value, { maxLength: 2 }) }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('selector indexes', () => {
  it('matchingIndex finds the items whose labels a selector matches, in item order', () => {
    fc.assert(fc.property(fc.array(labels, { maxLength: 30 }), selector, (items, query) => {
      expect(matchingIndex(items, (l) => l)(query)).toEqual(items.filter((l) => selectorMatches(query, l)));
    }));
  });

  it('compatibleIndex finds the items whose selectors are compatible with a selector, in item order', () => {
    fc.assert(fc.property(fc.array(selector, { maxLength: 30 }), selector, (items, query) => {
      const boxed = items.map((s) => ({ s }));
      expect(compatibleIndex(boxed, (b) => b.s)(query)).toEqual(boxed.filter((b) => selectorsCompatible(b.s, query)));
    }));
  });
});
