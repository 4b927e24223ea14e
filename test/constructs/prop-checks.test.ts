/**
 * The constructs' one error regime (constructs/prop-checks.ts): a prop's errors fail `app.synth()`,
 * its warnings do not, each finding is worded once per synth however many charts cdk8s validates,
 * and a prop path reads as the cluster file's (`spec.nodes[0].name`, `spec[0]`, the prefix alone).
 */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { formatPropsDiagnostic, validateProps } from '../../constructs/prop-checks.js';
import { error, warning } from '../../src/model/diagnostics.js';

describe('validateProps', () => {
  it('fails the synth with the errors only, and computes them once for every chart cdk8s validates', () => {
    const app = Testing.app();
    let computed = 0;
    const first = new Chart(app, 'a');
    new Chart(app, 'b');
    validateProps(new Construct(first, 'c'), () => {
      computed += 1;
      return [warning('interval', 'is long', 'Shorten it.'), error('name', 'is taken', 'Rename it.')];
    });
    expect(() => app.synthYaml()).toThrow(/\n\s*\[a\/c\] name: is taken\. Rename it\.$/);
    expect(computed).toBe(1);
  });

  it('lets the synth go on when every finding is a warning', () => {
    const app = Testing.app();
    validateProps(new Construct(new Chart(app, 'a'), 'c'), () => [warning('interval', 'is long', 'Shorten it.')]);
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('formatPropsDiagnostic', () => {
  it.each([
    ['nodes[0].name', 'spec', 'spec.nodes[0].name: is taken. Rename it.'],
    ['[0].name', 'spec', 'spec[0].name: is taken. Rename it.'],
    ['', 'spec', 'spec: is taken. Rename it.'],
    ['name', '', 'name: is taken. Rename it.'],
    ['', '', 'is taken. Rename it.'],
  ])('words path %j under prefix %j as %j', (path, prefix, text) => {
    expect(formatPropsDiagnostic(error(path, 'is taken', 'Rename it.'), prefix)).toBe(text);
  });

  it('marks a warning as the CLI does', () => {
    expect(formatPropsDiagnostic(warning('', 'is long: very', 'Shorten it.'))).toBe('warning: is long: very. Shorten it.');
  });
});
