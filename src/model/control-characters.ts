/**
 * Characters no name, label or pattern may hold, and the escaping that keeps any user string on
 * one line of a terminal: C0 controls (newline and tab included, and ESC, which starts terminal
 * escape sequences), DEL, C1 controls, the Unicode line and paragraph separators, and the
 * bidirectional embedding, override and isolate controls (they reorder what a reader sees).
 * Plain loops over code units, no regex: the strings are user input of any length.
 */

/** Whether a UTF-16 code unit is one of the refused characters. */
export function isControlCharacter(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** The offset of the first refused character, or -1. */
export function firstControlCharacter(s: string): number {
  for (let i = 0; i < s.length; i++) if (isControlCharacter(s.charCodeAt(i))) return i;
  return -1;
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
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isControlCharacter(c) || (keepNewlines && c === 0x0a)) continue;
    out += s.slice(from, i) + escapeOf(c);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
