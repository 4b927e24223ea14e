/**
 * The templates of a packaged chart, read from its .tgz (gzip + ustar/PAX, what `helm package`
 * writes), and the `fail` calls in them with the conditions around each. The tests compare the
 * chart rules that synth checks (src/model/cilium-chart-rules.ts) with these.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Regular files of a .tgz: path → text. PAX `path` records are honoured; links and directories are skipped. */
export function tgzFiles(tgz: string): Map<string, string> {
  const tar = gunzipSync(readFileSync(tgz));
  const files = new Map<string, string>();
  const field = (block: Buffer, start: number, length: number) => block.toString('utf8', start, start + length).replace(/\0.*$/s, '');
  let paxPath: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    const prefix = field(header, 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    paxPath = undefined;
    if (type === 'x') paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === '0' || type === '7') files.set(name, body.toString('utf8'));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** One `fail` call of a template. */
export interface FailSite {
  /** Path inside the chart, e.g. `templates/validate.yaml`. */
  readonly file: string;
  readonly line: number;
  /** The enclosing if/with/range actions, outermost first (an `else` is shown with the branch it follows). */
  readonly conditions: readonly string[];
  /** The message as written: a string literal, or the printf expression. */
  readonly message: string;
  /** The `.Values` paths the conditions read (`dig "a" "b" … .Values.AsMap` included). */
  readonly valuePaths: readonly string[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function valuePathsOf(conditions: readonly string[]): string[] {
  const text = conditions.join(' ');
  const paths = [...text.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)].map((m) => m[1].slice(1)).filter((p) => p !== 'AsMap');
  for (const m of text.matchAll(/dig((?: "[^"]*")+) "" \.Values\.AsMap/g)) paths.push([...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('.'));
  return [...new Set(paths)].sort();
}

/** Every `fail` in one template's text. */
export function failSites(text: string, file: string): FailSite[] {
  const out: FailSite[] = [];
  const stack: string[] = [];
  for (const m of text.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)) {
    const body = m[1];
    if (body.startsWith('/*')) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const keyword = /^(if|else if|else|with|range|define|block|end)\b/.exec(body)?.[1];
    if (keyword === 'end') {
      stack.pop();
      continue;
    }
    if (keyword === 'else if' || keyword === 'else') {
      stack.push(`${squash(body)} [after: ${stack.pop() ?? ''}]`);
      continue;
    }
    if (keyword) stack.push(squash(body));
    const fail = /\bfail\b\s*([\s\S]*)$/.exec(body);
    if (!fail) continue;
    const raw = squash(fail[1]).replace(/^\(|\)$/g, '').trim();
    const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
    const conditions = keyword ? stack.slice(0, -1) : [...stack];
    out.push({ file, line, conditions, message: literal ? JSON.parse(`"${literal[1]}"`) as string : raw, valuePaths: valuePathsOf([...conditions, body]) });
  }
  return out;
}

/** Every `fail` in a packaged chart's templates, by file and line. */
export function chartFailSites(tgz: string): FailSite[] {
  return [...tgzFiles(tgz)].flatMap(([path, text]) => {
    const file = path.replace(/^[^/]+\//, '');
    return file.startsWith('templates/') ? failSites(text, file) : [];
  }).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
