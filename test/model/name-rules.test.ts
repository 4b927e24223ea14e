/**
 * The model's rules for names, labels, selectors, durations and findings (src/model/names.ts,
 * kubernetes-rules.ts, selectors.ts, go-duration.ts, nearest.ts, diagnostics.ts), each length limit
 * at the limit and one past it, and selector matching against a brute-force oracle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../src/model/cluster-spec.js';
import { error, fieldPath, formatDiagnostic, hasErrors, keyPath, position, warning } from '../../src/model/diagnostics.js';
import { parseGoDuration } from '../../src/model/go-duration.js';
import {
  isDns1035Label, kubeletRefusesLabel, labelKeyProblem, labelValueProblem, labelValueSuggestion, looksLikePassword, namespaceProblem,
  secretNameProblem, selectorRequirementProblem,
} from '../../src/model/kubernetes-rules.js';
import { isDns1123Label, isDns1123Subdomain, isDnsName } from '../../src/model/names.js';
import { nearest } from '../../src/model/nearest.js';
import { describeSelector, isEmptySelector, selectorMatches, selectorsCompatible } from '../../src/model/selectors.js';

const a = (n: number) => 'a'.repeat(n);
/** A subdomain of exactly `n` characters: labels of 63 joined by dots. */
const subdomain = (n: number) => {
  const labels: string[] = [];
  let left = n;
  while (left > 0) {
    const take = Math.min(63, labels.length === 0 ? left : left - 1);
    labels.push(a(Math.max(take, 1)));
    left -= take + (labels.length > 1 ? 1 : 0);
  }
  const s = labels.join('.');
  expect(s.length).toBe(n);
  return s;
};

describe('names', () => {
  it('DNS-1123 and DNS-1035 labels: 63 characters accepted, 64 refused; the edges of the character rules', () => {
    expect([isDns1123Label(a(63)), isDns1123Label(a(64)), isDns1035Label(a(63)), isDns1035Label(a(64))]).toEqual([true, false, true, false]);
    expect(['a', '0', 'a-0', '0a'].map(isDns1123Label)).toEqual([true, true, true, true]);
    expect(['', '-a', 'a-', 'A', 'a.b', 'a_b'].map(isDns1123Label)).toEqual([false, false, false, false, false, false]);
    expect(isDns1123Label(undefined as unknown as string)).toBe(false);
    expect(['a', 'a-0', 'ab'].map(isDns1035Label)).toEqual([true, true, true]);
    expect(['0a', '', 'a-', 'A'].map(isDns1035Label)).toEqual([false, false, false, false]);
  });

  it('DNS-1123 subdomains and host names: 253 characters accepted, 254 refused; each label at most 63 in a host name', () => {
    expect([isDns1123Subdomain(subdomain(253)), isDns1123Subdomain(subdomain(254))]).toEqual([true, false]);
    expect(['a.b', 'a', 'a-b.c'].map(isDns1123Subdomain)).toEqual([true, true, true]);
    expect(['a..b', '.a', 'a.', 'A.b', ''].map(isDns1123Subdomain)).toEqual([false, false, false, false, false]);
    expect(isDns1123Subdomain(7 as unknown as string)).toBe(false);
    expect([isDnsName(subdomain(253)), isDnsName(subdomain(254)), isDnsName(`${a(63)}.lan`), isDnsName(`${a(64)}.lan`)]).toEqual([true, false, true, false]);
    expect(['API.lan', 'k3s', '1a.lan', 'a-b.c'].map(isDnsName)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '10.0', '-a.lan', 'a..lan', 'a_b.lan', ''].map(isDnsName)).toEqual([false, false, false, false, false, false]);
  });

  it('label keys: a 63-character name accepted, 64 refused; a 253-character prefix accepted, 254 refused; one slash at most', () => {
    expect(labelKeyProblem(a(63))).toBeUndefined();
    expect(labelKeyProblem(a(64))).toBe('the name part is 64 characters long; at most 63 are allowed');
    expect(labelKeyProblem(`${subdomain(253)}/x`)).toBeUndefined();
    expect(labelKeyProblem(`${subdomain(254)}/x`)).toMatch(/^the prefix ".*" is not a DNS subdomain \(lower-case letters, digits, '-' and '\.', at most 253 characters\)$/);
    expect(labelKeyProblem('a/b/c')).toBe('a label key has at most one \'/\' (between a DNS subdomain prefix and the name)');
    expect(labelKeyProblem('/x')).toBe('the prefix before \'/\' is empty');
    expect(labelKeyProblem('example.com/')).toBe('the name part is empty');
    expect(labelKeyProblem('')).toBe('the name part is empty');
    expect(labelKeyProblem('-x')).toBe('the name part may only hold letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
    expect(['a', 'A_b.c-D', 'example.com/Zone_1', 'x9'].map(labelKeyProblem)).toEqual([undefined, undefined, undefined, undefined]);
    // Counted in bytes, as Go does: 32 two-byte characters are 64 bytes.
    expect(labelKeyProblem('é'.repeat(32))).toBe('the name part is 64 characters long; at most 63 are allowed');
    // A control character is check 31's to report.
    expect(labelKeyProblem('a\u0000/b/c')).toBeUndefined();
  });

  it('label values: 63 characters accepted, 64 refused, empty accepted; a suggestion the API accepts', () => {
    expect([labelValueProblem(a(63)), labelValueProblem(''), labelValueProblem('A-b_c.9')]).toEqual([undefined, undefined, undefined]);
    expect(labelValueProblem(a(64))).toBe('it is 64 characters long; a label value has at most 63');
    expect(labelValueProblem('a b')).toBe('a label value may only hold letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit (or be empty)');
    expect(labelValueProblem('\u0007')).toBeUndefined();
    expect(labelValueSuggestion('  my value!! ')).toBe('my-value');
    expect(labelValueSuggestion(`${a(62)}-b`)).toBe(a(62));
    expect(labelValueSuggestion(a(70))).toBe(a(63));
    expect(labelValueSuggestion('-._x._-')).toBe('x');
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      expect(labelValueProblem(labelValueSuggestion(s))).toBeUndefined();
    }));
  });

  it('selector requirements: In and NotIn need a value, Exists and DoesNotExist take none', () => {
    expect(selectorRequirementProblem('In', [])).toBe('operator In needs at least one value');
    expect(selectorRequirementProblem('NotIn', undefined)).toBe('operator NotIn needs at least one value');
    expect(selectorRequirementProblem('In', ['a'])).toBeUndefined();
    expect(selectorRequirementProblem('Exists', ['a'])).toBe('operator Exists takes no values');
    expect(selectorRequirementProblem('DoesNotExist', ['a'])).toBe('operator DoesNotExist takes no values');
    expect([selectorRequirementProblem('Exists', []), selectorRequirementProblem('DoesNotExist', undefined)]).toEqual([undefined, undefined]);
  });

  it('Secret names, namespaces, and what looks like a password written where a name goes', () => {
    expect(secretNameProblem('bgp-auth.v1')).toBeUndefined();
    expect(secretNameProblem('Bgp')).toMatch(/^Secret names are DNS-1123 subdomains/);
    expect(namespaceProblem('kube-system')).toBeUndefined();
    expect(namespaceProblem('a.b')).toMatch(/^namespaces are DNS-1123 labels/);
    expect(['s3cr3t!', 'Passw0rd', 'QWxhZGRpbjpvcGVuc2VzYW1l0A=='].map(looksLikePassword)).toEqual([true, true, true]);
    expect(['bgp-secret', 'BGP_Secret', 'my secret!', 'abcdefghijklmnop', 'abcdefghijklmnoP1'].map(looksLikePassword))
      .toEqual([false, false, false, false, true]);
    // The base64-like run counts from 16 characters, with an upper-case letter and a digit.
    expect(['ABCDEFGHIJKLMNO1', 'ABCDEFGHIJKLMN1', 'ABCDEFGHIJKLMNOPQ', 'abcdefghijklmno1', 'ABCDEFGHIJKLMN1='].map(looksLikePassword))
      .toEqual([true, false, false, false, true]);
  });

  it('the kubelet refuses kubernetes.io and k8s.io labels except its own and those of its namespaces', () => {
    expect(['kubernetes.io/hostname', 'node.kubernetes.io/instance-type', 'kubelet.kubernetes.io/x', 'a.node.kubernetes.io/x', 'topology.kubernetes.io/zone']
      .map(kubeletRefusesLabel)).toEqual([false, false, false, false, false]);
    expect(['kubernetes.io/role', 'node-role.kubernetes.io/worker', 'k8s.io/x', 'a.k8s.io/x'].map(kubeletRefusesLabel)).toEqual([true, true, true, true]);
    expect(['rack', 'example.com/kubernetes.io', 'notkubernetes.io/x', 'xk8s.io/y'].map(kubeletRefusesLabel)).toEqual([false, false, false, false]);
  });
});

describe('selectors', () => {
  const key = fc.constantFrom('a', 'b', 'constructor');
  const value = fc.constantFrom('1', '2');
  const labels = fc.dictionary(key, value, { maxKeys: 3 });
  const requirement = fc.record({ key, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.array(value, { maxLength: 2 }) });
  const selector = fc.option(
    fc.record({ matchLabels: labels, matchExpressions: fc.array(requirement, { maxLength: 2 }) }, { requiredKeys: [] }), { nil: undefined },
  );
  /** Every label set over the keys and values above, and a value no selector names: the oracle enumerates them. */
  const universe: Record<string, string>[] = [{}];
  for (const k of ['a', 'b', 'constructor']) for (const l of [...universe]) for (const v of ['1', '2', 'other']) universe.push({ ...l, [k]: v });

  it('selectorMatches follows the Kubernetes semantics of each operator (oracle per requirement)', () => {
    const oracle = (s: LabelSelector | undefined, l: Record<string, string>) => {
      if (!s) return true;
      const has = (k: string) => Object.hasOwn(l, k);
      return Object.entries(s.matchLabels ?? {}).every(([k, v]) => has(k) && l[k] === v)
        && (s.matchExpressions ?? []).every((e) => ({
          In: () => has(e.key) && (e.values ?? []).includes(l[e.key]),
          NotIn: () => !has(e.key) || !(e.values ?? []).includes(l[e.key]),
          Exists: () => has(e.key),
          DoesNotExist: () => !has(e.key),
        })[e.operator]());
    };
    fc.assert(fc.property(selector as fc.Arbitrary<LabelSelector | undefined>, labels, (s, l) => {
      expect(selectorMatches(s, l)).toBe(oracle(s, l));
    }), { numRuns: 2000 });
  });

  it('selectorsCompatible is true exactly when some label set matches both (oracle: every label set over the keys, with a value neither names)', () => {
    fc.assert(fc.property(selector as fc.Arbitrary<LabelSelector | undefined>, selector as fc.Arbitrary<LabelSelector | undefined>, (x, y) => {
      const both = universe.some((l) => selectorMatches(x, l) && selectorMatches(y, l));
      expect(selectorsCompatible(x, y), JSON.stringify([x, y])).toBe(both);
    }), { numRuns: 2000 });
    const exprs = (...e: [string, string, string[]?][]) =>
      ({ matchExpressions: e.map(([key, operator, values]) => ({ key, operator, values })) }) as LabelSelector;
    // What a pool and an L2 policy each require of one key, and no Service can satisfy both.
    expect(selectorsCompatible(exprs(['tier', 'Exists']), exprs(['tier', 'DoesNotExist']))).toBe(false);
    expect(selectorsCompatible(exprs(['tier', 'In', ['a']]), exprs(['tier', 'In', ['b']]))).toBe(false);
    expect(selectorsCompatible(exprs(['tier', 'In', ['a', 'b']]), exprs(['tier', 'In', ['b', 'c']]))).toBe(true);
    expect(selectorsCompatible(exprs(['tier', 'In', ['a']]), exprs(['tier', 'NotIn', ['a']]))).toBe(false);
    expect(selectorsCompatible(exprs(['tier', 'NotIn', ['a']]), exprs(['tier', 'DoesNotExist']))).toBe(true);
    expect(selectorsCompatible(exprs(['tier', 'Exists'], ['tier', 'NotIn', ['a', 'b']]), undefined)).toBe(true);
    expect(selectorsCompatible(exprs(['tier', 'In', ['a', 'b']], ['tier', 'NotIn', ['a']]), exprs(['tier', 'NotIn', ['b']]))).toBe(false);
    const pin = { matchLabels: { a: '1' } };
    const expr = (operator: string, values: string[] = []) => ({ matchExpressions: [{ key: 'a', operator, values }] }) as LabelSelector;
    expect([selectorsCompatible(pin, expr('In', ['1'])), selectorsCompatible(pin, expr('In', ['2'])), selectorsCompatible(expr('In', ['2']), pin)]).toEqual([true, false, false]);
    expect([selectorsCompatible(pin, expr('NotIn', ['1'])), selectorsCompatible(pin, expr('NotIn', ['2']))]).toEqual([false, true]);
    expect([selectorsCompatible(pin, expr('DoesNotExist')), selectorsCompatible(pin, expr('Exists'))]).toEqual([false, true]);
    expect(selectorsCompatible(pin, { matchExpressions: [{ key: 'a', operator: 'In' }] } as LabelSelector)).toBe(false);
    expect(selectorsCompatible(pin, { matchExpressions: [{ key: 'a', operator: 'NotIn' }] } as LabelSelector)).toBe(true);
    expect(selectorsCompatible(pin, { matchLabels: { a: '2' } })).toBe(false);
    expect(selectorsCompatible({ matchLabels: { a: '2' } }, pin)).toBe(false);
    expect(selectorsCompatible({ matchLabels: { b: '2' } }, pin)).toBe(true);
  });

  it('isEmptySelector and describeSelector', () => {
    expect([isEmptySelector(undefined), isEmptySelector({}), isEmptySelector({ matchLabels: {}, matchExpressions: [] })]).toEqual([true, true, true]);
    expect([isEmptySelector({ matchLabels: { a: '1' } }), isEmptySelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }] })]).toEqual([false, false]);
    expect(describeSelector(undefined, 'all')).toBe('all');
    expect(describeSelector({}, 'all')).toBe('all');
    expect(describeSelector({ matchLabels: { tier: 'critical', app: 'x' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }, { key: 'z', operator: 'Exists', values: [] }, { key: 'y', operator: 'DoesNotExist' }] }, 'all'))
      .toBe('tier=critical, app=x, app In (a, b), z Exists, y DoesNotExist');
  });
});

describe('durations, suggestions and findings', () => {
  it('parseGoDuration: every unit, fractions and sums; anything else undefined', () => {
    expect(['15s', '1m', '1h', '1.5s', '500ms', '1m30s', '2h45m0.5s', '0s'].map(parseGoDuration)).toEqual([15, 60, 3600, 1.5, 0.5, 90, 9900.5, 0]);
    expect(parseGoDuration('1000000ns')).toBeCloseTo(0.001, 12);
    expect(parseGoDuration('1000us')).toBeCloseTo(0.001, 12);
    expect(parseGoDuration('1000µs')).toBeCloseTo(0.001, 12);
    for (const bad of ['', '15', 's', '1.s', '.5s', '-1s', '1d', '1 s', ' 1s', '1s ', '1S', '1s5']) expect(parseGoDuration(bad), bad).toBeUndefined();
    expect(parseGoDuration(15 as unknown as string)).toBeUndefined();
  });

  it('nearest: within a third of the guess\'s length and at least 2 edits; nothing from no candidates', () => {
    expect(nearest('trafik', ['traefik', 'coredns'])).toBe('traefik');
    expect(nearest('ab', ['xy', 'zzzzzz'])).toBe('xy');
    expect(nearest('abc', ['xyz'])).toBeUndefined();
    // A 9-character guess allows 3 edits, not 4.
    expect(nearest('abcxyzghi', ['abcdefghi'])).toBe('abcdefghi');
    expect(nearest('abwxyzghi', ['abcdefghi'])).toBeUndefined();
    expect(nearest('x', [])).toBeUndefined();
  });

  it('field paths, key paths, positions and the one-line form of a finding', () => {
    expect(fieldPath('loadBalancer', 'pools', 0, 'blocks', 1, 'cidr')).toBe('loadBalancer.pools[0].blocks[1].cidr');
    expect(fieldPath(0, 'a')).toBe('[0].a');
    expect(fieldPath()).toBe('');
    expect(keyPath('nodes[0].labels', 'rack')).toBe('nodes[0].labels.rack');
    expect(keyPath('nodes[0].labels', '_a-1')).toBe('nodes[0].labels._a-1');
    expect(keyPath('nodes[0].labels', 'topology.kubernetes.io/zone')).toBe('nodes[0].labels["topology.kubernetes.io/zone"]');
    expect(keyPath('x', '1a')).toBe('x["1a"]');
    expect(keyPath('x', 'a b')).toBe('x["a b"]');
    expect(position(3, 7)).toBe('line 3, column 7');
    expect(error('p', 'm')).toEqual({ severity: 'error', path: 'p', message: 'm' });
    expect(error('p', 'm', 'f')).toEqual({ severity: 'error', path: 'p', message: 'm', fix: 'f' });
    expect(warning('p', 'm')).toEqual({ severity: 'warning', path: 'p', message: 'm' });
    expect(warning('p', 'm', 'f')).toEqual({ severity: 'warning', path: 'p', message: 'm', fix: 'f' });
    expect(Object.keys(error('p', 'm'))).not.toContain('fix');
    expect(Object.keys(warning('p', 'm'))).not.toContain('fix');
    expect([hasErrors([]), hasErrors([warning('p', 'm')]), hasErrors([warning('p', 'm'), error('p', 'm')])]).toEqual([false, false, true]);
    expect(formatDiagnostic('c.yaml', error('a.b', 'bad', 'Fix it.'))).toBe('c.yaml: a.b: bad. Fix it.');
    expect(formatDiagnostic('c.yaml', warning('', 'odd'))).toBe('c.yaml: warning: odd.');
    const line = formatDiagnostic('c\u001b.yaml', error('x', 'a\u0007b'));
    expect([line.includes('\u001b'), line.includes('\u0007')]).toEqual([false, false]);
  });
});
