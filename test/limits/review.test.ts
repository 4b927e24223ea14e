/**
 * The review's building blocks against brute-force oracles: address-set arithmetic (ranges that
 * touch at one address, are adjacent, nest or are apart) and "the new selector selects at least what
 * the old one did" (never claimed when a Service could be dropped); and the level of a narrowed pool
 * selector, which `diff --fail-on breaking` acts on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareClusters } from '../../src/diff/compare.js';
import { contains, intersect, normalize, size, subtract } from '../../src/diff/ranges.js';
import { countLevels } from '../../src/diff/review.js';
import { sameSelection, selectsAtLeast } from '../../src/diff/selectors.js';
import type { LabelSelector } from '../../src/model/cluster-spec.js';
import type { IpRange } from '../../src/model/ip.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { selectorMatches } from '../../src/model/selectors.js';
import { specOf } from './paths.js';

const range = fc.tuple(fc.constantFrom<4 | 6>(4, 6), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 8 }))
  .map(([family, first, len]): IpRange => ({ family, first: BigInt(first), last: BigInt(first + len) }));
const ranges = fc.array(range, { maxLength: 5 });
const set = (rs: readonly IpRange[]) => new Set(rs.flatMap((r) => Array.from({ length: Number(r.last - r.first) + 1 }, (_, i) => `${r.family}:${Number(r.first) + i}`)));
const sorted = (s: Set<string>) => [...s].sort();

describe('address sets', () => {
  it('two ranges touching at one address, adjacent, or one apart', () => {
    const r = (first: number, last: number): IpRange => ({ family: 4, first: BigInt(first), last: BigInt(last) });
    expect(normalize([r(1, 5), r(5, 9)])).toEqual([r(1, 9)]);
    expect(size(normalize([r(1, 5), r(5, 9)]))).toBe(9n);
    expect(normalize([r(6, 9), r(1, 5)])).toEqual([r(1, 9)]);
    expect(normalize([r(1, 5), r(7, 9)])).toEqual([r(1, 5), r(7, 9)]);
    expect(normalize([r(1, 9), r(2, 3)])).toEqual([r(1, 9)]);
    expect(subtract([r(1, 9)], [r(5, 5)])).toEqual([r(1, 4), r(6, 9)]);
    expect(subtract([r(1, 9)], [r(1, 1), r(9, 9)])).toEqual([r(2, 8)]);
    expect(intersect([r(1, 5)], [r(5, 9)])).toEqual([r(5, 5)]);
    expect(normalize([r(1, 5), { family: 6, first: 6n, last: 9n }])).toHaveLength(2);
  });

  it('normalize, subtract, intersect and size agree with sets of addresses', () => {
    fc.assert(fc.property(ranges, ranges, (a, b) => {
      const n = normalize(a);
      expect(sorted(set(n))).toEqual(sorted(set(a)));
      expect(size(n)).toBe(BigInt(set(a).size));
      // Merged: sorted, and no two of one family touch or are adjacent.
      for (let i = 1; i < n.length; i++) {
        if (n[i].family === n[i - 1].family) expect(n[i].first > n[i - 1].last + 1n).toBe(true);
        else expect(n[i].family > n[i - 1].family).toBe(true);
      }
      const sb = set(b);
      expect(sorted(set(subtract(a, b)))).toEqual(sorted(set(a)).filter((x) => !sb.has(x)));
      expect(sorted(set(intersect(a, b)))).toEqual(sorted(set(a)).filter((x) => sb.has(x)));
      // Every address at and around each range's edges is in the set exactly when the oracle says so.
      const sa = set(a);
      for (const r of [...a, ...b]) {
        for (const v of [r.first - 1n, r.first, r.last, r.last + 1n]) {
          for (const family of [4, 6] as const) expect(contains(a, family, v)).toBe(sa.has(`${family}:${v}`));
        }
      }
    }), { numRuns: 300 });
  });
});

describe('selector comparison', () => {
  const keys = ['a', 'b'];
  const vals = ['x', 'y', 'z'];
  const requirement = fc.record({
    key: fc.constantFrom(...keys),
    operator: fc.constantFrom<'In' | 'NotIn' | 'Exists' | 'DoesNotExist'>('In', 'NotIn', 'Exists', 'DoesNotExist'),
    values: fc.subarray(vals, { minLength: 1 }),
  }).map((r) => (r.operator === 'In' || r.operator === 'NotIn' ? r : { key: r.key, operator: r.operator }));
  const selector: fc.Arbitrary<LabelSelector | undefined> = fc.option(fc.record({
    matchLabels: fc.option(fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...vals), { maxKeys: 2 }), { nil: undefined }),
    matchExpressions: fc.option(fc.array(requirement, { maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: [] }), { nil: undefined });
  // Every label set over the keys: each key absent or one of the values.
  const labelSets: Record<string, string>[] = [{}];
  for (const k of keys) labelSets.splice(0, labelSets.length, ...labelSets.flatMap((l) => [l, ...vals.map((v) => ({ ...l, [k]: v }))]));

  it('selectsAtLeast is never true when a label set the old selector matched is dropped; sameSelection means the same sets', () => {
    fc.assert(fc.property(selector, selector, (before, after) => {
      const dropped = labelSets.some((l) => selectorMatches(before, l) && !selectorMatches(after, l));
      if (selectsAtLeast(before, after)) expect(dropped).toBe(false);
      if (sameSelection(before, after)) expect(labelSets.every((l) => selectorMatches(before, l) === selectorMatches(after, l))).toBe(true);
      expect(selectsAtLeast(before, before)).toBe(true);
    }), { numRuns: 500 });
  });

  it('recognises the widenings a user writes', () => {
    const In = (key: string, ...values: string[]) => ({ matchExpressions: [{ key, operator: 'In' as const, values }] });
    expect(selectsAtLeast(In('a', 'x'), In('a', 'x', 'y'))).toBe(true);
    expect(selectsAtLeast(In('a', 'x', 'y'), In('a', 'x'))).toBe(false);
    expect(selectsAtLeast({ matchLabels: { a: 'x' } }, undefined)).toBe(true);
    expect(selectsAtLeast(undefined, { matchLabels: { a: 'x' } })).toBe(false);
    expect(selectsAtLeast({ matchLabels: { a: 'x' } }, { matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toBe(true);
    expect(selectsAtLeast({ matchLabels: { a: 'x' } }, { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['y'] }] })).toBe(true);
    expect(selectsAtLeast({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['y'] }] })).toBe(true);
    expect(selectsAtLeast({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['y'] }] }, { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['y', 'z'] }] })).toBe(false);
  });
});

describe('a pool serviceSelector change, at the level --fail-on acts on', () => {
  const level = (before: LabelSelector | undefined, after: LabelSelector | undefined) => {
    const spec = (sel: LabelSelector | undefined) => {
      const s = specOf('test/fixtures/clusters/homelab.yaml');
      if (sel) s.loadBalancer.pools[1].serviceSelector = sel;
      else delete s.loadBalancer.pools[1].serviceSelector;
      return resolveCluster(s);
    };
    const review = compareClusters('homelab', spec(before), spec(after));
    return countLevels({ base: 'a', head: 'b', clusters: [review] });
  };
  it('narrowed or changed is breaking; widened is safe', () => {
    expect(level({ matchLabels: { tier: 'critical' } }, { matchLabels: { tier: 'gold' } })).toEqual({ breaking: 1, restart: 0, safe: 0 });
    expect(level(undefined, { matchLabels: { tier: 'critical' } })).toEqual({ breaking: 1, restart: 0, safe: 0 });
    expect(level({ matchLabels: { tier: 'critical' } }, undefined)).toEqual({ breaking: 0, restart: 0, safe: 1 });
    expect(level({ matchLabels: { tier: 'critical' } }, { matchLabels: { tier: 'critical' } })).toEqual({ breaking: 0, restart: 0, safe: 0 });
  });
});
