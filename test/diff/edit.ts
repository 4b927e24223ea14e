/**
 * The review of one cluster file against an edited copy of itself, as the lines a reviewer reads
 * (`level: text`, each detail on its own indented line). The comparers' tests in this folder share it.
 */
import { compareClusters } from '../../src/diff/compare.js';
import type { Change } from '../../src/diff/review.js';
import type { ResolvedCluster } from '../../src/model/resolved.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { specOf } from '../limits/paths.js';

/** An edit of a cluster spec (plain data, as the file holds it). */
export type Edit = (spec: any) => void;

/** `level: text`, then each detail on an indented line. */
export const lineOf = (c: Change): string => `${c.level}: ${c.text}${(c.details ?? []).map((d) => `\n  ${d}`).join('')}`;

/** The file, resolved after the edits. */
export function resolved(file: string, ...edits: Edit[]): ResolvedCluster {
  const spec = specOf(file);
  for (const edit of edits) edit(spec);
  return resolveCluster(spec);
}

/** The whole review's lines: `base` edits make the old version, `head` edits the new one. */
export function reviewLines(file: string, base: Edit[], head: Edit[]): string[] {
  return compareClusters('c', resolved(file, ...base), resolved(file, ...head)).changes.map(lineOf);
}

/** One comparer's lines, the old version made by `base` edits, the new one by `head` edits. */
export function comparerLines(
  comparer: (before: ResolvedCluster, after: ResolvedCluster) => readonly Change[], file: string, base: Edit[], head: Edit[],
): string[] {
  return comparer(resolved(file, ...base), resolved(file, ...head)).map(lineOf);
}
