/**
 * Check 31's refused characters, one rule with two forms (a regular expression that finds the first,
 * a per-code-unit test for loops): both against one oracle over every UTF-16 code unit, and U+009F,
 * the last C1 control, refused where a YAML file cannot carry it (the library's typed spec).
 */
import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, firstControlCharacter, isControlCharacter } from '../../src/model/control-characters.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { libraryErrors, setPath, specOf } from './paths.js';

/** The README's list: C0, DEL, C1, U+2028/2029, the bidirectional embedding/override (U+202A–E) and isolate (U+2066–9) controls. */
const oracle = (c: number) => c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

describe('control characters', () => {
  it('isControlCharacter, firstControlCharacter and the escaping agree with the oracle on every code unit', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const s = `a${String.fromCharCode(c)}`;
      const want = oracle(c);
      if (isControlCharacter(c) !== want || (firstControlCharacter(s) === 1) !== want || (escapeControlCharacters(s) !== s) !== want) {
        wrong.push(c.toString(16));
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([0x9f, 0x80, 0x7f, 0x202e, 0x2066])('U+%s in a node label value is refused by the library and in a file', (c) => {
    const spec = setPath(specOf('test/fixtures/clusters/homelab.yaml'), 'nodes[0].labels', { role: `edge${String.fromCharCode(c)}` });
    expect(libraryErrors(spec)).toEqual([expect.stringMatching(/^nodes\[0\]\.labels\.role: /)]);
    // The file paths refuse C0, DEL and C1 in the YAML text already (yaml.ts), the rest in check 31.
    const inFile = loadClusterText('c.yaml', JSON.stringify(spec)).diagnostics.filter((d) => d.severity === 'error');
    expect(inFile).toHaveLength(1);
    expect(`${inFile[0].path}: ${inFile[0].message}`).toMatch(c < 0x2000 ? /^line 1, column \d+: U\+00[789][0-9A-F]/ : /^nodes\[0\]\.labels\.role: /);
  });
});
