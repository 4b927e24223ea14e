/** The YAML writer's fast path: wherever it writes, it writes exactly what yaml's stringify writes with cdk8s's options. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { emitObjectYaml, OBJECT_YAML_OPTIONS } from '../../src/text/yaml-emit.js';

const yaml = (v: unknown) => stringify(v, OBJECT_YAML_OPTIONS);

// Strings YAML 1.1 quotes, or writes as block scalars, or that look like other types.
const tricky = fc.constantFrom(
  '', ' ', 'a b', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'true', 'null', '~', '0', '-0', '007', '0o17', '0x1F', '0b101', '1e3', '1.5',
  '.5', '.inf', '.nan', '1_000', '12:30', '190:20:30', '2001-12-14', '#x', 'a #b', 'a: b', '- a', '-', '?', '[a]', '{a}', ',a', '%a',
  '@a', '`a', '|', '>', '!a', '&a', '*a', "'", '"', "it's", 'tab\there', 'a\\b', 'a\nb', 'a\n', '\n', ' lead', 'trail ', '\u0007',
  '\u2028', 'ü', '日本', '---', '...', '<<', '=', '10.0.0.1/24', 'fd00::1', '__proto__', 'x'.repeat(300), `${'y'.repeat(300)}\nz`,
  'a\n\nb', ' a\nb', 'a \nb', 'a\n\n', '\na', '\n\n', '#!/bin/sh\nset -eu\n  x\n', 'a\tb\nc', '- a\nb', 'a: b\nc', '"q"\n\'s\'',
  'a\r\nb', 'a\u2028b\nc', '  \n  ', 'x\n ', '...\n---\n',
);
const multiLine = fc.array(fc.constantFrom('', ' ', 'a', ' b', 'c ', '#', '- d', 'e: f', '\t', '"'), { minLength: 2, maxLength: 5 })
  .map((l) => l.join('\n'));
// Strings that look plain: letters first, digits and . _ / - after, 1.1's words among them.
const plainLooking = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9._/-]{0,8}$/),
  fc.constantFrom('y', 'Yes', 'NO', 'On', 'OFF', 'Null', 'TRUE', 'False', 'e1', 'E5', 'Inf', 'NaN', 'x:', 'a/b', 'v1.2.3', 'x-', 'k8s.io/a_b'),
);
const key = fc.oneof(tricky, plainLooking, fc.string({ maxLength: 6 }), fc.constantFrom('name', 'metadata', 'spec'));
const scalar = fc.oneof(tricky, plainLooking, multiLine, fc.string({ maxLength: 8 }), fc.integer(), fc.double(),
  fc.constantFrom(-0, 1e21, 2 ** 53, NaN, Infinity),
  fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('seq'), tie('map')),
  seq: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).node;

describe('objectsYaml fast path', () => {
  it('writes what yaml writes, or leaves the document to yaml', () => {
    let fast = 0;
    fc.assert(fc.property(value, (v) => {
      const emitted = emitObjectYaml(v);
      if (emitted === undefined) return true;
      fast++;
      return emitted === yaml(v);
    }), { numRuns: 2000 });
    expect(fast).toBeGreaterThan(1000);
  });

  it('leaves aliases and other objects to yaml', () => {
    const shared = { a: 1 };
    expect(yaml({ p: shared, q: shared })).toContain('&a1');
    expect(emitObjectYaml({ p: shared, q: shared })).toBeUndefined();
    expect(emitObjectYaml({ d: new Date(0) })).toBeUndefined();
    expect(emitObjectYaml({ m: new Map() })).toBeUndefined();
    expect(emitObjectYaml({ b: 1n })).toBeUndefined();
    expect(emitObjectYaml('a scalar document')).toBeUndefined();
  });

  it('writes a Kubernetes object with nested sequences of mappings', () => {
    const o = {
      apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumLoadBalancerIPPool', metadata: { name: 'p', labels: { on: 'yes' } },
      spec: { blocks: [{ cidr: '10.0.0.0/24' }, { start: '10.0.1.1', stop: '10.0.1.9' }], disabled: false, serviceSelector: {}, x: [[], [[1]]] },
    };
    expect(emitObjectYaml(o)).toBe(yaml(o));
  });
});
