/**
 * The token statistics both YAML paths apply the depth and value limits to (src/load/yaml-stats.ts):
 * exact for hand-written shapes (block, compact, flow over lines, comments, explicit keys, scalars
 * of each kind), and on generated documents an upper bound of what yaml's tree holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAlias, isCollection, isScalar, parseDocument, stringify, visit } from 'yaml';
import { yamlStats } from '../../src/load/yaml-stats.js';

describe('depth and values', () => {
  it.each([
    ['a: 1\n', 1, 3],
    ['a:\n  b: 1\n', 2, 5],
    ['a:\n  b: 1\nc: 2\n', 2, 8],
    ['  a: 1\n', 1, 3],
    ['- - x\n', 3, 3],
    ['a:\n  - - x\n', 4, 5],
    ['- a: b\n  c: d\n', 2, 7],
    ['[[1]]\n', 3, 3],
    ['{a: [1, {b: 2}]}\n', 4, 9],
    ['[a,\n  [b]]\n', 3, 4],
    ['- [a, - b]\n', 3, 5],
    ['? a\n: b\n', 2, 4],
    ['a: &x 1\nb: *x\n', 1, 6],
    ['a: \'x\'\nb: "y"\n', 1, 6],
    ['a: |\n  text\n', 1, 4],
    // Comment lines, however indented, open no level.
    ['a:\n  # c\n      # d\n  b: 1\n', 2, 5],
    ['# c\n  # d\na: 1\n', 1, 3],
  ])('%j: %d levels, %d values', (text, depth, values) => {
    expect(yamlStats(text)).toEqual({ depth, values });
  });

  it('a dedent closes every level deeper than the line', () => {
    expect(yamlStats('a:\n  b:\n    c: 1\n  d: 2\ne: 3\n').depth).toBe(3);
    expect(yamlStats('a:\n    b: 1\n  c: 2\n').depth).toBe(2);
  });

  it('a closed flow collection leaves the block levels as they were', () => {
    expect(yamlStats('a: [1]\nb:\n  c:\n    d: 1\n').depth).toBe(3);
    // A `?` inside braces is no block indicator: the value's lines are one level deeper than the key's.
    expect(yamlStats('{? a : b}:\n  d: 1\n').depth).toBe(2);
  });

  it('on whatever yaml writes, values bound the nodes of yaml\'s tree (one more without aliases) and depth its nesting', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), tie('seq'), tie('map')),
      seq: fc.array(tie('node'), { maxLength: 3 }),
      map: fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 3 }),
    })).node;
    fc.assert(fc.property(value, fc.constantFrom('block', 'flow') as fc.Arbitrary<'block' | 'flow'>, (v, collectionStyle) => {
      const text = stringify(v, { collectionStyle });
      let nodes = 0;
      let deepest = 0;
      visit(parseDocument(text), {
        Node: (_, node, path) => {
          if (isScalar(node) || isCollection(node) || isAlias(node)) nodes++;
          if (isCollection(node)) deepest = Math.max(deepest, path.filter((p) => isCollection(p)).length + 1);
        },
      });
      const stats = yamlStats(text);
      return stats.values >= nodes - 1 && stats.depth >= deepest;
    }), { numRuns: 200 });
  });
});
