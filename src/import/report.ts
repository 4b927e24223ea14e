/**
 * The import report: every input value and where it went. A value lands in a typed field of the
 * cluster file, in the `cilium.values` overlay, is decided by the model (with what it decides), or is
 * dropped (with why). `--verify` reads the same entries to tell an explained difference from one the
 * import did not account for.
 */

/** Where one input value went. */
export type Destination =
  /** A typed field of the cluster file (`cilium.routingMode`); `note` says how the value was changed on the way, if it was. */
  | { readonly kind: 'field'; readonly path: string; readonly note?: string }
  /** The `cilium.values` Helm overlay, at this key path. */
  | { readonly kind: 'overlay'; readonly path: string }
  /** A setting the model decides for every cluster: `what` says what it renders instead. */
  | { readonly kind: 'decided'; readonly what: string }
  /** Not carried over, and why (a key the chart does not read, a value equal to the default, no field for it). */
  | { readonly kind: 'dropped'; readonly reason: string };

/** One input value. */
export interface ReportEntry {
  /** The input file. */
  readonly file: string;
  /** The object in that file (`CiliumLoadBalancerIPPool/lan`, `Helm values`, `k3s config of cp-1`). */
  readonly object: string;
  /** The value's key path inside the object (`spec.blocks[0].cidr`, `hubble.relay.enabled`). */
  readonly path: string;
  readonly value: unknown;
  readonly to: Destination;
}

/** A value the import filled in itself, marked by a comment in the written cluster file. */
export interface Inference {
  /** Field path in the cluster file. */
  readonly path: string;
  /** Why this value: where it was taken from, or that it is a default to check. */
  readonly why: string;
}

/** Collects report entries and inferences while the readers run. */
export class ImportReport {
  readonly entries: ReportEntry[] = [];
  readonly inferences: Inference[] = [];
  /** Warnings about the input that are not about one value (a valuesFrom that is named but not read, two versions). */
  readonly notes: string[] = [];

  add(file: string, object: string, path: string, value: unknown, to: Destination): void {
    this.entries.push({ file, object, path, value, to });
  }

  field(file: string, object: string, path: string, value: unknown, field: string, note?: string): void {
    this.add(file, object, path, value, note === undefined ? { kind: 'field', path: field } : { kind: 'field', path: field, note });
  }

  decided(file: string, object: string, path: string, value: unknown, what: string): void {
    this.add(file, object, path, value, { kind: 'decided', what });
  }

  dropped(file: string, object: string, path: string, value: unknown, reason: string): void {
    this.add(file, object, path, value, { kind: 'dropped', reason });
  }

  infer(path: string, why: string): void {
    if (!this.inferences.some((i) => i.path === path)) this.inferences.push({ path, why });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** The entry of one input value, the last one written (a later value of the same path overrides an earlier one). */
  find(object: string, path: string): ReportEntry | undefined {
    return this.entries.findLast((e) => e.object === object && e.path === path);
  }
}

/** A short, one-line rendering of an input value. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function showDestination(to: Destination): string {
  switch (to.kind) {
    case 'field': return `→ ${to.path}${to.note ? ` (${to.note})` : ''}`;
    case 'overlay': return `→ cilium.values.${to.path}`;
    case 'decided': return `decided by the model: ${to.what}`;
    case 'dropped': return `dropped: ${to.reason}`;
  }
}

/** The report as text: one line per input value, grouped by file and object, then the inferences and notes. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  let group = '';
  for (const e of report.entries) {
    const g = `${e.file}: ${e.object}`;
    if (g !== group) lines.push(`${(group = g)}`);
    lines.push(`  ${e.path} = ${showValue(e.value)}  ${showDestination(e.to)}`);
  }
  if (report.inferences.length > 0) {
    lines.push('inferred (marked in the cluster file; check them):');
    for (const i of report.inferences) lines.push(`  ${i.path}: ${i.why}`);
  }
  if (report.notes.length > 0) {
    lines.push('notes:');
    for (const n of report.notes) lines.push(`  ${n}`);
  }
  const counts = (['field', 'overlay', 'decided', 'dropped'] as const).map((k) => `${report.entries.filter((e) => e.to.kind === k).length} ${k}`);
  lines.push(`${report.entries.length} input values: ${counts.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
