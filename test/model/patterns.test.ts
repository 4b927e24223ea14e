/**
 * Interface patterns (src/model/regex.ts: RE2 as Cilium reads them, and the RE2-only syntax busybox
 * `grep -E` would misread) and the naming and escaping of control characters
 * (src/model/control-characters.ts), each at the character where the rule changes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeCodeUnit, escapeControlCharacters } from '../../src/model/control-characters.js';
import { anyRe2Matches, compileRe2, re2NameFilter, re2OnlySyntax } from '../../src/model/regex.js';

describe('RE2 patterns', () => {
  it('compiles as Go does: unanchored, RE2 syntax; a lookahead is refused with the parser\'s words, without its prefix', () => {
    const eth = compileRe2('^eth[0-9]+');
    expect(eth).toBe(compileRe2('^eth[0-9]+'));
    expect(Object.isFrozen(eth)).toBe(true);
    const bad = compileRe2('eth(?=0)');
    expect(bad).toEqual({ error: expect.stringMatching(/^invalid or unsupported Perl syntax/) });
    expect(Object.isFrozen(bad)).toBe(true);
    expect(compileRe2('eth(?=0)')).toBe(bad);
    expect([anyRe2Matches([eth], 'eth0'), anyRe2Matches([eth], 'veth0'), anyRe2Matches([compileRe2('eth')], 'veth0')]).toEqual([true, false, true]);
    expect([anyRe2Matches([bad], 'eth0'), anyRe2Matches([bad, eth], 'eth0'), anyRe2Matches([], 'eth0')]).toEqual([false, true, false]);
  });

  it('stays bounded: after 1,000 patterns the cache starts over, and a pattern compiles to the same answer again', () => {
    // Fresh patterns each run: a runner that repeats the test in one process (Stryker) must see them compiled anew.
    const run = randomUUID();
    const first = compileRe2(`^bond[0-9]$|${run}`);
    for (let i = 0; i < 1000; i++) compileRe2(`^fill${i}$|${run}`);
    const again = compileRe2(`^bond[0-9]$|${run}`);
    expect(again).not.toBe(first);
    expect(anyRe2Matches([again], 'bond1')).toBe(true);
  });

  it('re2NameFilter answers each name as anyRe2Matches does, from a memo of names', () => {
    const filter = re2NameFilter([compileRe2('^eth'), compileRe2('^bond0$')]);
    expect(['eth0', 'bond0', 'bond1', 'eth0', 'wlan0', 'bond1'].map(filter)).toEqual([true, true, false, true, false, false]);
    expect(['x'].map(re2NameFilter([]))).toEqual([false]);
  });

  it('re2OnlySyntax names the first RE2-only construct with what ERE writes instead; plain ERE passes', () => {
    for (const plain of ['^eth[0-9]+$', 'en(o|p)s[0-9]', '[[:space:]]', '\\.', 'a\\+b', '[]a]', '[^]a]', 'x{2,3}', '']) {
      expect(re2OnlySyntax(plain), plain).toBeUndefined();
    }
    expect(re2OnlySyntax('eth\\d+')).toEqual({ found: '\\d', instead: '[0-9]' });
    expect(re2OnlySyntax('\\s')).toEqual({ found: '\\s', instead: '[[:space:]]' });
    expect(re2OnlySyntax('\\bx')).toEqual({ found: '\\b', instead: '^ and $ around the name' });
    expect(re2OnlySyntax('\\q')).toEqual({ found: '\\q', instead: 'the character itself or a bracket expression' });
    expect(re2OnlySyntax('eth\\')).toEqual({ found: '\\', instead: 'the character itself or a bracket expression' });
    expect(re2OnlySyntax('[\\d]')).toEqual({ found: '\\d', instead: 'no backslash inside [...] (ERE reads it literally), e.g. [0-9] or [[:space:]]' });
    expect(re2OnlySyntax('[[:digit:]\\s]')).toEqual({ found: '\\s', instead: expect.stringMatching(/^no backslash inside/) });
    expect(re2OnlySyntax('[^\\d]')?.found).toBe('\\d');
    expect(re2OnlySyntax('[]\\d]')?.found).toBe('\\d');
    // After a bracket expression the scan goes on.
    expect(re2OnlySyntax('[a]\\d')?.found).toBe('\\d');
    expect(re2OnlySyntax('[[:alpha:]]\\d')?.found).toBe('\\d');
    expect(re2OnlySyntax('(?i)eth')).toEqual({ found: '(?i', instead: 'a plain group ( ) without flags; write both cases in a bracket expression, e.g. [Ee]th' });
    expect(re2OnlySyntax('(eth)')).toBeUndefined();
    for (const q of ['*', '+', '?', '}']) {
      expect(re2OnlySyntax(`a${q === '}' ? '{2}' : q}?`), q).toEqual({ found: `${q}?`, instead: `${q} (ERE has no non-greedy quantifiers; for a name match greediness does not matter)` });
    }
    expect(re2OnlySyntax('a?b')).toBeUndefined();
    expect(re2OnlySyntax('\\\\d')).toBeUndefined();
  });
});

describe('control characters named and escaped', () => {
  it('describeCodeUnit: the four named ones, ^X for the other C0 controls, DEL, and the bare code point from there on', () => {
    expect([0x09, 0x0a, 0x0d, 0x1b].map(describeCodeUnit)).toEqual(['U+0009 (tab)', 'U+000A (newline)', 'U+000D (carriage return)', 'U+001B (escape)']);
    expect([0x00, 0x01, 0x1f].map(describeCodeUnit)).toEqual(['U+0000 (control character ^@)', 'U+0001 (control character ^A)', 'U+001F (control character ^_)']);
    expect([0x7f, 0x80, 0x9f, 0x202e].map(describeCodeUnit)).toEqual(['U+007F (DEL)', 'U+0080', 'U+009F', 'U+202E']);
  });

  it('escapes \\n, \\t and \\r by name, bytes up to 0xff as \\xNN, the rest as \\uNNNN; the text between is kept', () => {
    expect(escapeControlCharacters('a\rb\u0000c\u007fd\u00ffe\u0085f\u2028g')).toBe('a\\rb\\x00c\\x7fd\u00ffe\\x85f\\u2028g');
    expect(escapeControlCharacters('\n\t')).toBe('\\n\\t');
    expect(escapeControlCharacters('x\n', true)).toBe('x\n');
    expect(escapeControlCharacters('plain')).toBe('plain');
    expect(escapeControlCharacters('')).toBe('');
  });
});
