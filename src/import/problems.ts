/** A reason the import refuses its input: nothing is written. File, field, problem and fix, like every finding of this product. */
import { escapeControlCharacters } from '../model/control-characters.js';

export interface ImportProblem {
  readonly file: string;
  /** Where in the file (`spec.values.tunnel`, `line 3, column 1`); absent for the whole file. */
  readonly field?: string;
  /** What is wrong, without a trailing period. */
  readonly message: string;
  /** What to do, a full sentence. */
  readonly fix?: string;
}

/** `<file>: <field>: <problem>. <fix>` on one line. */
export function formatProblem(p: ImportProblem): string {
  return escapeControlCharacters(`${p.file}${p.field ? `: ${p.field}` : ''}: ${p.message}.${p.fix ? ` ${p.fix}` : ''}`);
}
