/**
 * The input of `import`: files and directories (walked in name order, `.yaml`/`.yml` only), each
 * file split into its YAML documents. A problem with one file (unreadable, not YAML) is reported with
 * the file and writes nothing; what a document holds is judged later, by the reader of its kind.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { readInputFile } from '../load/cluster-file.js';
import { ImportProblem } from './problems.js';

/** One YAML document of an input file. */
export interface InputDocument {
  /** The file, as given or found under a given directory. */
  readonly file: string;
  /** Position among the file's documents, from 0. */
  readonly index: number;
  /** How many documents the file holds. */
  readonly count: number;
  readonly data: unknown;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name.startsWith('.') ? [] : yamlFilesUnder(path);
      return e.isFile() && /\.ya?ml$/.test(e.name) ? [path] : [];
    });
}

/** The files the paths name: a file itself, a directory's YAML files at any depth (hidden folders skipped). */
export function inputFiles(paths: readonly string[]): { files: string[]; problems: ImportProblem[] } {
  const files: string[] = [];
  const problems: ImportProblem[] = [];
  for (const path of paths) {
    let isDir: boolean;
    let found: string[];
    try {
      isDir = statSync(path).isDirectory();
      found = isDir ? yamlFilesUnder(path) : [path];
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      problems.push({ file: err.path ?? path, message: `cannot read it (${err.code ?? String(e)})`, fix: 'Name files and directories that exist and can be read.' });
      continue;
    }
    if (isDir && found.length === 0) problems.push({ file: path, message: 'the directory holds no .yaml or .yml file', fix: 'Name the directory that holds your setup.' });
    for (const f of found) if (!files.includes(f)) files.push(f);
  }
  return { files, problems };
}

/** The YAML documents of one file; empty documents are skipped. */
export function readDocuments(file: string): { documents: InputDocument[]; problems: ImportProblem[] } {
  const read = readInputFile(file);
  if (!('bytes' in read)) return { documents: [], problems: read.diagnostics.map((d) => ({ file, message: d.message, ...(d.fix ? { fix: d.fix } : {}) })) };
  const text = Buffer.from(read.bytes).toString('utf8');
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const problems: ImportProblem[] = [];
  for (const d of list) {
    for (const e of d.errors) {
      const pos = lc.linePos(e.pos[0]);
      problems.push({ file, field: `line ${pos.line}, column ${pos.col}`, message: `not valid YAML: ${e.message.split('\n')[0]}`, fix: 'Fix the YAML syntax.' });
    }
  }
  if (problems.length > 0) return { documents: [], problems };
  let data: unknown[];
  try {
    // yaml refuses an alias expanded past this many times (a "billion laughs" file) by throwing.
    data = list.map((d) => d.toJS({ maxAliasCount: 1000 }) as unknown);
  } catch (e) {
    return { documents: [], problems: [{ file, message: `cannot be read: ${String((e as Error).message).split('\n')[0]}`, fix: 'Write the values without that many aliases.' }] };
  }
  const documents = data.flatMap((d, index) => (d === null || d === undefined ? [] : [{ file, index, count: data.length, data: d }]));
  return { documents, problems };
}
