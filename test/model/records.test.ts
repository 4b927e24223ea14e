import { describe, expect, it } from 'vitest';
import { mergeRecords } from '../../src/model/records.js';

describe('mergeRecords', () => {
  it('merges as a spread does: later values win, first positions stay, __proto__ stays an own key', () => {
    const user = JSON.parse('{"__proto__": "x", "a": "1"}') as Record<string, string>;
    const merged = mergeRecords({ a: '0', b: '2' }, user);
    expect(Object.keys(merged)).toEqual(['a', 'b', '__proto__']);
    expect(merged).toEqual({ ...{ a: '0', b: '2' }, ...user });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
