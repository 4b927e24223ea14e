/**
 * The manifest, what synth knows it wrote: read strictly (a hand-edited manifest naming a path
 * outside the tree, a bad hash or an odd name is refused, naming the file and the way out), written
 * sorted by code unit with every key a key (`__proto__`, `constructor`), merged with a killed run's
 * pending intent (a torn or invalid line ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byName } from '../../src/model/by-name.js';
import { isTreePath, manifestText, MANIFEST_FILE, OutputConflictError, PENDING_FILE, readRecords, sha256, STATE_DIR } from '../../src/write/manifest.js';
import { tempDir } from './trees.js';

const H = sha256(Buffer.from('x'));
const H2 = sha256(Buffer.from('y'));
const state = (manifest?: unknown, pending?: string) => {
  const dir = join(tempDir('k3scc-manifest-'), STATE_DIR);
  mkdirSync(dir);
  if (manifest !== undefined) writeFileSync(join(dir, MANIFEST_FILE), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  if (pending !== undefined) writeFileSync(join(dir, PENDING_FILE), pending);
  return dir;
};
const v2 = (clusters: unknown) => ({ tool: 'k3s-cilium-cdk8s', version: 2, clusters });
const cluster = (files: Record<string, unknown>, source: unknown = 'a.yaml') => ({ source, files });

describe('reading the manifest', () => {
  it('reads each cluster\'s source and files; no manifest is no record', () => {
    const { records, owned } = readRecords(state(v2({ a: cluster({ 'a/x.yaml': H }), b: cluster({}, '-') })));
    expect([...records]).toEqual([['a', { source: 'a.yaml', files: new Map([['a/x.yaml', H]]) }], ['b', { source: '-', files: new Map() }]]);
    expect(owned).toEqual(new Map([['a/x.yaml', new Set([H])]]));
    expect(readRecords(state())).toEqual({ records: new Map(), owned: new Map() });
  });

  it('a version-1 manifest (paths without content) counts as none', () => {
    expect(readRecords(state({ tool: 'k3s-cilium-cdk8s', version: 1, clusters: { a: { source: 'a.yaml', files: ['a/x.yaml'] } } })).records).toEqual(new Map());
  });

  it('refuses anything else, naming the file and the way out', () => {
    const bad: unknown[] = [
      'not json', '', 'null', '[]', v2(null), v2([]), v2('a'), { ...v2({}), tool: 'other' }, { ...v2({}), version: 3 }, { ...v2({}), version: '2' },
      { tool: 'other', version: 1, clusters: {} },
      v2({ a: null }), v2({ a: { source: 'a.yaml' } }), v2({ a: cluster({}, 7) }), v2({ a: { source: 'a.yaml', files: null } }),
      v2({ a: cluster({ 'a/x.yaml': H.toUpperCase() }) }), v2({ a: cluster({ 'a/x.yaml': H.slice(1) }) }), v2({ a: cluster({ 'a/x.yaml': `${H}0` }) }),
      v2({ a: cluster({ 'a/x.yaml': 7 }) }),
      ...['../x', '/etc/x', 'a//x', 'a/./x', 'a/../x', '.', `${STATE_DIR}/lock`, 'a\\x', 'a/x\u0007', ''].map((p) => v2({ a: cluster({ [p]: H }) })),
      ...['a/b', '', '.', '..', 'a\u001b'].map((name) => v2({ [name]: cluster({}) })),
    ];
    for (const m of bad) {
      const dir = state(m);
      expect(() => readRecords(dir), JSON.stringify(m)).toThrow(new OutputConflictError(`${join(dir, MANIFEST_FILE)} is not a k3s-cilium-cdk8s manifest (version 2): `
        + 'restore it from version control, or remove it (synth then counts as its own only the files identical to what it renders)'));
    }
  });

  it('a manifest or pending intent that is not a file is refused, naming what it is', () => {
    const dir = state();
    mkdirSync(join(dir, MANIFEST_FILE));
    expect(() => readRecords(dir)).toThrow(`${join(dir, MANIFEST_FILE)} is a folder, not a file synth wrote; remove it`);
    const other = state();
    mkdirSync(join(other, PENDING_FILE));
    expect(() => readRecords(other)).toThrow(`${join(other, PENDING_FILE)} is a folder, not a file synth wrote; remove it`);
  });

  it('merges a killed run\'s intent: its files join the cluster\'s record, every hash found at a path is synth\'s; a torn or invalid line is ignored', () => {
    const pending = [
      JSON.stringify({ cluster: 'a', source: 'new.yaml', files: { 'a/x.yaml': H2, 'a/y.yaml': H } }),
      JSON.stringify({ cluster: 'c', source: '-', files: { 'c/x.yaml': H } }),
      JSON.stringify({ cluster: 'd', source: '-', files: { '../x': H } }),
      '{"cluster":"e","sou',
    ].join('\n');
    const { records, owned } = readRecords(state(v2({ a: cluster({ 'a/x.yaml': H, 'a/z.yaml': H }) }), pending));
    expect([...records.keys()]).toEqual(['a', 'c']);
    expect(records.get('a')).toEqual({ source: 'new.yaml', files: new Map([['a/x.yaml', H2], ['a/z.yaml', H], ['a/y.yaml', H]]) });
    expect(owned.get('a/x.yaml')).toEqual(new Set([H, H2]));
    expect(owned.get('c/x.yaml')).toEqual(new Set([H]));
    expect(owned.has('../x')).toBe(false);
  });
});

describe('writing the manifest', () => {
  it('is sorted by code unit at every level, two-space JSON ending in a newline, every name a key', () => {
    const records = new Map([
      ['b', { source: 'b.yaml', files: new Map([['b/z', H], ['b/B', H2]]) }],
      ['__proto__', { source: '-', files: new Map([['__proto__/constructor', H]]) }],
      ['B', { source: 'B.yaml', files: new Map() }],
    ]);
    expect(manifestText(records)).toBe(`${JSON.stringify({
      tool: 'k3s-cilium-cdk8s', version: 2, clusters: JSON.parse(`{"B":{"source":"B.yaml","files":{}},"__proto__":{"source":"-","files":{"__proto__/constructor":"${H}"}},`
        + `"b":{"source":"b.yaml","files":{"b/B":"${H2}","b/z":"${H}"}}}`),
    }, null, 2)}\n`);
    const dir = state(manifestText(records));
    expect(readRecords(dir).records).toEqual(new Map([...records].sort(byName)));
  });

  it('byName orders by code unit, equal names equal', () => {
    expect([['b'], ['a'], ['B'], ['_'], ['a']].map(([k]) => [k, 0] as [string, unknown]).sort(byName).map(([k]) => k)).toEqual(['B', '_', 'a', 'a', 'b']);
    expect(byName(['a', 1], ['a', 2])).toBe(0);
    expect(byName(['a', 1], ['b', 2])).toBe(-1);
    expect(byName(['b', 1], ['a', 2])).toBe(1);
  });

  it('a tree path is plain, relative and outside the state folder', () => {
    for (const p of ['a', 'a/b.yaml', 'a/.b', 'a/...', `${STATE_DIR}x/a`, `a/${STATE_DIR}`]) expect(isTreePath(p), p).toBe(true);
    for (const p of ['', '/a', 'a/', 'a//b', './a', 'a/..', 'a\\b', STATE_DIR, `${STATE_DIR}/manifest.json`, 'a\u0085b']) expect(isTreePath(p), p).toBe(false);
  });
});
