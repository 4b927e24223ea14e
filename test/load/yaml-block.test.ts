/**
 * The block-YAML fast path: wherever it answers, its data and token statistics are the full
 * path's (yaml's Composer and toJS); everything outside its subset is left to the full path.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lexer, parse, stringify } from 'yaml';
import { fleetClusters, largeCluster } from '../../tools/bench/fixtures.js';
import { parseBlockYaml, simpleLineTokens } from '../../src/load/yaml-block.js';
import { YAML_LIMITS } from '../../src/load/yaml-limits.js';
import { parseYaml } from '../../src/load/yaml.js';
import { yamlStats } from '../../src/load/yaml-stats.js';
import { ROOT } from '../helpers.js';

/** What the full path makes of a valid text. */
const full = (text: string) => parse(text, { uniqueKeys: false, maxAliasCount: -1 });

/** Undefined (the full path decides), or the same data and statistics as the full path. */
function agrees(text: string): boolean {
  const fast = parseBlockYaml(text, YAML_LIMITS);
  if ('gaveUpAt' in fast) return true;
  const stats = yamlStats(text);
  return isDeepStrictEqual(fast.data, full(text)) && fast.stats.depth === stats.depth && fast.stats.values === stats.values;
}

const took = (text: string) => 'stats' in parseBlockYaml(text, YAML_LIMITS);

/** The line tokenizer's tokens, or undefined where it gives up (then yaml's Lexer reads the file). */
function lineTokens(text: string): string[] | undefined {
  const tokens: string[] = [];
  try {
    simpleLineTokens(text, (t) => tokens.push(t));
  } catch {
    return undefined;
  }
  return tokens;
}

/** Wherever the line tokenizer answers, its tokens are yaml's Lexer's. */
const sameTokens = (text: string) => {
  const mine = lineTokens(text);
  return mine === undefined || isDeepStrictEqual(mine, [...new Lexer().lex(text)]);
};

// Strings that each need a different rendering or resolve to another type.
const tricky = fc.constantFrom(
  '', ' ', 'a b', 'yes', 'no', 'on', 'true', 'True', 'FALSE', 'null', 'Null', '~', '0', '-0', '+1', '007', '0o17', '0x1F', '0xG',
  '1e3', '1.5', '.5', '1.', '.inf', '-.Inf', '.nan', '1_000', '12:30', '2001-12-14', '#x', 'a #b', 'a#b', 'a: b', 'a:b', '- a', '-a', '-',
  '?', '? a', '[a]', '{a}', ',a', '%a', '@a', '`a', '|', '>', '!a', '&a', '*a', "'", '"', "it's", 'say "hi"', 'tab\there', 'a\\b',
  '__proto__', 'constructor', 'ü', '日本', '---', '...', 'a\nb', ' lead', 'trail ', ':', '::', 'a:', '10.0.0.1/24', 'fd00::1',
);
const key = fc.oneof(tricky, fc.string({ maxLength: 6 }), fc.constantFrom('name', 'pools', 'a', 'b'));
const scalar = fc.oneof(tricky, fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('seq'), tie('map')),
  seq: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).node;
const options = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  indentSeq: fc.boolean(),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE'>,
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE') as fc.Arbitrary<null | 'PLAIN' | 'QUOTE_DOUBLE'>,
  collectionStyle: fc.constantFrom('block', 'block', 'any', 'flow') as fc.Arbitrary<'block' | 'any' | 'flow'>,
  comment: fc.boolean(),
});

describe('block-YAML fast path', () => {
  it('agrees with the full path on whatever yaml writes (block or flow, any quoting)', () => {
    let fast = 0;
    fc.assert(fc.property(value, options, (v, o) => {
      const text = (o.comment ? '# head\n' : '') + stringify(v, { ...o, lineWidth: 0 });
      if (took(text)) fast++;
      return agrees(text) && sameTokens(text);
    }), { numRuns: 1000 });
    // The property says something only if the fast path takes a good share of the texts (about a quarter:
    // empty collections, escapes and scalar documents are the full path's).
    expect(fast).toBeGreaterThan(150);
  });

  it('tokenizes plain block lines as yaml\'s Lexer does, and leaves the rest to it', () => {
    // Lines of every shape the tokenizer takes and many it must not, at random indentation, in random order.
    const content = fc.constantFrom(
      'a: 1', 'key: value', 'a:', 'a:  ', '- x', '- - x', '-', '- ', '- a: b', '- a:', 'a: b c', 'a: b #c', 'a: b# c', 'a:b: c', 'a: b: c',
      'a: fd00::1/64,10.0.0.1/24', "a: 'it''s'", "'k': v", '"k": "v"', 'a: "x\\"y"', 'a: "x" #c', 'a: "x"#c', "a: 'x'y", '# c', '#', 'a : b',
      'a: -1', 'a: ~', 'a: .5', 'a: ...', '...', '---', '--- a', 'a: [1, 2]', 'a: {b: 1}', '? a', ': b', 'a: &x 1', 'a: *x', 'a: !t 1', 'a: |',
      'a: >', 'a: @x', 'a: %x', 'a: `x', '  ', 'a: b   ', 'a:\tb', 'a: b\r', 'k: v:', 'k: https://x.y/z', 'k: a,b', 'k: [a', 'a: #', 'a:  # c',
      'a: []', 'a: {}', '- []', '- {} # c', 'a: [ ]', 'a: []x', 'a: [] ]', '[]', '[]: x', 'a: {}   ',
    );
    const lines = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), content).map(([n, c]) => ' '.repeat(n) + c), { minLength: 1, maxLength: 8 });
    let answered = 0;
    fc.assert(fc.property(lines, fc.boolean(), (ls, newline) => {
      const text = ls.join('\n') + (newline ? '\n' : '');
      if (lineTokens(text)) answered++;
      return sameTokens(text) && agrees(text);
    }), { numRuns: 3000 });
    expect(answered).toBeGreaterThan(300);
  });

  it('agrees with the full path on JSON written as a flow value, with or without spaces', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(fc.property(json, fc.boolean(), (v, spaced) => {
      const flow = spaced ? JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ') : JSON.stringify(v);
      return [`a: ${flow}\n- x\n`, `a: ${flow}\n`, `- ${flow} # c\n`].every((text) => agrees(text) && sameTokens(text));
    }), { numRuns: 500 });
  });

  it('agrees on hand-written edge cases, and takes the plain ones', () => {
    const cases: [string, boolean][] = [
      ['a: 1\nb:\n  - x\n  - y\n', true],
      ['a:\n- x\n- y\nb: 2\n', true], // a sequence at its key's column
      ['- a: 1\n  b: 2\n- - x\n  - y\n-\n- # c\n  z\n', true],
      ['---\na: 1 # c\n\n# c\n', true],
      ['a:\n  b\n', true],
      ['a:  "x y" # c\nb: \'it\'\'s\'\n', true],
      ['a: b\n  c: d\n', false], // a multi-line plain scalar
      ['a: b\nb: c\na: d\n', false], // a duplicate key: the full path reports it
      ['a: 1\n b: 2\n', false],
      ['- a\nb: 1\n', false],
      ['a: b: c\n', false],
      ['a: - b\n', false],
      ['a:\tb\n', false],
      ['a: "x\\ty"\n', false],
      ['a: "x"#c\n', false],
      ['a: &x 1\nb: *x\n', false],
      ['a: !!str 1\n', false],
      ['a: |\n  x\n', false],
      ['? a\n: b\n', false],
      ['a: 1\n---\nb: 2\n', false],
      ['--- a: 1\n', false],
      ['%YAML 1.2\n---\na: 1\n', false],
      ['just a scalar\n', false],
      ['', false],
      ['# only a comment\n', false],
      ['a: 1\n...\n', false],
      ['a: [1, 2]\n', true],
      ['a: { b: [ { c: x, "d": \'y\' } ], e: {}, f: [] }\n- x\n', false],
      ['a: { b: [ { c: x, "d": \'y\' } ], e: {}, f: [] } # c\n', true],
      ['- { name: cp-1, role: server }\n- [a, [b, {}]]\n', true],
      ['a:\n  {b: 1}\n', true],
      ['a: {"b":1}\n', true],
      ['a: { b }\n', false],
      ['a: [b: c]\n', false],
      ['a: [b, ]\n', false],
      ['a: [b,,c]\n', false],
      ['a: { b: 1, b: 2 }\n', false],
      ['a: [b,\n  c]\n', false],
      ['a: [b] c\n', false],
      ['a: {b: 1}}\n', false],
      ['[a, b]\n', false],
      ['a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n', false],
      ['a:\r\n  - b\r\n', true],
      ['1: x\ntrue: y\nnull: z\n.inf: w\n0x10: v\n', true],
      ['__proto__: x\n', true],
    ];
    for (const [text, fast] of cases) {
      expect(agrees(text), text).toBe(true);
      expect(took(text), text).toBe(fast);
    }
  });

  it('keeps `__proto__` a key, as the full path does', () => {
    const data = parseYaml('__proto__:\n  admin: true\n').data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__']);
  });

  it('takes the 500-node bench cluster and the cluster files of this repository, flow style included', () => {
    const scale = stringify(largeCluster(), { aliasDuplicateObjects: false });
    expect(took(scale)).toBe(true);
    expect(lineTokens(scale), 'the line tokenizer takes the 500-node cluster').toEqual([...new Lexer().lex(scale)]);
    // And the bench fleet's small clusters (yaml writes an empty list as []).
    for (const cluster of fleetClusters(8)) {
      const text = stringify(cluster, { aliasDuplicateObjects: false });
      expect(lineTokens(text), cluster.name).toEqual([...new Lexer().lex(text)]);
    }
    expect(agrees(scale)).toBe(true);
    for (const file of ['test/fixtures/clusters/homelab.yaml', 'test/fixtures/examples/bgp-tor.yaml', 'test/fixtures/valid/kubelet-allowed-node-labels.yaml']) {
      const text = readFileSync(`${ROOT}/${file}`, 'utf8');
      expect(took(text), file).toBe(true);
      expect(agrees(text), file).toBe(true);
    }
  });

  it('says on which line a file leaves the subset; above the full parser\'s bounds that is the finding', () => {
    expect(parseBlockYaml('a: 1\nb: &x [2]\n', YAML_LIMITS)).toEqual({ gaveUpAt: 2 });
    const limits = { ...YAML_LIMITS, maxFullParseBytes: 10 };
    expect(parseYaml('a: 1\nb: 2\n', limits).data).toEqual({ a: 1, b: 2 });
    const [finding] = parseYaml('a: 1\nb: 2\nc: !!str 3\n', limits).diagnostics ?? [];
    expect(finding.path).toBe('line 3, column 1');
    expect(finding.message).toMatch(/^the file is 0\.0 MiB with about \d+ YAML values, more than the full YAML parser reads .* not plain block YAML$/);
  });

  it('leaves over-long strings and keys to the full path, which reports them', () => {
    expect(took(`a: ${'x'.repeat(YAML_LIMITS.maxStringLength + 1)}\n`)).toBe(false);
    expect(parseYaml(`a: ${'x'.repeat(YAML_LIMITS.maxStringLength + 1)}\n`).diagnostics?.[0].message).toMatch(/a string of 4097 characters/);
    expect(took(`${'k'.repeat(1025)}: 1\n`)).toBe(false);
  });
});
