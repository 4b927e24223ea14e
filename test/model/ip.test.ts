/**
 * src/model/ip.ts memoizes what ip-address parses (for speed at fleet scale): results
 * must be right on every input, the same on a repeated parse, and safe to share (frozen).
 */
import fc from 'fast-check';
import { Address4, Address6 } from 'ip-address';
import { describe, expect, it } from 'vitest';
import { formatIp, memoized, parseCidr, parseIp } from '../../src/model/ip.js';

const octet = fc.integer({ min: 0, max: 255 });
const v4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const v6 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .map((g) => Address6.fromBigInt(g.reduce((n, x) => (n << 16n) | BigInt(x), 0n)).correctForm());

describe('ip arithmetic', () => {
  it('parses and prints IPv4 addresses, returning the same frozen result for a repeated text', () => {
    fc.assert(fc.property(v4, (text) => {
      const ip = parseIp(text)!;
      const value = text.split('.').reduce((n, o) => n * 256n + BigInt(o), 0n);
      expect(ip).toEqual({ family: 4, value });
      expect(formatIp(4, ip.value)).toBe(text);
      expect(parseIp(text)).toBe(ip);
      expect(Object.isFrozen(ip)).toBe(true);
    }));
  });

  it('computes the network, last address and canonical form of any CIDR, for both families', () => {
    fc.assert(fc.property(fc.oneof(
      fc.tuple(v4, fc.integer({ min: 0, max: 32 })),
      fc.tuple(v6, fc.integer({ min: 0, max: 128 })),
    ), ([address, prefix]) => {
      const bits = address.includes(':') ? 128 : 32;
      const value = address.includes(':') ? new Address6(address).bigInt() : new Address4(address).bigInt();
      const size = 1n << BigInt(bits - prefix);
      const first = value - (value % size);
      const cidr = parseCidr(`${address}/${prefix}`)!;
      expect(cidr.first).toBe(first);
      expect(cidr.last).toBe(first + size - 1n);
      expect(cidr.isCanonical).toBe(first === value);
      expect(cidr.canonical).toBe(`${formatIp(cidr.family, first)}/${prefix}`);
    }));
  });

  // IPv6 parsing and printing agree with ip-address on values with long zero runs and on any text (a hand-written fast path
  // was measured at a twentieth of a dual-stack 500-node synth, under the 20 % a hand-written piece must save, so ip-address does it).
  const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 0xffff }));
  const v6Value = fc.array(group, { minLength: 8, maxLength: 8 }).map((g) => g.reduce((n, x) => (n << 16n) | BigInt(x), 0n));

  it('prints IPv6 addresses as ip-address\'s correctForm (RFC 5952) and parses them back', () => {
    fc.assert(fc.property(v6Value, (value) => {
      const text = formatIp(6, value);
      expect(text).toBe(Address6.fromBigInt(value).correctForm());
      expect(parseIp(text)).toEqual({ family: 6, value });
      expect(parseIp(text.toUpperCase())).toEqual({ family: 6, value });
    }), { numRuns: 2000 });
  });

  it('accepts an IPv6 text exactly when ip-address does, with its value', () => {
    const piece = fc.constantFrom('0', '1', 'a', 'F', '00', 'ffff', '0000', '00000', 'g', ':', ':', '::', '.', '1.2.3.4', '255.0.0.1', ' ');
    const text = fc.array(piece, { minLength: 1, maxLength: 14 }).map((p) => p.join(''));
    fc.assert(fc.property(text, (t) => {
      const expected = t.includes(':') && Address6.isValid(t) ? { family: 6, value: new Address6(t).bigInt() } : undefined;
      const ip = parseIp(t);
      expect(ip?.family === 4 ? undefined : ip).toEqual(expected);
    }), { numRuns: 5000 });
    for (const t of ['::', '1::', '::1', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8', '1::2::3', ':1::', '1:::2', '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8', '00001::', '::ffff:10.0.0.1', '1:2:3:4:5:6:1.2.3.4']) {
      expect(parseIp(t), t).toEqual(Address6.isValid(t) ? { family: 6, value: new Address6(t).bigInt() } : undefined);
    }
  });

  it('rejects what is not an address or CIDR, and hands out results callers cannot change', () => {
    for (const bad of ['256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4/33', 'fd00::/129', 'fd00::1%eth0', '']) {
      expect(parseIp(bad) ?? parseCidr(bad)).toBeUndefined();
    }
    expect(Object.isFrozen(parseCidr('10.0.0.0/8'))).toBe(true);
    expect(parseIp('10.0.0.1')).toBe(parseIp('10.0.0.1'));
  });

  it('the memo keeps two generations: a full young one turns old, a hit in the old one moves back, the oldest is dropped', () => {
    // Generations of two entries: the bound is checked at its value (2 kept) and one past it (the third starts a new one).
    const parsed: string[] = [];
    const memo = memoized((text: string) => {
      parsed.push(text);
      return text === 'none' ? undefined : { text };
    }, 2);
    const a = memo('a')!;
    const b = memo('b')!;
    expect(memo('a')).toBe(a);
    expect(memo('b')).toBe(b);
    expect(parsed).toEqual(['a', 'b']);
    // young {a, b} is full: c makes it old; a is found there and moves back to young {c, a}.
    memo('c');
    expect(memo('a')).toBe(a);
    expect(parsed).toEqual(['a', 'b', 'c']);
    // d: young {c, a} is full, becomes old, young {d}; b was in the dropped generation and is parsed again.
    memo('d');
    const b2 = memo('b')!;
    expect(b2).not.toBe(b);
    expect(b2).toEqual({ text: 'b' });
    expect(parsed).toEqual(['a', 'b', 'c', 'd', 'b']);
    // a and c survived one turn as the old generation: found without parsing.
    expect(memo('a')).toBe(a);
    expect(parsed).toEqual(['a', 'b', 'c', 'd', 'b']);
    // A text that parses to nothing is remembered as nothing, and results are frozen.
    expect(memo('none')).toBeUndefined();
    expect(memo('none')).toBeUndefined();
    expect(parsed.filter((t) => t === 'none')).toEqual(['none']);
    expect(Object.isFrozen(b2)).toBe(true);
    expect(memo(7 as unknown as string)).toBeUndefined();
    expect(parsed).not.toContain(7);
  });
});
