/**
 * The full path's findings (src/load/yaml.ts), each read whole: where, what and the fix. Tags: the
 * core schema's are read, every other is refused; documents, keys, aliases and the cap on findings.
 */
import { describe, expect, it } from 'vitest';
import { YAML_LIMITS } from '../../src/load/yaml-limits.js';
import { parseYaml } from '../../src/load/yaml.js';

const NO_TAGS = 'Cluster and fleet files use no tags: write the value itself.';
const err = (path: string, message: string, fix?: string) => (fix === undefined ? { severity: 'error', path, message } : { severity: 'error', path, message, fix });

describe('tags', () => {
  it('reads every core-schema tag', () => {
    expect(parseYaml('a: !!int 1\nb: !!float 1.5\nc: !!bool true\nd: !!null ~\ne: !!map {x: 1}\nf: !!seq [1]\ng: !!str 1\n'))
      .toEqual({ data: { a: 1, b: 1.5, c: true, d: null, e: { x: 1 }, f: [1], g: '1' } });
  });

  it('refuses the other tags yaml knows, written short, and unknown ones, at the tagged node', () => {
    expect(parseYaml('a: !!set {x}\n')).toEqual({ diagnostics: [err('line 1, column 10', 'tag !!set is not allowed', NO_TAGS)] });
    expect(parseYaml('a: !!timestamp 2001-01-01\n')).toEqual({ diagnostics: [err('line 1, column 16', 'tag !!timestamp is not allowed', NO_TAGS)] });
    expect(parseYaml('a: !local x\n')).toEqual({ diagnostics: [err('line 1, column 4', 'unknown tag !local', NO_TAGS)] });
  });

  it('reports yaml\'s other warnings as they are', () => {
    expect(parseYaml('%FOO bar\n---\na: 1\n')).toEqual({ diagnostics: [err('line 1, column 1', 'Unknown directive %FOO')] });
  });
});

describe('documents', () => {
  it('with limits where a block file is too large for the full parser and expanded, the finding has no line', () => {
    expect(parseYaml('a: 1\n', { ...YAML_LIMITS, maxExpandedNodes: 1, maxFullParseBytes: 1 }).diagnostics?.[0].path).toBe('');
  });

  it('an empty file, a comment and a bare `---` are null', () => {
    for (const text of ['', '# c\n', '---\n']) expect(parseYaml(text), JSON.stringify(text)).toEqual({ data: null });
  });

  it('counts the documents and points at the second', () => {
    expect(parseYaml('a: 1\n---\nb: 2\n---\nc: 3\n')).toEqual({
      diagnostics: [err('line 2, column 1', 'the file holds 3 YAML documents', 'Keep one document (no --- between parts) per file.')],
    });
  });

  it('reports a syntax error with its position', () => {
    expect(parseYaml('a: [1, 2\n')).toEqual({
      diagnostics: [err('line 2, column 1', 'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]')],
    });
  });
});

describe('keys', () => {
  const KEY = 'a key must be a plain scalar (a name), not a collection or an alias';
  it('refuses a collection or an alias as a key, at the key', () => {
    expect(parseYaml('? [a]\n: 1\n')).toEqual({ diagnostics: [err('line 1, column 3', KEY)] });
    expect(parseYaml('{ [a]: 1 }\n')).toEqual({ diagnostics: [err('line 1, column 3', KEY)] });
    expect(parseYaml('x: &k a\n*k : 1\n')).toEqual({ diagnostics: [err('line 2, column 1', KEY)] });
  });

  it('a null key is the empty name; an empty value is null', () => {
    expect(parseYaml('~: 1\n')).toEqual({ data: { '': 1 } });
    expect(parseYaml('{ a: , b: 1 }\n')).toEqual({ data: { a: null, b: 1 } });
    expect(parseYaml('- \n- a\n')).toEqual({ data: [null, 'a'] });
  });

  it('a duplicate in a flow mapping names the first\'s line', () => {
    expect(parseYaml('a:\n  {b: 1,\n   b: 2}\n')).toEqual({
      diagnostics: [err('line 3, column 4', 'duplicate key "b" (first at line 2)', 'Remove one of them: only the last would count.')],
    });
  });

  it('stops after 20 findings', () => {
    const text = Array.from({ length: 25 }, (_, i) => `m${i}: {x: 1, x: 2}`).join('\n') + '\n';
    const d = parseYaml(text).diagnostics ?? [];
    expect(d).toHaveLength(20);
    expect(d[19]).toEqual(err('line 20, column 13', 'duplicate key "x" (first at line 20)', 'Remove one of them: only the last would count.'));
  });
});

describe('aliases', () => {
  it('an alias of a scalar, and of the latest anchor of a name', () => {
    expect(parseYaml('a: &x 1\nb: *x\n')).toEqual({ data: { a: 1, b: 1 } });
    expect(parseYaml('a: &x 1\nb: &x 2\nc: *x\n')).toEqual({ data: { a: 1, b: 2, c: 2 } });
  });

  it('a recursive alias and an over-long string, whole', () => {
    expect(parseYaml('a: &x [1, *x]\n')).toEqual({
      diagnostics: [err('line 1, column 11', 'alias *x is inside the node it refers to (a recursive structure)', 'Refer only to a finished node.')],
    });
    expect(parseYaml(`? ${'k'.repeat(YAML_LIMITS.maxStringLength + 1)}\n: 1\n`)).toEqual({
      diagnostics: [err('line 1, column 3', `a string of ${YAML_LIMITS.maxStringLength + 1} characters; the limit is ${YAML_LIMITS.maxStringLength}`, 'Shorten it.')],
    });
  });

  it('an alias shares its target\'s value, in a mapping and a sequence', () => {
    const data = parseYaml('a: &x {b: [1]}\nc: *x\nd: [*x]\n').data as { a: unknown; c: unknown; d: unknown[] };
    expect(data).toEqual({ a: { b: [1] }, c: { b: [1] }, d: [{ b: [1] }] });
    expect(data.c).toBe(data.a);
    expect(data.d[0]).toBe(data.a);
  });

  it('expanded size counts a scalar anchor as one value', () => {
    const text = `a: &x 1\nb: [${Array(8).fill('*x').join(', ')}]\n`;
    // Root mapping 1 + keys 2 + a's scalar 1 + the sequence 1 + eight aliases of one value each: 13.
    const at = (max: number) => parseYaml(text, { ...YAML_LIMITS, maxExpandedNodes: max });
    expect(at(13).diagnostics).toBeUndefined();
    expect(at(12).diagnostics).toEqual([err('line 1, column 1', 'with its aliases expanded the document has more than 12 values', 'Use fewer or smaller aliases.')]);
  });
});

