/**
 * The fast path of {@link parseYaml}: block-style YAML (what a cluster file is) straight from yaml's
 * Lexer tokens to plain data, with no CST and no Document tree. yaml's trees cost about 1 KB a
 * value, which at fleet scale (a million values) is most of a render's memory and time. The
 * plainest files, every line a key, a `- ` item or a scalar, are tokenized line by line here
 * instead ({@link simpleLineTokens}: the same tokens, without the Lexer's generators).
 *
 * It takes only a strict subset and gives up on anything else (saying on which line), so the full
 * path decides every other input and writes every diagnostic: block maps and sequences, flow
 * collections closed on their line (`{ name: a, blocks: [ … ] }`), one-line plain and quoted scalars
 * without escapes, comments, one leading `---`. No anchors, aliases, tags, block scalars, explicit
 * keys, multi-line scalars or collections, tabs, duplicate keys, over-long strings, or the flow forms
 * where YAML differs from JSON (`{ a }`, `[a: b]`, trailing commas). Within the subset the data equals
 * the full path's (property-tested): scalars are resolved by yaml's own core-schema tags.
 */
import { CST, Lexer, Scalar, Schema } from 'yaml';
import { setOwn } from '../model/records.js';
import type { YamlLimits } from './yaml-limits.js';
import { YamlTokenStats } from './yaml-stats.js';

// The core schema's scalar tags that resolve plain scalars by a test, in yaml's order.
const PLAIN_TAGS = new Schema({}).tags.filter((t) => t.default === true && 'test' in t && t.test instanceof RegExp);
const RESOLVE_OPTIONS = { intAsBigInt: false };

/** Core-schema words among scalars that start with a letter; every other such scalar is a string (numbers start with a digit, a sign or a dot). */
const CORE_WORDS = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** A plain scalar's value as yaml's core schema resolves it (`findScalarTagByTest`). */
function plainValue(source: string): unknown {
  const c = source.charCodeAt(0) | 0x20;
  if (c >= 0x61 && c <= 0x7a && !CORE_WORDS.test(source)) return source;
  for (const tag of PLAIN_TAGS) {
    if ((tag as { test: RegExp }).test.test(source)) {
      const r = (tag as { resolve: (s: string, onError: (m: string) => void, o: object) => unknown }).resolve(source, () => {}, RESOLVE_OPTIONS);
      return r instanceof Scalar ? r.value : r;
    }
  }
  return source;
}

type Map_ = { map: true; col: number; obj: Record<string, unknown>; pendingKey: string | undefined };
type Seq = { map: false; col: number; arr: unknown[]; pending: boolean; sameColumnAsMap: boolean };
type Container = Map_ | Seq;

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

/** The JS key a scalar becomes: a plain one as resolved (`1`, `true`, `null` → `''`), a quoted one as written. */
function keyOf(token: string, s: { value: unknown; raw: string }): string {
  if (s.raw.length > 1024) giveUp();
  return token === CST.SCALAR ? (s.value === null ? '' : String(s.value)) : s.raw;
}

/** Builds the data line by line; every method gives up on what the subset does not hold. */
class BlockBuilder {
  private root: unknown = undefined;
  private hasRoot = false;
  private readonly stack: Container[] = [];

  constructor(private readonly maxStringLength: number) {}

  private top(): Container | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Closes what is indented deeper than `col`. */
  private closeTo(col: number): Container | undefined {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].col > col) this.stack.pop();
    return this.top();
  }

  /** Puts a new node into the open slot of `top` (a key without a value, an empty item, the document). */
  private fill(top: Container | undefined, value: unknown): void {
    if (!top) {
      if (this.hasRoot) giveUp();
      this.hasRoot = true;
      this.root = value;
    } else if (top.map) {
      if (top.pendingKey === undefined) giveUp();
      setOwn(top.obj, top.pendingKey!, value);
      top.pendingKey = undefined;
    } else {
      if (!top.pending) giveUp();
      top.arr[top.arr.length - 1] = value;
      top.pending = false;
    }
  }

  seqItem(col: number): void {
    let top = this.closeTo(col);
    if (top && top.col === col) {
      if (top.map) {
        // A sequence may sit at its key's column.
        if (top.pendingKey === undefined) giveUp();
        const seq: Seq = { map: false, col, arr: [], pending: false, sameColumnAsMap: true };
        this.fill(top, seq.arr);
        this.stack.push(seq);
        top = seq;
      }
    } else {
      const seq: Seq = { map: false, col, arr: [], pending: false, sameColumnAsMap: false };
      this.fill(top, seq.arr);
      this.stack.push(seq);
      top = seq;
    }
    const seq = top as Seq;
    seq.arr.push(null);
    seq.pending = true;
  }

  mapKey(col: number, key: string): Map_ {
    let top = this.closeTo(col);
    if (top && top.col === col && !top.map) {
      if (!top.sameColumnAsMap) giveUp();
      this.stack.pop();
      top = this.top();
    }
    let map: Map_;
    if (top && top.col === col) {
      if (!top.map) giveUp();
      map = top as Map_;
    } else {
      map = { map: true, col, obj: {}, pendingKey: undefined };
      this.fill(top, map.obj);
      this.stack.push(map);
    }
    if (Object.prototype.hasOwnProperty.call(map.obj, key)) giveUp();
    setOwn(map.obj, key, null);
    map.pendingKey = key;
    return map;
  }

  /** A key's value on the key's line. */
  value(map: Map_, value: unknown): void {
    this.fill(map, value);
  }

  /** A scalar on a line of its own: the value of the open slot above it. */
  scalarLine(col: number, value: unknown): void {
    const top = this.closeTo(col);
    if (!top || top.col >= col) giveUp();
    this.fill(top, value);
  }

  /** The scalar at tokens[i] (a plain scalar is a marker and its source), or a give-up. */
  scalar(tokens: string[], i: number): { value: unknown; raw: string; next: number } {
    const t = tokens[i] ?? giveUp();
    let raw: string;
    let value: unknown;
    let next = i + 1;
    if (t === CST.SCALAR) {
      raw = tokens[i + 1] ?? giveUp();
      next = i + 2;
      const c = raw.charCodeAt(0);
      // Plain scalars yaml refuses to start (tab , % | > @ `), or folds over lines.
      if (raw === '' || c === 9 || c === 44 || c === 37 || c === 124 || c === 62 || c === 64 || c === 96 || /[\r\n]/.test(raw)) giveUp();
      value = plainValue(raw);
    } else if (t.length >= 2 && t[0] === "'" && t[t.length - 1] === "'") {
      if (/[\r\n]/.test(t)) giveUp();
      raw = t.slice(1, -1).replace(/''/g, "'");
      value = raw;
    } else if (t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"') {
      if (/[\r\n\\]/.test(t)) giveUp();
      raw = t.slice(1, -1);
      value = raw;
    } else return giveUp();
    if (raw.length > this.maxStringLength) giveUp();
    return { value, raw, next };
  }

  /** A scalar or a one-line flow collection at tokens[i]. */
  node(tokens: string[], i: number): { value: unknown; next: number } {
    const t = tokens[i];
    if (t === '{' || t === '[') return this.flow(tokens, i);
    const s = this.scalar(tokens, i);
    return { value: s.value, next: s.next };
  }

  /** `{ k: v, … }` or `[ v, … ]` closed on its line: no implicit nulls, single-pair mappings or trailing commas. */
  private flow(tokens: string[], i: number): { value: unknown; next: number } {
    const isMap = tokens[i] === '{';
    const close = isMap ? '}' : ']';
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    let j = i + 1;
    const skipSpace = () => {
      if (isSpace(tokens[j])) j++;
    };
    skipSpace();
    if (tokens[j] === close) return { value: isMap ? obj : arr, next: j + 1 };
    for (;;) {
      if (isMap) {
        const k = this.scalar(tokens, j);
        if (tokens[k.next] !== ':') giveUp();
        const key = keyOf(tokens[j], k);
        if (Object.prototype.hasOwnProperty.call(obj, key)) giveUp();
        j = k.next + 1;
        skipSpace();
        const v = this.node(tokens, j);
        setOwn(obj, key, v.value);
        j = v.next;
      } else {
        const v = this.node(tokens, j);
        arr.push(v.value);
        j = v.next;
      }
      skipSpace();
      if (tokens[j] === close) return { value: isMap ? obj : arr, next: j + 1 };
      if (tokens[j] !== ',') giveUp();
      j++;
      skipSpace();
      if (tokens[j] === close) giveUp();
    }
  }

  started(): boolean {
    return this.hasRoot;
  }

  finish(): unknown {
    if (!this.hasRoot) giveUp();
    return this.root;
  }
}

const isSpace = (t: string | undefined) => t !== undefined && t.length > 0 && (t.charCodeAt(0) === 32 || t.charCodeAt(0) === 9);

/** One line's tokens (no newline) into the builder. */
function line(b: BlockBuilder, tokens: string[]): void {
  let i = 0;
  let col = 0;
  if (isSpace(tokens[0])) {
    col = tokens[0].length;
    i = 1;
  }
  const end = (j: number) => {
    // Whatever follows a node on its line: nothing, or white space and a comment.
    if (j < tokens.length && isSpace(tokens[j])) j++;
    if (j < tokens.length && tokens[j][0] === '#' && isSpace(tokens[j - 1])) j++;
    if (j !== tokens.length) giveUp();
  };
  if (i === tokens.length || tokens[i][0] === '#') return; // blank or comment line
  for (;;) {
    const t = tokens[i];
    if (t === '-') {
      b.seqItem(col);
      col += 1;
      i++;
      if (i === tokens.length) return;
      if (!isSpace(tokens[i])) giveUp();
      col += tokens[i].length;
      i++;
      if (i === tokens.length || tokens[i][0] === '#') return;
      continue;
    }
    if (t === '{' || t === '[') {
      const v = b.node(tokens, i);
      b.scalarLine(col, v.value);
      end(v.next);
      return;
    }
    const s = b.scalar(tokens, i);
    if (tokens[s.next] === ':') {
      const map = b.mapKey(col, keyOf(t, s));
      let j = s.next + 1;
      if (j === tokens.length) return;
      if (!isSpace(tokens[j])) giveUp();
      j++;
      if (j === tokens.length || tokens[j][0] === '#') return;
      const v = b.node(tokens, j);
      b.value(map, v.value);
      end(v.next);
      return;
    }
    b.scalarLine(col, s.value);
    end(s.next);
    return;
  }
}

/** Runs the tokens `feed` hands over through the builder: the data and statistics, or the line where they leave the subset. */
function build(limits: YamlLimits, feed: (take: (token: string) => void) => void): { data: unknown; stats: YamlTokenStats } | { gaveUpAt: number } {
  const stats = new YamlTokenStats();
  const b = new BlockBuilder(limits.maxStringLength);
  const tokens: string[] = [];
  let documents = 0;
  let docStart = false;
  let docStartLine = false;
  let lineNumber = 1;
  const take = (token: string): void => {
    const type = CST.tokenType(token);
    stats.add(token, type);
    // One `---` before any content, with nothing but a comment after it on its line.
    if (docStartLine && type !== 'space' && type !== 'comment' && type !== 'newline') giveUp();
    switch (type) {
      case 'doc-mode':
        if (++documents > 1) giveUp();
        return;
      case 'doc-start':
        if (docStart || b.started() || tokens.length > 0) giveUp();
        docStart = docStartLine = true;
        return;
      case 'newline':
        // The statistics already count this line: a flow collection is parsed recursively only within the depth bound.
        if (stats.depth > limits.maxDepth) giveUp();
        if (tokens.length > 0) line(b, tokens);
        tokens.length = 0;
        docStartLine = false;
        lineNumber++;
        return;
      case 'space':
        if (token.includes('\t')) giveUp();
        break;
      case 'flow-map-start':
      case 'flow-map-end':
      case 'flow-seq-start':
      case 'flow-seq-end':
      case 'comma':
      case 'comment':
      case 'seq-item-ind':
      case 'map-value-ind':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        break;
      default:
        // A plain scalar's source (no type of its own) follows its marker; anything else is outside the subset.
        if (type !== null || tokens[tokens.length - 1] !== CST.SCALAR) giveUp();
    }
    tokens.push(token);
  };
  try {
    feed(take);
    if (stats.depth > limits.maxDepth) giveUp();
    if (tokens.length > 0) line(b, tokens);
    return { data: b.finish(), stats };
  } catch (e) {
    if (e instanceof GiveUp) return { gaveUpAt: lineNumber };
    throw e;
  }
}

/** Characters a plain scalar of {@link simpleLineTokens} may not start with: YAML's indicators, and space. */
const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@` '.split(''));

/**
 * The tokens yaml's Lexer makes of `text`, for the plainest block YAML only: lines of spaces,
 * `- ` indicators, a plain or quoted key and `: `, a plain or quoted value or `[]`/`{}`, a comment. It hands
 * them to `take` line by line without yaml's generators (yaml's Lexer was a quarter of a 500-node
 * cluster's synth), and gives up on anything else (other flow collections, tabs, CRLF, document markers,
 * a scalar that starts with an indicator, a line that could continue the scalar above it), which
 * the Lexer then reads. Where it does not give up its tokens are the Lexer's (tested).
 */
export function simpleLineTokens(text: string, take: (token: string) => void): void {
  let started = false;
  // A content or comment line indented deeper than this could continue the scalar that ended the line above.
  let continuation = Infinity;
  for (let pos = 0; pos < text.length;) {
    let end = text.indexOf('\n', pos);
    const last = end < 0;
    if (last) end = text.length;
    const ln = text.slice(pos, end);
    pos = end + 1;
    if (ln.includes('\t') || ln.includes('\r')) giveUp();
    let i = 0;
    while (ln.charCodeAt(i) === 32) i++;
    const indent = i;
    if (i < ln.length) {
      if (indent > continuation) giveUp();
      if (ln[i] === '#') {
        if (indent > 0) take(ln.slice(0, indent));
        take(ln.slice(i));
      } else {
        if (!started) {
          take(CST.DOCUMENT);
          started = true;
        }
        if (indent > 0) take(ln.slice(0, indent));
        continuation = lineContent(ln, i, take);
      }
    } else if (indent > 0) take(ln);
    if (!last) take('\n');
  }
}

/** Spaces from `i` on: their token, and where they end. */
function spaces(ln: string, i: number, take: (token: string) => void): number {
  let j = i;
  while (ln.charCodeAt(j) === 32) j++;
  if (j > i) take(ln.slice(i, j));
  return j;
}

/** A scalar or an empty flow collection (`[]`, `{}`: how yaml writes an empty list) at `i`: its tokens, and where it ends (trailing spaces not included). */
function scalarAt(ln: string, i: number, take: (token: string) => void): number {
  const c = ln[i];
  if ((c === '[' && ln[i + 1] === ']') || (c === '{' && ln[i + 1] === '}')) {
    take(c);
    take(ln[i + 1]);
    return i + 2;
  }
  if (c === "'") {
    let k = i;
    do {
      k = ln.indexOf("'", k + 1);
      if (k < 0) giveUp();
    } while (ln[k + 1] === "'" && ++k);
    take(ln.slice(i, k + 1));
    return k + 1;
  }
  if (c === '"') {
    const k = ln.indexOf('"', i + 1);
    if (k < 0 || ln.lastIndexOf('\\', k) > i) giveUp();
    take(ln.slice(i, k + 1));
    return k + 1;
  }
  if (NOT_PLAIN_START.has(c) || ln.startsWith('...', i)) giveUp();
  // A plain scalar ends before `: `, a `:` that ends the line, ` #`, or the end of the line; its trailing spaces are a token of their own.
  let end = ln.length;
  const colon = ln.indexOf(': ', i);
  if (colon >= 0) end = colon;
  if (ln.endsWith(':') && ln.length - 1 < end) end = ln.length - 1;
  const hash = ln.indexOf(' #', i);
  if (hash >= 0 && hash < end) end = hash;
  while (end > i && ln.charCodeAt(end - 1) === 32) end--;
  take(CST.SCALAR);
  take(ln.slice(i, end));
  return end;
}

/** Spaces and a comment, or nothing, up to the end of the line. */
function lineEnd(ln: string, i: number, take: (token: string) => void): void {
  const j = spaces(ln, i, take);
  if (j === ln.length) return;
  if (j === i || ln[j] !== '#') giveUp();
  take(ln.slice(j));
}

/**
 * The tokens of a line's content from `i` (its indentation done). Returns the column deeper than
 * which a following line would continue the scalar this line ends with (Infinity when it ends
 * with an indicator; -1, anything deeper, when a scalar stands alone on it).
 */
function lineContent(ln: string, i: number, take: (token: string) => void): number {
  let item = -1;
  while (ln[i] === '-' && (i + 1 === ln.length || ln[i + 1] === ' ')) {
    item = i;
    take('-');
    i = spaces(ln, i + 1, take);
    if (i === ln.length) return Infinity;
    if (ln[i] === '#') {
      take(ln.slice(i));
      return Infinity;
    }
  }
  const key = i;
  i = scalarAt(ln, i, take);
  if (ln[i] === ':' && (i + 1 === ln.length || ln[i + 1] === ' ')) {
    take(':');
    const j = spaces(ln, i + 1, take);
    if (j === ln.length) return Infinity;
    if (ln[j] === '#') {
      take(ln.slice(j));
      return Infinity;
    }
    lineEnd(ln, scalarAt(ln, j, take), take);
    return key;
  }
  lineEnd(ln, i, take);
  return item;
}

/**
 * `text`'s data and token statistics, or the line where it leaves the subset. `text` has passed
 * the encoding and character checks; the caller applies the limits to the statistics. The plainest
 * files are tokenized here; any other, and any file that leaves the subset, by yaml's Lexer.
 */
export function parseBlockYaml(text: string, limits: YamlLimits): { data: unknown; stats: YamlTokenStats } | { gaveUpAt: number } {
  const simple = build(limits, (take) => simpleLineTokens(text, take));
  return 'stats' in simple ? simple : lexedBlockYaml(text, limits);
}

/** {@link parseBlockYaml} on yaml's Lexer tokens only. */
function lexedBlockYaml(text: string, limits: YamlLimits): { data: unknown; stats: YamlTokenStats } | { gaveUpAt: number } {
  return build(limits, (take) => {
    for (const token of new Lexer().lex(text)) take(token);
  });
}
