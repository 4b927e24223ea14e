/**
 * How the constructs check their own props when used alone, with the messages of the cluster
 * checks (src/checks/): each finding becomes a cdk8s validation error `[<construct path>] <prop
 * path>: <problem>. <fix>`. Inside K3sCiliumCluster the cluster checks have already judged the
 * whole file, so the constructs it creates skip theirs instead of reporting everything twice.
 */
import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Diagnostic, formatDiagnostic } from '../src/model/diagnostics.js';

/** Scopes whose constructs were checked as part of a whole cluster. */
const checkedScopes = new WeakSet<IConstruct>();

/** Marks `scope`: constructs under it skip their own prop checks (K3sCiliumCluster runs the cluster checks instead). */
export function markChecked(scope: IConstruct): void {
  checkedScopes.add(scope);
}

function isChecked(construct: IConstruct): boolean {
  return construct.node.scopes.some((s) => checkedScopes.has(s));
}

/** `<prefix>.<path>: <problem>. <fix>` (no prefix: the path alone). */
export function formatPropsDiagnostic(d: Diagnostic, prefix = ''): string {
  const path = !prefix ? d.path : !d.path ? prefix : d.path.startsWith('[') ? `${prefix}${d.path}` : `${prefix}.${d.path}`;
  return path ? formatDiagnostic(path, { ...d, path: '' }) : formatDiagnostic('', d).replace(/^: /, '');
}

/** Adds a cdk8s validation that fails synth with the errors among `diagnostics()`, unless a cluster checked the construct. */
export function validateProps(construct: Construct, diagnostics: () => Diagnostic[]): void {
  construct.node.addValidation({
    validate: () => (isChecked(construct) ? [] : diagnostics().filter((d) => d.severity === 'error').map((d) => formatPropsDiagnostic(d))),
  });
}

/** Object names by kind in each chart, in the order their constructs were created. */
const namesByChart = new WeakMap<Chart, Map<string, Map<string, Construct[]>>>();

/**
 * Registers `construct` as the object `kind`/`name` of its chart; returns the construct that took
 * the name first (itself when the name is its own). Two objects of one kind and name in one
 * chart would render one over the other.
 */
export function claimName(construct: Construct, kind: string, name: string): () => Construct {
  const chart = Chart.of(construct);
  const kinds = namesByChart.get(chart) ?? new Map<string, Map<string, Construct[]>>();
  namesByChart.set(chart, kinds);
  const names = kinds.get(kind) ?? new Map<string, Construct[]>();
  kinds.set(kind, names);
  const owners = names.get(name) ?? [];
  names.set(name, owners);
  owners.push(construct);
  return () => owners[0];
}
