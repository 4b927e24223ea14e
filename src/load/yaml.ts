/**
 * YAML text → plain data, or diagnostics that say where the syntax is wrong. Both input files are
 * read here, the same way.
 */
import { LineCounter, parseDocument } from 'yaml';
import { Diagnostic, error, position } from '../model/diagnostics.js';

/** The file's data, or why there is none. */
export type ParsedYaml = { readonly data: unknown; readonly diagnostics?: undefined } | { readonly data?: undefined; readonly diagnostics: Diagnostic[] };

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return error(pos ? position(pos.line, pos.col) : '', `invalid YAML: ${e.message.split('\n')[0]}`);
      }),
    };
  }
  return { data: doc.toJS() };
}
