/** Findings about a cluster file: where, what is wrong, and how to fix it. */

export interface Diagnostic {
  /** `error` stops the synth; `warning` is printed and the synth goes on. */
  severity: 'error' | 'warning';
  /** Field path in the cluster file, e.g. `loadBalancer.pools[0].blocks[0].cidr`; empty for the whole file. */
  path: string;
  /** What is wrong, without a trailing period. */
  message: string;
  /** How to fix it, a full sentence; empty when the message says it all. */
  fix?: string;
}

/** `<file>: <path>: <problem>. <fix>`, with warnings marked. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.path ? `${file}: ${d.path}` : file;
  const text = `${d.message}.${d.fix ? ` ${d.fix}` : ''}`;
  return `${where}: ${d.severity === 'warning' ? 'warning: ' : ''}${text}`;
}

/** Field path from path segments: `['pools', 0, 'cidr']` → `pools[0].cidr`. */
export function fieldPath(...segments: (string | number)[]): string {
  return segments.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

/** An error carrying diagnostics; the CLI prints them without a stack trace. */
export class ClusterFileError extends Error {
  constructor(public readonly file: string, public readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'));
    this.name = 'ClusterFileError';
  }
}
