/**
 * Characters no name, label or pattern may hold, and the escaping that keeps any user string on
 * one line of a terminal: C0 controls (newline and tab included, and ESC, which starts terminal
 * escape sequences), DEL, C1 controls, the Unicode line and paragraph separators, and the
 * bidirectional embedding, override and isolate controls (they reorder what a reader sees).
 * One character class found by the regex engine (linear, no backtracking), then plain loops over
 * code units: the strings are user input of any length, and the rendered stream every --stdout
 * run escapes is tens of kilobytes, which an interpreted loop scans slowly on a cold start.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

/** Whether a UTF-16 code unit is one of the refused characters. */
export function isControlCharacter(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** The offset of the first refused character, or -1. */
export function firstControlCharacter(s: string): number {
  return s.search(CONTROL);
}

const CARET_NAMES: ReadonlyMap<number, string> = new Map([[0x09, 'tab'], [0x0a, 'newline'], [0x0d, 'carriage return'], [0x1b, 'escape']]);

/** `U+001B (escape)`, `U+0001 (control character ^A)`, `U+007F (DEL)`, `U+202E`. */
export function describeCodeUnit(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CARET_NAMES.get(c);
  if (name) return `${hex} (${name})`;
  if (c < 0x20) return `${hex} (control character ^${String.fromCharCode(c + 64)})`;
  return c === 0x7f ? `${hex} (DEL)` : hex;
}

/** `\n`, `\t`, `\x1b`, `\u202e`: the escape a reader recognises. */
function escapeOf(c: number): string {
  if (c === 0x0a) return '\\n';
  if (c === 0x09) return '\\t';
  if (c === 0x0d) return '\\r';
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * The string with every refused character written as an escape, so it prints as one inert line.
 * `keepNewlines` keeps `\n` as is (for multi-line text whose lines are each escaped).
 */
export function escapeControlCharacters(s: string, keepNewlines = false): string {
  let out = '';
  let from = 0;
  const start = s.search(CONTROL);
  if (start < 0) return s;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isControlCharacter(c) || (keepNewlines && c === 0x0a)) continue;
    out += s.slice(from, i) + escapeOf(c);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
