/**
 * The encoding pass of src/load/yaml.ts against oracles: the first invalid byte of a file (its
 * offset, value, line and column) against Node's own UTF-8 validator applied one sequence at a
 * time, over every lead byte with continuation bytes at the edges of each range (RFC 3629's table);
 * the byte-order marks of UTF-16 and UTF-32 and their near misses.
 */
import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/load/yaml.js';

/** The offset of the first byte no valid sequence starts at, scanning sequence by sequence (UTF-8 is prefix-free), or -1. */
function oracleFirstInvalid(b: Uint8Array): number {
  let i = 0;
  scan: while (i < b.length) {
    for (let n = 1; n <= 4 && i + n <= b.length; n++) {
      if (isUtf8(b.subarray(i, i + n))) {
        i += n;
        continue scan;
      }
    }
    return i;
  }
  return -1;
}

/** `line, column` of a byte offset: the column counts the characters of the (valid) text before it on its line. */
function oraclePosition(b: Uint8Array, offset: number): string {
  const before = Buffer.from(b.subarray(0, offset)).toString('utf8').split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

describe('invalid UTF-8: the first bad byte, with its offset, value, line and column', () => {
  it('agrees with the oracle for every lead byte and continuation bytes at each range\'s edges', () => {
    // A multi-byte character before the sequence, on the second line: the column counts characters, not bytes.
    const head = Buffer.from('k: 1\nv: é');
    const edges = [0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0];
    const wrong: string[] = [];
    let invalid = 0;
    for (let lead = 0x80; lead <= 0xff; lead++) {
      for (const second of edges) {
        for (const third of [0x41, 0x80, 0xbf, 0xc0]) {
          for (const fourth of [0x0a, 0x80, 0xbf, 0xc0]) {
           // Followed by a line end, by an invalid byte (so a valid sequence must be skipped whole), or by nothing (cut short).
           for (const tail of [[0x0a], [0xff], []]) {
            const b = Buffer.concat([head, Buffer.from([lead, second, third, fourth].slice(0, tail.length === 0 ? 1 + (lead & 3) : 4)), Buffer.from(tail)]);
            const at = oracleFirstInvalid(b);
            if (at < 0) continue;
            invalid++;
            const d = parseYaml(b).diagnostics?.[0];
            const want = `${oraclePosition(b, at)}: invalid UTF-8 at byte ${at} (0x${b[at].toString(16).padStart(2, '0')})`;
            if (`${d?.path}: ${d?.message}` !== want || d?.fix !== 'Save the file as UTF-8.') wrong.push(`${b.subarray(head.length).toString('hex')}: ${d?.path}: ${d?.message}`);
           }
          }
        }
      }
    }
    expect(invalid).toBeGreaterThan(30_000);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('reads every valid sequence at the edges of each range', () => {
    for (const ch of ['\u00a0', '\u07ff', '\u0800', '\u0fff', '\u1000', '\ud7ff', '\ue000', '\ufffd', '\u{10000}', '\u{3ffff}', '\u{40000}', '\u{10ffff}']) {
      expect(parseYaml(Buffer.from(`a: 'x${ch}'\n`)).data, ch.codePointAt(0)!.toString(16)).toEqual({ a: `x${ch}` });
    }
  });

  it('counts lines by LF only and names the byte on the first line', () => {
    expect(parseYaml(Buffer.from([0x61, 0xff])).diagnostics).toEqual([
      { severity: 'error', path: 'line 1, column 2', message: 'invalid UTF-8 at byte 1 (0xff)', fix: 'Save the file as UTF-8.' }]);
    expect(parseYaml(Buffer.from([0x0a, 0x0a, 0x41, 0x80])).diagnostics?.[0].path).toBe('line 3, column 2');
  });
});

describe('byte-order marks', () => {
  const utf16 = 'the file is UTF-16 (it starts with a UTF-16 byte-order mark)';
  const finding = (bytes: number[]) => {
    const d = parseYaml(Buffer.from(bytes)).diagnostics?.[0];
    return d && `${d.path}: ${d.message}. ${d.fix}`;
  };
  it('UTF-16 (either byte order) and UTF-32 are named as such, at line 1, column 1', () => {
    expect(finding([0xff, 0xfe, 0x61, 0x00])).toBe(`line 1, column 1: ${utf16}. Save it as UTF-8.`);
    expect(finding([0xfe, 0xff, 0x00, 0x61])).toBe(`line 1, column 1: ${utf16}. Save it as UTF-8.`);
    expect(finding([0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x61])).toBe('line 1, column 1: the file is UTF-32. Save it as UTF-8.');
  });

  it('half a mark is an invalid byte, not an encoding', () => {
    expect(finding([0xff, 0x61])).toBe('line 1, column 1: invalid UTF-8 at byte 0 (0xff). Save the file as UTF-8.');
    expect(finding([0xfe, 0x61])).toBe('line 1, column 1: invalid UTF-8 at byte 0 (0xfe). Save the file as UTF-8.');
    expect(finding([0x61, 0xfe, 0xff])).toBe('line 1, column 2: invalid UTF-8 at byte 1 (0xfe). Save the file as UTF-8.');
    expect(finding([0x61, 0xff, 0xfe])).toBe('line 1, column 2: invalid UTF-8 at byte 1 (0xff). Save the file as UTF-8.');
    expect(finding([0x00, 0x61, 0xfe, 0xff])).toBe('line 1, column 3: invalid UTF-8 at byte 2 (0xfe). Save the file as UTF-8.');
    expect(finding([0x61, 0x00, 0xfe, 0xff])).toBe('line 1, column 3: invalid UTF-8 at byte 2 (0xfe). Save the file as UTF-8.');
    expect(finding([0x00, 0x00, 0x61, 0xff])).toBe('line 1, column 4: invalid UTF-8 at byte 3 (0xff). Save the file as UTF-8.');
    expect(finding([0x00, 0x00, 0xfe, 0x61])).toBe('line 1, column 3: invalid UTF-8 at byte 2 (0xfe). Save the file as UTF-8.');
  });

  it('a UTF-8 byte-order mark is dropped, in bytes and in text; only at the start', () => {
    expect(parseYaml(Buffer.from('\ufeffa: 1\n'))).toEqual({ data: { a: 1 } });
    expect(parseYaml('\ufeffa: 1\n')).toEqual({ data: { a: 1 } });
    expect(parseYaml("a: '\ufeffx'\n")).toEqual({ data: { a: '\ufeffx' } });
  });
});
