/**
 * Bounded input: every YAML problem, however large or odd the input, is one finding with its
 * position and writes nothing; no stack trace, no quadratic parse, no unbounded memory. Each case
 * goes through the CLI (the file is named in the message) or the loader both input files share.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadFleetText } from '../../src/load/fleet-file.js';
import { YAML_LIMITS } from '../../src/load/yaml-limits.js';
import { parseYaml } from '../../src/load/yaml.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadValidFile } from '../helpers.js';
import { first, fixture, refused } from './yaml-helpers.js';

describe('tags', () => {
  it('refuses an unknown tag (yaml keeps the bare value and only warns) with its position', () => {
    expect(refused(fixture('vault-tag.yaml'))).toBe(
      `${fixture('vault-tag.yaml')}: line 8, column 14: unknown tag !vault. Cluster and fleet files use no tags: write the value itself.`);
  });

  it('refuses a tag outside the core schema (!!binary would become a Buffer); allows !!str', () => {
    expect(first('a: !!binary aGVsbG8=\n')).toMatch(/tag !!binary is not allowed/);
    expect(parseYaml('a: !!str 1\n').data).toEqual({ a: '1' });
  });

  it('refuses tags in the fleet file the same way', () => {
    const loaded = loadFleetText('fleet.yaml', 'repoURL: !env REPO\n', []);
    expect(loaded.diagnostics.map((d) => formatDiagnostic('fleet.yaml', d))).toEqual([
      'fleet.yaml: line 1, column 10: unknown tag !env. Cluster and fleet files use no tags: write the value itself.',
    ]);
  });
});

describe('encoding and characters', () => {
  it('refuses invalid UTF-8 with the byte offset, line and column', () => {
    expect(refused(fixture('latin1.yaml'))).toBe(`${fixture('latin1.yaml')}: line 1, column 25: invalid UTF-8 at byte 24 (0xe9). Save the file as UTF-8.`);
  });

  it('says so for a UTF-16 file; drops a UTF-8 byte-order mark', () => {
    expect(first(Buffer.from('\ufeffa: 1\n', 'utf16le'))).toMatch(/the file is UTF-16/);
    expect(parseYaml(Buffer.from('\ufeffa: 1\n')).data).toEqual({ a: 1 });
  });

  it('refuses raw control characters (yaml accepts them) and escaped ones, with their position', () => {
    expect(first('a: ok\nb: x\u001b[31my\n')).toBe('f.yaml: line 2, column 5: U+001B (escape) is not allowed in YAML. Remove it.');
    expect(first('a: x\u0000\n')).toMatch(/U\+0000 \(control character \^@\)/);
    expect(first('a: x\u0085y\u0090\n')).toMatch(/U\+0090/);
    expect(first('a: "x\\e[31m"\n')).toBe('f.yaml: line 1, column 4: the string holds U+001B (escape) (written as an escape). Remove it.');
    expect(parseYaml('a: "x\\ty"\n').data).toEqual({ a: 'x\ty' }); // TAB is YAML-printable; check 31 decides where it may appear
  });
});

describe('size, nesting, strings (at scale: test/load/yaml-scale.test.ts)', () => {
  it('refuses too many values before building any tree', () => {
    expect(first(`a: [${'1,'.repeat(2000)}1]`, { ...YAML_LIMITS, maxValues: 1000 })).toMatch(/holds about 2004 YAML values; the limit is 1000/);
  });

  it('refuses two documents in one file', () => expect(first('a: 1\n---\nb: 2\n')).toMatch(/the file holds 2 YAML documents/));
});

describe('duplicate keys (in linear time: test/load/yaml-scale.test.ts)', () => {
  it('treats 1 and "1" as the one JS key they become (yaml\'s check misses it)', () => {
    expect(parseDocument('1: a\n"1": b\n', { uniqueKeys: true }).errors).toEqual([]);
    expect(first('1: a\n"1": b\n')).toMatch(/duplicate key "1"/);
  });
});

describe('aliases: allowed as YAML allows them, bounded by expanded size', () => {
  it('loads a cluster file that uses one anchor 150 times (yaml\'s alias count throws a ReferenceError there)', () => {
    expect(() => parseDocument('d: &d {x: 1}\nl: [' + Array(150).fill('*d').join(', ') + ']\n').toJS()).toThrow(/Excessive alias count/);
    const loaded = loadValidFile('test/fixtures/yaml/anchor-150-uses.yaml');
    expect(loaded.cluster.nodes).toHaveLength(150);
    expect(loaded.cluster.nodes[149].labels).toEqual({ rack: 'r1' });
  });

  it('refuses a billion laughs by its expanded size, naming the file, with no stack trace', () => {
    expect(refused(fixture('billion-laughs.yaml'))).toMatch(
      new RegExp(`^${fixture('billion-laughs.yaml')}: line \\d+, column \\d+: `
        + `with its aliases expanded the document has more than ${YAML_LIMITS.maxExpandedNodes} values\\. Use fewer`));
  });

  it('refuses a recursive alias (yaml builds a circular object) and an alias before its anchor', () => {
    expect(first('a: &x [1, *x]\n')).toMatch(/alias \*x is inside the node it refers to/);
    expect(first('a: *x\nb: &x 1\n')).toBe('f.yaml: line 1, column 4: alias *x has no anchor &x before it.');
  });
});

describe('Object.prototype names are plain keys', () => {
  it('keeps __proto__, constructor and toString as own keys; the prototype stays Object\'s', () => {
    const data = parseYaml('__proto__: {admin: true}\nconstructor: c\ntoString: t\n').data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor', 'toString']);
    expect((data as { admin?: unknown }).admin).toBeUndefined();
  });

  it('converts like yaml\'s toJS on aliases, odd keys and scalars', () => {
    const text = 'a: &a {x: [1, 2.5, .inf, true, null, ~, "s", 0x1f, 1e3]}\nb: *a\n1: one\ntrue: yes\n? null\n: n\nc: [*a, *a]\nd: |\n  text\n';
    expect(parseYaml(text).data).toEqual(parseDocument(text).toJS({ maxAliasCount: -1 }));
  });
});
