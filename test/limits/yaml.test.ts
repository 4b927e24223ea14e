/**
 * The README's input limits (src/load/yaml-limits.ts), each at the limit and one past it, on both
 * YAML paths: block style (src/load/yaml-block.ts, straight from yaml's tokens) and everything else
 * (yaml's full parser). A flow mapping (`{ … }`) is never the block path's, so the same content
 * written both ways exercises both.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseBlockYaml } from '../../src/load/yaml-block.js';
import { YAML_LIMITS } from '../../src/load/yaml-limits.js';
import { loadFleetText } from '../../src/load/fleet-file.js';
import { parseYaml, sizeDiagnostic } from '../../src/load/yaml.js';
import { describeCodeUnit } from '../../src/model/control-characters.js';

const block = (value: string) => `a: ${value}\n`;
const flow = (value: string) => `{ a: ${value} }\n`;
const tookBlock = (text: string) => 'data' in parseBlockYaml(text, YAML_LIMITS);
const messages = (text: string) => (parseYaml(text).diagnostics ?? []).map((d) => d.message);

describe('4,096 characters a string', () => {
  const max = YAML_LIMITS.maxStringLength;
  it.each([
    ['block, plain', block, (s: string) => s, true],
    ['block, single-quoted', block, (s: string) => `'${s}'`, true],
    ['block, double-quoted', block, (s: string) => `"${s}"`, true],
    ['flow, plain', flow, (s: string) => s, false],
    ['flow, double-quoted', flow, (s: string) => `"${s}"`, false],
  ])('%s: %d characters read, one more refused', (_, doc, quote, isBlock) => {
    const at = doc(quote('x'.repeat(max)));
    expect(tookBlock(at)).toBe(isBlock);
    expect(parseYaml(at)).toEqual({ data: { a: 'x'.repeat(max) } });
    const past = doc(quote('x'.repeat(max + 1)));
    // The block path leaves a longer string to the full parser, which reports it.
    expect(tookBlock(past)).toBe(false);
    expect(messages(past)).toEqual([`a string of ${max + 1} characters; the limit is ${max}`]);
  });

  it('a key is a string too (an explicit key: YAML holds an implicit one to 1,024 characters)', () => {
    expect(parseYaml(`? ${'k'.repeat(max)}\n: 1\n`)).toEqual({ data: { ['k'.repeat(max)]: 1 } });
    expect(messages(`? ${'k'.repeat(max + 1)}\n: 1\n`)).toEqual([`a string of ${max + 1} characters; the limit is ${max}`]);
  });
});

describe('64 levels of nesting', () => {
  const max = YAML_LIMITS.maxDepth;
  const blockNest = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k:`).join('\n') + ' 1\n';
  // Levels are counted on tokens (src/load/yaml-stats.ts): the document's line is one, each bracket one more.
  const flowNest = (levels: number) => `${'['.repeat(levels - 1)}1${']'.repeat(levels - 1)}\n`;
  // `- a:` opens two levels on one line (the sequence and the mapping at the column of `a`); an odd count ends with a mapping.
  const compactNest = (levels: number) => Array.from({ length: Math.floor(levels / 2) }, (_, i) => `${'    '.repeat(i)}- a:`).join('\n')
    + (levels % 2 === 1 ? `\n${'    '.repeat(Math.floor(levels / 2))}k: 1` : '') + '\n';
  it('compact: the levels counted are the levels of the data', () => {
    const nesting = (data: unknown): number => (data !== null && typeof data === 'object' ? 1 + Math.max(0, ...Object.values(data).map(nesting)) : 0);
    for (const levels of [2, 3, 8, 9]) expect(nesting(parseYaml(compactNest(levels)).data)).toBe(levels);
  });
  it.each([['block', blockNest], ['flow', flowNest], ['compact', compactNest]])('%s: 64 levels read, one more refused', (_, nest) => {
    expect(parseYaml(nest(max)).diagnostics).toBeUndefined();
    expect(messages(nest(max + 1))).toEqual([`the YAML nests ${max + 1} levels deep; the limit is ${max}`]);
  });
});

describe('file size, value count and the full parser\'s bounds (limits scaled down; the comparisons are the same code)', () => {
  const text = 'a: 1\nb: 2\nc: 3\n';
  const bytes = Buffer.byteLength(text);
  it('bytes: at the limit read, one byte fewer allowed refused (string and bytes input)', () => {
    for (const input of [text, Buffer.from(text)]) {
      expect(parseYaml(input, { ...YAML_LIMITS, maxBytes: bytes }).diagnostics).toBeUndefined();
      expect(parseYaml(input, { ...YAML_LIMITS, maxBytes: bytes - 1 }).diagnostics?.[0].message).toBe(`the file is ${bytes} bytes; the limit is ${bytes - 1} bytes`);
    }
  });

  it('bytes at the real limit: read, and one past it in bytes; far past it in MiB', () => {
    const fix = 'Split the clusters into files of their own (a 2,000-node cluster file is about 9 MB), or check that this is a cluster file.';
    expect(sizeDiagnostic(YAML_LIMITS.maxBytes)).toBeUndefined();
    expect(sizeDiagnostic(YAML_LIMITS.maxBytes + 1)).toEqual({ severity: 'error', path: '', message: 'the file is 33,554,433 bytes; the limit is 33,554,432 bytes', fix });
    expect(sizeDiagnostic(40 * 1024 * 1024)).toEqual({ severity: 'error', path: '', message: 'the file is 40.0 MiB; the limit is 32.0 MiB', fix });
  });

  it('bytes of a text are its UTF-8 bytes, not its characters', () => {
    const text = 'a: é\n';
    expect(parseYaml(text, { ...YAML_LIMITS, maxBytes: 6 })).toEqual({ data: { a: 'é' } });
    expect(parseYaml(text, { ...YAML_LIMITS, maxBytes: 5 }).diagnostics?.[0].message).toBe('the file is 6 bytes; the limit is 5 bytes');
  });

  it('the depth and value findings whole: no position (the file as a whole), and the fix', () => {
    expect(parseYaml('a:\n  b: 1\n', { ...YAML_LIMITS, maxDepth: 1 }).diagnostics).toEqual([
      { severity: 'error', path: '', message: 'the YAML nests 2 levels deep; the limit is 1', fix: 'Cluster files nest 7 levels.' }]);
    expect(parseYaml('a: 1\n', { ...YAML_LIMITS, maxValues: 2 }).diagnostics).toEqual([{
      severity: 'error', path: '', message: 'the file holds about 3 YAML values; the limit is 2',
      fix: 'Split the clusters into files of their own, or check that this is a cluster file.',
    }]);
  });

  it('values: block and flow, at the limit read, one past refused', () => {
    for (const t of [text, '{ a: 1, b: 2, c: 3 }\n']) {
      const parsed = parseYaml(t, { ...YAML_LIMITS, maxValues: 1_000 });
      expect(parsed.diagnostics).toBeUndefined();
      const values = Number(/about (\d+) YAML values/.exec(parseYaml(t, { ...YAML_LIMITS, maxValues: 0 }).diagnostics?.[0].message ?? '')?.[1]);
      expect(values).toBeGreaterThan(0);
      expect(parseYaml(t, { ...YAML_LIMITS, maxValues: values }).diagnostics).toBeUndefined();
      expect(parseYaml(t, { ...YAML_LIMITS, maxValues: values - 1 }).diagnostics?.[0].message).toBe(`the file holds about ${values} YAML values; the limit is ${values - 1}`);
    }
  });

  it('a file the block path does not take is held to the full parser\'s byte bound, at the limit and one past it', () => {
    const flowText = '{ a: 1, b: 2 }\n';
    const n = Buffer.byteLength(flowText);
    expect(parseYaml(flowText, { ...YAML_LIMITS, maxFullParseBytes: n }).diagnostics).toBeUndefined();
    expect(parseYaml(flowText, { ...YAML_LIMITS, maxFullParseBytes: n - 1 }).diagnostics?.[0].message).toMatch(/more than the full YAML parser reads/);
    // A block file is not held to it.
    expect(parseYaml(text, { ...YAML_LIMITS, maxFullParseBytes: 1 }).diagnostics).toBeUndefined();
  });

  it('a file the block path does not take is held to the full parser\'s value bound, at the limit and one past it; the finding whole', () => {
    const flowText = 'a: 1\nb: { c: 2, d: &x 3 }\n';
    const values = Number(/about (\d+) YAML values/.exec(parseYaml(flowText, { ...YAML_LIMITS, maxValues: 0 }).diagnostics?.[0].message ?? '')?.[1]);
    expect(parseYaml(flowText, { ...YAML_LIMITS, maxFullParseValues: values })).toEqual({ data: { a: 1, b: { c: 2, d: 3 } } });
    expect(parseYaml(flowText, { ...YAML_LIMITS, maxFullParseValues: values - 1 }).diagnostics).toEqual([{
      severity: 'error',
      path: 'line 2, column 1',
      message: `the file is 0.0 MiB with about ${values} YAML values, more than the full YAML parser reads (16.0 MiB, ${values - 1} values), `
        + 'and from this line on it is not plain block YAML',
      fix: 'A file this large must be block style only: no flow collections ([ ], { }), anchors, aliases, tags, block scalars, '
        + 'escapes or multi-line scalars, and no duplicate keys. Or split the clusters into files of their own.',
    }]);
    expect(parseYaml(flowText, { ...YAML_LIMITS, maxFullParseBytes: 3 * 1024 * 1024 - 1, maxFullParseValues: 0 }).diagnostics?.[0].message)
      .toMatch(/ \(3\.0 MiB, 0 values\)/);
  });

  it('an aliased document: expanded nodes at the limit read, one past refused', () => {
    const aliased = 'a: &x [1, 2, 3]\nb: *x\nc: *x\n';
    const expandedOk = (max: number) => parseYaml(aliased, { ...YAML_LIMITS, maxExpandedNodes: max }).diagnostics === undefined;
    let limit = 1;
    while (!expandedOk(limit)) limit++;
    expect(limit).toBeGreaterThan(5);
    expect(expandedOk(limit - 1)).toBe(false);
    expect(parseYaml(aliased, { ...YAML_LIMITS, maxExpandedNodes: limit })).toEqual({ data: { a: [1, 2, 3], b: [1, 2, 3], c: [1, 2, 3] } });
  });
});

describe('characters: YAML\'s printable set in the text, and no control character written as an escape', () => {
  // The edges of each refused range, and their neighbours that pass.
  const refused = [0x00, 0x08, 0x0b, 0x0c, 0x1f, 0x7f, 0x80, 0x9f, 0xfffe, 0xffff];
  const allowed = [0x09, 0x20, 0x7e, 0xa0, 0xfffd];
  it.each(refused)('U+%s in the text is refused, with its line and column', (c) => {
    const d = parseYaml(`a: b\nc: x${String.fromCharCode(c)}y\n`).diagnostics;
    expect(d?.[0].path).toBe('line 2, column 5');
    expect(d?.[0].message).toMatch(/^U\+[0-9A-F]{4}.* is not allowed in YAML$/);
  });
  it.each(allowed)('U+%s in the text is read', (c) => {
    expect(parseYaml(`a: 'x${String.fromCharCode(c)}y'\n`)).toEqual({ data: { a: `x${String.fromCharCode(c)}y` } });
  });
  it.each([0x01, 0x1f, 0x7f, 0x80, 0x85, 0x9f])('U+%s written as an escape is refused', (c) => {
    const escaped = `"x\\u${c.toString(16).padStart(4, '0')}y"`;
    expect(messages(block(escaped))).toEqual([expect.stringMatching(/^the string holds U\+00[0-9A-F]{2}.* \(written as an escape\)$/)]);
    expect(messages(flow(escaped))).toEqual(messages(block(escaped)));
  });
  // YAML 1.2's c-printable (§5.1): TAB, LF, CR, U+0020–U+007E, NEL, U+00A0–U+D7FF, U+E000–U+FFFD (surrogates are the encoding's).
  const printable = (c: number) => c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c === 0x85
    || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
  const units = [...Array.from({ length: 0x101 }, (_, c) => c), 0x2028, 0xd7ff, 0xe000, 0xfffc, 0xfffd, 0xfffe, 0xffff];
  it('every code unit of the edges, in the text and written as an escape, against YAML\'s printable set', () => {
    const wrong: string[] = [];
    for (const c of units) {
      const hex = c.toString(16).padStart(4, '0');
      const raw = parseYaml(`a: 'x${String.fromCharCode(c)}y'\n`).diagnostics?.filter((d) => d.message.endsWith('is not allowed in YAML'));
      const wantRaw = printable(c) ? [] : [{ severity: 'error', path: 'line 1, column 6', message: `${describeCodeUnit(c)} is not allowed in YAML`, fix: 'Remove it.' }];
      if (!isDeepStrictEqual(raw ?? [], wantRaw)) wrong.push(`raw ${hex}`);
      // Escaped, NEL is refused too: in the text it is a line break, in a value a control character.
      const escaped = parseYaml(`a: "x\\u${hex}y"\n`).diagnostics;
      const refusedEscape = !printable(c) || c === 0x85;
      if ((escaped !== undefined) !== refusedEscape
        || (refusedEscape && escaped?.[0].message !== `the string holds ${describeCodeUnit(c)} (written as an escape)`)) wrong.push(`escape ${hex}`);
    }
    expect(wrong).toEqual([]);
  });
  it('refused characters are reported with their line and column, the first one only', () => {
    expect(parseYaml('a: 1\n  b: x\u0001\u0002\n').diagnostics).toEqual([
      { severity: 'error', path: 'line 2, column 7', message: 'U+0001 (control character ^A) is not allowed in YAML', fix: 'Remove it.' }]);
    expect(parseYaml('a: "\\x01\\x02"\n').diagnostics).toEqual([
      { severity: 'error', path: 'line 1, column 4', message: 'the string holds U+0001 (control character ^A) (written as an escape)', fix: 'Remove it.' }]);
    // A string over the length limit is reported for its length alone.
    expect(messages(`a: "${'x'.repeat(YAML_LIMITS.maxStringLength)}\\x01"\n`)).toEqual([`a string of ${YAML_LIMITS.maxStringLength + 1} characters; the limit is ${YAML_LIMITS.maxStringLength}`]);
  });
  it.each([0x20, 0x7e, 0xa0])('U+%s written as an escape is read', (c) => {
    expect(parseYaml(block(`"x\\u${c.toString(16).padStart(4, '0')}y"`))).toEqual({ data: { a: `x${String.fromCharCode(c)}y` } });
  });
});

describe('fleet.yaml is held to the same limits', () => {
  const fleet = (project: string, style: 'block' | 'flow') => {
    const f = { repoURL: 'https://github.com/example/k3s-cilium-cdk8s.git', targetRevision: 'main', source: 'dist', namespace: 'argocd', project, clusters: { homelab: {} } };
    return style === 'flow' ? JSON.stringify(f) : Object.entries(f).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : '{ homelab: {} }'}`).join('\n') + '\n';
  };
  it.each(['block', 'flow'] as const)('%s: a 4,096-character string passes the YAML stage, 4,097 does not', (style) => {
    const max = YAML_LIMITS.maxStringLength;
    const at = loadFleetText('fleet.yaml', fleet('p'.repeat(max), style), ['homelab']).diagnostics.map((d) => d.message);
    expect(at.filter((m) => m.startsWith('a string of'))).toEqual([]);
    expect(loadFleetText('fleet.yaml', fleet('p'.repeat(max + 1), style), ['homelab']).diagnostics.map((d) => d.message))
      .toEqual([`a string of ${max + 1} characters; the limit is ${max}`]);
  });
});
