/**
 * Markdown pieces of PLAN.md: tables, capped lists, shell blocks, numbered steps, and the escaping
 * of user strings (names, interfaces, file names) so they render as the text they are: no table
 * cell split by `|`, no HTML, no emphasis or link, no line break, no terminal escape code.
 */

/** ASCII punctuation that starts Markdown or HTML inline syntax; CommonMark lets a backslash escape each. */
const MARKDOWN_SPECIAL = new Set(['\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '#', '!']);

/** Whether a code unit is a control character (C0, DEL, C1, line/paragraph separators, bidi controls). */
function isControl(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** A control character as visible text (`\x1b`, `\n`) after `backslash` (escaped itself where Markdown reads escapes). */
function visible(c: number, backslash: string): string {
  const code = c === 0x0a ? 'n' : c === 0x09 ? 't' : c <= 0xff ? `x${c.toString(16).padStart(2, '0')}` : `u${c.toString(16).padStart(4, '0')}`;
  return `${backslash}${code}`;
}

/** A user string as literal Markdown text (inline, also inside a table cell). */
export function escapeMarkdown(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const c = text.charCodeAt(i);
    out += isControl(c) ? visible(c, '\\\\') : MARKDOWN_SPECIAL.has(ch) ? `\\${ch}` : ch;
  }
  return out;
}

/** A user string as a code span: delimited by a backtick run longer than any inside, control characters visible. */
export function codeSpan(text: string): string {
  let longest = 0;
  let run = 0;
  let shown = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    run = text[i] === '`' ? run + 1 : 0;
    longest = Math.max(longest, run);
    shown += isControl(c) ? visible(c, '\\') : text[i];
  }
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** The first `max` items joined, then "+N more" for the rest. */
export function cappedList(items: readonly string[], max: number): string;
/** The same of `items` written by `format`, which only the listed ones go through (a fleet's pools each name hundreds of peers). */
export function cappedList<T>(items: readonly T[], max: number, format: (item: T) => string): string;
export function cappedList<T>(items: readonly T[], max: number, format?: (item: T) => string): string {
  const listed = items.slice(0, max);
  return (format ? listed.map(format) : listed).join(', ') + (items.length > max ? `, +${items.length - max} more` : '');
}

/** A markdown table of plain text: every cell is escaped (rows hold user strings). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A fenced `sh` block. */
export function shellBlock(lines: readonly string[]): string {
  return ['```sh', ...lines, '```'].join('\n');
}

/** Item `n` of a numbered list, its body indented under the title. */
export function numberedStep(n: number, title: string, body: readonly string[]): string {
  return [`${n}. ${title}`, '', ...body.map((b) => b.split('\n').map((l) => (l ? `   ${l}` : l)).join('\n'))].join('\n');
}
