/** Names, labels and map keys are data: `constructor`, `toString` and `__proto__` behave like any other name. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectorMatches, selectorsCompatible } from '../../src/model/selectors.js';
import { run } from '../cli/run.js';
import { ROOT, tempDir } from '../helpers.js';

describe('selectors with Object.prototype member keys', () => {
  it('a pinned key `constructor` is compatible with an empty selector (`k in {}` said it was pinned there)', () => {
    expect(selectorsCompatible({ matchLabels: { constructor: 'web' } }, {})).toBe(true);
    expect(selectorsCompatible({}, { matchLabels: { toString: 'web' } })).toBe(true);
  });

  it('an In expression on `toString` with nothing pinned is compatible; pinned to another value it is not', () => {
    expect(selectorsCompatible({ matchExpressions: [{ key: 'toString', operator: 'In', values: ['a'] }] }, {})).toBe(true);
    expect(selectorsCompatible({ matchExpressions: [{ key: 'toString', operator: 'In', values: ['a'] }] }, { matchLabels: { toString: 'b' } })).toBe(false);
  });

  it('matches labels by own keys only', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {})).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'hasOwnProperty', operator: 'DoesNotExist' }] }, {})).toBe(true);
    expect(selectorMatches({ matchLabels: { toString: 'x' } }, { toString: 'x' })).toBe(true);
  });
});

describe('a cluster, pool and policy named `constructor`', () => {
  it('renders (the constructs library keeps child ids in a plain object: a bare `constructor` id crashed)', () => {
    const out = join(tempDir('k3scc-proto-'), 'dist');
    const r = run(['--config', join(ROOT, 'test/fixtures/valid/proto-names.yaml'), '--out', out]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'constructor/manifests/lb-ipam-pools.yaml'))).toBe(true);
    expect(existsSync(join(out, 'constructor/k3s/config/constructor.yaml'))).toBe(true);
  });
});
