/**
 * src/model/control-characters.ts finds refused characters with a regex character class and
 * escapes them with a loop: both must agree with isControlCharacter on every code unit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, firstControlCharacter, isControlCharacter } from '../../src/model/control-characters.js';

/** Strings rich in the refused code units and their neighbours, lone surrogates included. */
const edgy = fc.array(fc.oneof(
  fc.integer({ min: 0, max: 0x2070 }),
  fc.constantFrom(0x1f, 0x20, 0x7e, 0x7f, 0x9f, 0xa0, 0x2027, 0x2028, 0x202e, 0x202f, 0x2065, 0x2066, 0x2069, 0x206a, 0xd800, 0xffff),
), { maxLength: 40 }).map((units) => String.fromCharCode(...units));

function firstByLoop(s: string): number {
  for (let i = 0; i < s.length; i++) if (isControlCharacter(s.charCodeAt(i))) return i;
  return -1;
}

describe('control characters', () => {
  it('finds the first refused code unit exactly where a scan of every code unit does', () => {
    for (let c = 0; c <= 0xffff; c++) expect(firstControlCharacter(`ab${String.fromCharCode(c)}`) === 2, c.toString(16)).toBe(isControlCharacter(c));
    fc.assert(fc.property(edgy, (s) => firstControlCharacter(s) === firstByLoop(s)));
  });

  it('escapes every refused code unit and nothing else', () => {
    fc.assert(fc.property(edgy, fc.boolean(), (s, keepNewlines) => {
      const escaped = escapeControlCharacters(s, keepNewlines);
      const left = keepNewlines ? escaped.replaceAll('\n', '') : escaped;
      expect(firstControlCharacter(left)).toBe(-1);
      if (firstByLoop(s) < 0) expect(escaped).toBe(s);
    }));
    expect(escapeControlCharacters('a\nb\x1bc\u202e', true)).toBe('a\nb\\x1bc\\u202e');
    expect(escapeControlCharacters('a\nb\tc')).toBe('a\\nb\\tc');
  });
});
