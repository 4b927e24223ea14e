/**
 * Findings about an input file: where, what is wrong, and how to fix it. Checks and loaders make
 * them with `error` / `warning` and a field path built by `at` (cluster file) or `fleetAt` (fleet
 * file), whose segments TypeScript checks against the spec interfaces.
 */
import type { ClusterSpec } from './cluster-spec.js';
import { escapeControlCharacters } from './control-characters.js';
import type { FleetSpec } from './fleet-spec.js';

export interface Diagnostic {
  /** `error` stops the synth; `warning` is printed and the synth goes on. */
  readonly severity: 'error' | 'warning';
  /** Field path in the file, e.g. `loadBalancer.pools[0].blocks[0].cidr`; empty for the whole file. */
  readonly path: string;
  /** What is wrong, without a trailing period. */
  readonly message: string;
  /** How to fix it, a full sentence; absent when the message says it all. */
  readonly fix?: string;
}

/** The segments of a field path into T: keys of objects, indexes of lists; any prefix is a path too. */
export type PathSegments<T> = T extends string | number | boolean | undefined | null ? []
  : T extends readonly (infer E)[] ? [] | [number, ...PathSegments<E>]
  : [] | { [K in keyof T & string]-?: [K, ...PathSegments<NonNullable<T[K]>>] }[keyof T & string];

/** Field path from path segments: `['pools', 0, 'cidr']` → `pools[0].cidr`. */
export function fieldPath(...segments: readonly (string | number)[]): string {
  // A plain loop: checks build thousands of paths for a large cluster.
  let path = '';
  for (const s of segments) path = typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s;
  return path;
}

/** The path of a map entry: `base.key`, or `base["key"]` when the key is not a plain word (label keys hold '/' and '.'). */
export function keyPath(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** A field path of the cluster file. */
export function at(...segments: PathSegments<ClusterSpec>): string {
  return fieldPath(...segments);
}

/** A field path of the fleet file. */
export function fleetAt(...segments: PathSegments<FleetSpec>): string {
  return fieldPath(...segments);
}

/** A position in a file's text, for findings that precede any field (YAML syntax). */
export function position(line: number, column: number): string {
  return `line ${line}, column ${column}`;
}

/** A finding that stops the synth. */
export function error(path: string, message: string, fix?: string): Diagnostic {
  return fix === undefined ? { severity: 'error', path, message } : { severity: 'error', path, message, fix };
}

/** A finding that is printed while the synth goes on. */
export function warning(path: string, message: string, fix?: string): Diagnostic {
  return fix === undefined ? { severity: 'warning', path, message } : { severity: 'warning', path, message, fix };
}

/** Whether any finding stops the synth. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * `<file>: <path>: <problem>. <fix>`, with warnings marked: one line whatever the file name, the
 * path or a quoted value holds (control characters, a terminal's escape codes, are escaped).
 */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.path ? `${file}: ${d.path}` : file;
  const text = `${d.message}.${d.fix ? ` ${d.fix}` : ''}`;
  return escapeControlCharacters(`${where}: ${d.severity === 'warning' ? 'warning: ' : ''}${text}`);
}
