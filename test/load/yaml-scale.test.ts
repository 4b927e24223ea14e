/**
 * The input limits at scale: a file, a string, a nesting and a key count far past each limit are
 * refused before yaml builds anything (and without V8's fatal stack overflow), duplicates in linear
 * time. Each takes seconds, so the mutation run (`npm run mutate:load`) leaves this file out: the
 * same comparisons are tested at each limit and one past it, scaled down, in test/limits/yaml.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { file, first, refused } from './yaml-helpers.js';

describe('far past the limits', () => {
  it('refuses a file over 32 MiB before parsing it', () => {
    const big = file(Buffer.alloc(40 * 1024 * 1024, '#'));
    expect(refused(big)).toBe(`${big}: the file is 40.0 MiB; the limit is 32.0 MiB. `
      + 'Split the clusters into files of their own (a 2,000-node cluster file is about 9 MB), or check that this is a cluster file.');
  });

  it('refuses a 10 MB string by its length, before any regex sees it', () => {
    const path = file(`name: ${'a.'.repeat(5 * 1024 * 1024)}a\n`);
    expect(refused(path)).toBe(`${path}: line 1, column 7: a string of 10485761 characters; the limit is 4096. Shorten it.`);
  });

  it('refuses 20,000 levels of nesting (yaml alone: a fatal, uncatchable V8 error) and deep compact sequences', () => {
    const deep = first('['.repeat(20000) + ']'.repeat(20000));
    expect(deep).toMatch(/^f\.yaml: the YAML nests 2000[01] levels deep; the limit is 64\. Cluster files nest 7 levels\.$/);
    expect(first(`a: ${'- '.repeat(5000)}x\n`.replace('a: -', 'a:\n  -'))).toMatch(/nests 500\d levels deep/);
  });

});

describe('duplicate keys, in linear time', () => {
  // A bound by test timeout, not an assertion: yaml's own check (uniqueKeys) is quadratic, 74 s for 40,000 keys.
  it('finds a duplicate among 40,000 keys with both lines', { timeout: 30_000 }, () => {
    const text = Array.from({ length: 40000 }, (_, i) => `key${i}: ${i}`).join('\n') + '\nkey7: again\n';
    expect(first(text)).toBe('f.yaml: line 40001, column 1: duplicate key "key7" (first at line 8). Remove one of them: only the last would count.');
  });

});
