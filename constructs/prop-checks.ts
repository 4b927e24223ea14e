/**
 * How the constructs check their own props, the one error regime of the library: each registers
 * its findings with `node.addValidation`, so `app.synth()` reports every problem of the app at
 * once as `[<construct path>] <prop path>: <problem>. <fix>`, in the words the cluster checks
 * (src/checks/fields.ts) give a cluster file. Nothing throws for a bad prop.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Diagnostic, formatDiagnostic } from '../src/model/diagnostics.js';

/** `<prefix>.<path>: <problem>. <fix>` (no prefix: the path alone). */
export function formatPropsDiagnostic(d: Diagnostic, prefix = ''): string {
  const path = !prefix ? d.path : !d.path ? prefix : d.path.startsWith('[') ? `${prefix}${d.path}` : `${prefix}.${d.path}`;
  // Stryker disable next-line Regex: formatDiagnostic('', d) always starts with ": ", so the first ": " is the one at the start
  return path ? formatDiagnostic(path, { ...d, path: '' }) : formatDiagnostic('', d).replace(/^: /, '');
}

/**
 * Adds a cdk8s validation that fails synth with the errors among `diagnostics()`. cdk8s validates
 * the whole app on every chart's `toJson()`; props are readonly, so the findings are computed once.
 */
export function validateProps(construct: Construct, diagnostics: () => Diagnostic[]): void {
  let errors: string[] | undefined;
  construct.node.addValidation({
    validate: () => (errors ??= diagnostics().filter((d) => d.severity === 'error').map((d) => formatPropsDiagnostic(d))),
  });
}

/**
 * The first construct of `construct`'s class in its chart whose `name` is the same (itself when it
 * is the first): two objects of one kind and name in one chart would render one over the other.
 * Looked up when the app validates, when every construct exists.
 */
export function firstOfName<T extends Construct>(construct: T, name: (c: T) => string): T {
  const chart = Chart.of(construct);
  const own = name(construct);
  const same = chart.node.findAll().find((c): c is T => c instanceof construct.constructor && Chart.of(c) === chart && name(c as T) === own);
  return same ?? construct;
}
