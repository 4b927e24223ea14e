/**
 * The fast path of {@link objectsYaml}: plain JSON-like data written the way yaml's `stringify`
 * writes it with cdk8s's options, without building yaml's node tree for every object (at fleet
 * scale that tree was a quarter of a render). Only the layout is written here: every scalar and
 * key is written by yaml itself (once per distinct value), so quoting and number formats are
 * yaml's, and a multi-line string is yaml's block scalar re-indented. Anything else (an object
 * seen twice, which yaml writes as an alias, anything but plain objects, arrays and JSON scalars)
 * returns undefined and is left to yaml. Equality with `stringify` is property-tested.
 */
import { stringify } from 'yaml';

/** cdk8s's options: YAML 1.1 quoting, no line folding, undefined written as null. */
export const OBJECT_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

const values = new Map<string, string>();
const keys = new Map<string, string>();
/** Cleared when full: a long-lived process writing many clusters does not grow without end. */
const MEMO_LIMIT = 100_000;

/** Longer texts are written every time: the memo's memory stays small. */
const MEMO_MAX_LENGTH = 256;

function remember(memo: Map<string, string>, id: string, text: string): string {
  if (id.length > MEMO_MAX_LENGTH) return text;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(id, text);
  return text;
}

/**
 * Strings every place writes as they are, in YAML 1.1 too: a letter, then letters, digits and
 * `. _ / -` (names, kinds, API versions), except 1.1's boolean and null words and its floats
 * without a mantissa (`e5`). Most scalars of an object are these; the others are written by yaml.
 */
const PLAIN = /^[A-Za-z][A-Za-z0-9._/-]*$/;
const YAML_1_1_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|[eE][-+]?[0-9]+)$/;
const isPlain = (v: string) => v.length <= MEMO_MAX_LENGTH && PLAIN.test(v) && !YAML_1_1_WORDS.test(v);

/** A scalar as yaml writes it as a mapping value (one line), or a give-up. */
function scalarText(v: unknown): string {
  let id: string;
  switch (typeof v) {
    case 'string':
      if (isPlain(v)) return v;
      id = `s${v}`;
      break;
    case 'number':
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
      id = Object.is(v, -0) ? 'n-0' : `n${v}`;
      break;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    default:
      if (v === null) return 'null';
      return giveUp();
  }
  const known = values.get(id);
  if (known !== undefined) return known;
  const line = stringify({ k: v }, OBJECT_YAML_OPTIONS);
  // `k: <scalar>\n`, one line: anything else (a block scalar) depends on the indentation.
  if (!line.startsWith('k: ') || line.indexOf('\n') !== line.length - 1) giveUp();
  return remember(values, id, line.slice(3, -1));
}

/**
 * A mapping key as yaml writes it (an implicit one-line key), or a give-up. A key at the start
 * of a line at column 0 is written by yaml with more quotes (`"...": 1`, a document marker
 * otherwise), so keys of the top-level mapping are written in that context.
 */
function keyText(k: string, topLevel: boolean): string {
  if (isPlain(k)) return k;
  const id = `${topLevel ? 't' : 'n'}${k}`;
  const known = keys.get(id);
  if (known !== undefined) return known;
  const text = topLevel ? stringify({ [k]: 0 }, OBJECT_YAML_OPTIONS) : stringify({ a: { [k]: 0 } }, OBJECT_YAML_OPTIONS);
  const line = topLevel ? text : text.startsWith('a:\n  ') ? text.slice(5) : giveUp();
  if (!line.endsWith(': 0\n') || line.startsWith('? ') || line.indexOf('\n') !== line.length - 1) giveUp();
  return remember(keys, id, line.slice(0, -4));
}

/**
 * A multi-line string as yaml writes it as a mapping value: its block-scalar header (`|`, `|-`,
 * `|2+`…) and its lines as written at the top level, each either empty or after two spaces of
 * indentation (which `Writer` replaces with the indentation of the place it goes).
 * Its content does not depend on where it goes; only the indentation does.
 */
function blockScalar(v: string): { header: string; lines: (string | null)[] } {
  const text = stringify({ k: v }, OBJECT_YAML_OPTIONS);
  const [first, ...lines] = text.slice(0, -1).split('\n');
  if (!first.startsWith('k: |') || !/^\|[1-9]?[-+]?$/.test(first.slice(3))) giveUp();
  if (!lines.every((l) => l === '' || l.startsWith('  '))) giveUp();
  // null: a line yaml leaves unindented (an empty line between others); '' is one of indentation only.
  return { header: first.slice(3), lines: lines.map((l) => (l === '' ? null : l.slice(2))) };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
};

class Writer {
  readonly lines: string[] = [];
  private readonly seen = new Set<object>();

  private enter(v: object): void {
    if (this.seen.has(v)) giveUp();
    this.seen.add(v);
  }

  /** The entries of a non-empty mapping, each line indented by `pad`; the first line's indentation is `first`. */
  map(obj: Record<string, unknown>, pad: string, first: string): void {
    this.enter(obj);
    let lead = first;
    for (const k of Object.keys(obj)) {
      this.pair(lead + keyText(k, pad === ''), obj[k], pad);
      lead = pad;
    }
  }

  /** The items of a non-empty sequence, as `map`. */
  seq(arr: readonly unknown[], pad: string, first: string): void {
    this.enter(arr);
    let lead = first;
    for (const item of arr) {
      this.item(`${lead}- `, item, `${pad}  `);
      lead = pad;
    }
  }

  private pair(head: string, v: unknown, pad: string): void {
    if (Array.isArray(v)) {
      if (v.length === 0) this.lines.push(`${head}: []`);
      else {
        this.lines.push(`${head}:`);
        this.seq(v, `${pad}  `, `${pad}  `);
      }
    } else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) this.lines.push(`${head}: {}`);
      else {
        this.lines.push(`${head}:`);
        this.map(v, `${pad}  `, `${pad}  `);
      }
    } else if (typeof v === 'object' && v !== null) giveUp();
    else if (typeof v === 'string' && v.includes('\n')) this.block(`${head}: `, v, `${pad}  `);
    else this.lines.push(`${head}: ${scalarText(v)}`);
  }

  /** A block scalar after `head`, its lines indented by `pad`. */
  private block(head: string, v: string, pad: string): void {
    const { header, lines } = blockScalar(v);
    this.lines.push(head + header);
    for (const l of lines) this.lines.push(l === null ? '' : pad + l);
  }

  /** One sequence item: `head` is its `- ` with the indentation before it; `pad` that of its content. */
  private item(head: string, v: unknown, pad: string): void {
    if (Array.isArray(v)) {
      if (v.length === 0) this.lines.push(`${head}[]`);
      else this.seq(v, pad, head);
    } else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) this.lines.push(`${head}{}`);
      else this.map(v, pad, head);
    } else if (typeof v === 'object' && v !== null) giveUp();
    else if (typeof v === 'string' && v.includes('\n')) this.block(head, v, pad);
    else this.lines.push(`${head}${scalarText(v)}`);
  }
}

/** One document as `stringify(doc, OBJECT_YAML_OPTIONS)` writes it, or undefined when yaml must write it. */
export function emitObjectYaml(doc: unknown): string | undefined {
  const w = new Writer();
  try {
    if (Array.isArray(doc)) {
      if (doc.length === 0) return '[]\n';
      w.seq(doc, '', '');
    } else if (isPlainObject(doc)) {
      if (Object.keys(doc).length === 0) return '{}\n';
      w.map(doc, '', '');
    } else return undefined;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
  return `${w.lines.join('\n')}\n`;
}
