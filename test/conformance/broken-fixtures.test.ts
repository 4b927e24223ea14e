/**
 * Each check fails where it should: every directory under test/fixtures/conformance/broken/ is a
 * rendered tree with deliberate mistakes and an expect.yaml listing exactly the violations
 * (file, object, field, rule) the checks must report — no more, no fewer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { checkRenderedCluster } from '../../src/conformance/rendered-cluster.js';
import { readTree } from '../../src/conformance/rendered-tree.js';
import { formatViolation, Violation } from '../../src/conformance/violation.js';
import { ROOT } from '../helpers.js';
import { describeWithReference } from './reference.js';

const FIXTURES = join(ROOT, 'test/fixtures/conformance');

interface Expected { file: string; object?: string; field: string; rule: string }

function matches(v: Violation, e: Expected): boolean {
  return v.file === e.file && v.object === (e.object ?? '') && v.field === e.field && v.rule.includes(e.rule);
}

describeWithReference('deliberately broken rendered trees', (ref) => {
  const cases = readdirSync(join(FIXTURES, 'broken')).sort();

  test('there is a broken fixture for every check', () => {
    expect(cases).toEqual(['cel-rules', 'core-objects', 'crd-schema', 'crd-schema-1.18', 'helm-chart-1.18', 'helm-values', 'k3s-config', 'kustomization']);
  });

  test.each(cases)('%s: exactly the expected violations', (name) => {
    const dir = join(FIXTURES, 'broken', name);
    const expectation = parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as { ciliumVersion: string; violations: Expected[] };
    const files = readTree(dir);
    files.delete('expect.yaml');
    const { violations } = checkRenderedCluster(files, ref, { ciliumVersion: expectation.ciliumVersion });
    const missing = expectation.violations.filter((e) => !violations.some((v) => matches(v, e)));
    const unexpected = violations.filter((v) => !expectation.violations.some((e) => matches(v, e)));
    expect({ missing, unexpected: unexpected.map(formatViolation) }).toEqual({ missing: [], unexpected: [] });
    expect(violations).toHaveLength(expectation.violations.length);
  });

  test.each(ref.ciliumReleases())('hand-made BGP objects in the portable subset pass on Cilium %s', (release) => {
    const { violations } = checkRenderedCluster(readTree(join(FIXTURES, 'valid', 'bgp')), ref, { ciliumVersion: release });
    expect(violations.map(formatViolation)).toEqual([]);
  });
});
