/**
 * The constant values of a Go source file that declares urfave/cli flags: its constants, the
 * `&cli.XFlag{…}` and `&cli.Command{…}` composite literals (named or inline), the `[]cli.Flag{…}`
 * lists, and the struct tags of a named struct. Only the subset k3s's pkg/cli/cmds uses is
 * evaluated (string concatenation, constants, `version.Program`, `N * time.Unit`, `[]string{…}`);
 * anything else (calls, `&Config.Field` destinations) is kept as an opaque reference or left out,
 * so the reader never guesses. Go has no JavaScript parser worth a dependency for this; the lexical
 * rules followed are https://go.dev/ref/spec#Lexical_elements (comments, raw and interpreted
 * strings). No Go toolchain is needed on the user's machine.
 */

/** A value of the evaluated subset. `ref` names an identifier not (yet) resolved; `opaque` is anything else. */
export type GoValue =
  | string
  | number
  | boolean
  | { readonly duration: number }
  | { readonly ref: string }
  | { readonly opaque: true }
  /** `a + b` or `a * b` whose operands are resolved later (constants live in other files of the package). */
  | { readonly op: '+' | '*'; readonly operands: readonly [GoValue, GoValue] }
  | { readonly composite: string; readonly fields: Readonly<Record<string, GoValue>>; readonly line: number }
  | readonly GoValue[];

export interface GoFile {
  /** Constants by name (`const X = …`). */
  readonly consts: ReadonlyMap<string, GoValue>;
  /** Package-level and local variables whose value is a cli composite or a flag list (`X = &cli.StringFlag{…}`). */
  readonly vars: ReadonlyMap<string, GoValue>;
  /** Every `&cli.Command{…}` literal, in source order. */
  readonly commands: readonly GoValue[];
  /** The raw struct tags of each named struct type (`type X struct { … }`), in field order. */
  readonly structTags: ReadonlyMap<string, readonly string[]>;
}

/** A file that is not in the subset: the path, the line and what was expected. */
export class GoParseError extends Error {}

interface Token { readonly kind: 'ident' | 'string' | 'raw' | 'number' | 'punct'; readonly text: string; readonly line: number }

/** `version.Program` and `version.ProgramUpper` of a k3s build (pkg/version/version.go). */
const SELECTORS: Record<string, GoValue> = { 'version.Program': 'k3s', 'version.ProgramUpper': 'K3S' };
/** time.Duration units in nanoseconds (https://pkg.go.dev/time#Duration). */
const TIME_UNITS: Record<string, number> = { 'time.Nanosecond': 1, 'time.Microsecond': 1e3, 'time.Millisecond': 1e6, 'time.Second': 1e9, 'time.Minute': 60e9, 'time.Hour': 3600e9 };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

function tokenize(src: string, file: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (what: string) => new GoParseError(`${file}:${line}: ${what}`);
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { line++; i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { const end = src.indexOf('\n', i); i = end < 0 ? src.length : end; continue; }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw fail('unterminated comment');
      line += src.slice(i, end).split('\n').length - 1;
      i = end + 2;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw fail('unterminated raw string');
      const text = src.slice(i + 1, end);
      out.push({ kind: 'raw', text, line });
      line += text.split('\n').length - 1;
      i = end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let text = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\n') throw fail('newline in string');
        if (src[j] !== '\\') { text += src[j]; continue; }
        const e = src[++j];
        if (ESCAPES[e] === undefined) throw fail(`escape \\${e} is not read by this parser`);
        text += ESCAPES[e];
      }
      if (j >= src.length) throw fail('unterminated string');
      // A rune literal is kept as an unparsable number: nothing here evaluates one.
      out.push(c === '"' ? { kind: 'string', text, line } : { kind: 'number', text: `'${text}'`, line });
      i = j + 1;
      continue;
    }
    const word = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9A-Za-z_.]*)/.exec(src.slice(i, i + 200));
    if (word) {
      out.push({ kind: /^[0-9]/.test(word[0]) ? 'number' : 'ident', text: word[0], line });
      i += word[0].length;
      continue;
    }
    const op = [':=', '...', '&&', '||', '==', '!=', '<-'].find((o) => src.startsWith(o, i)) ?? c;
    out.push({ kind: 'punct', text: op, line });
    i += op.length;
  }
  return out;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

class Reader {
  private at = 0;
  constructor(private readonly tokens: Token[], private readonly file: string) {}

  get pos(): number { return this.at; }
  set pos(p: number) { this.at = p; }
  peek(ahead = 0): Token | undefined { return this.tokens[this.at + ahead]; }
  done(): boolean { return this.at >= this.tokens.length; }
  next(): Token {
    const t = this.tokens[this.at++];
    if (!t) throw new GoParseError(`${this.file}: unexpected end of file`);
    return t;
  }
  is(text: string, ahead = 0): boolean { const t = this.peek(ahead); return t?.kind === 'punct' && t.text === text; }
  expect(text: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) throw new GoParseError(`${this.file}:${t.line}: expected "${text}", found "${t.text}"`);
  }
  /** Past the bracket that closes the one just read. */
  skipBalanced(open: string): void {
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind !== 'punct') continue;
      if (t.text === open) depth++;
      else if (t.text === OPEN[open]) depth--;
    }
  }

  /** `term ('+' term)*`, where a term may be `N * unit`. */
  expr(): GoValue {
    let value = this.term();
    while (this.is('+') || this.is('*')) {
      const op = this.next().text;
      const right = this.term();
      value = apply(op as '+' | '*', value, right);
    }
    return value;
  }

  private term(): GoValue {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'raw') return t.text;
    if (t.kind === 'number') return /^[0-9]+$/.test(t.text) ? Number(t.text) : { opaque: true };
    if (t.kind === 'punct') {
      if (t.text === '&') return this.term();
      if (t.text === '[') { this.expect(']'); return this.composite(this.typeName(), t.line); }
      if (t.text === '(') { const v = this.expr(); this.expect(')'); return v; }
      if (t.text === '-' && this.peek()?.kind === 'number') return -Number(this.next().text);
      throw new GoParseError(`${this.file}:${t.line}: unexpected "${t.text}" in an expression`);
    }
    let name = t.text;
    while (this.is('.') && this.peek(1)?.kind === 'ident') { this.next(); name += `.${this.next().text}`; }
    if (this.is('{') && /^cli\.|^\[\]/.test(name)) return this.composite(name, t.line);
    if (name === 'func') return this.funcLiteral();
    if (this.is('(')) { this.next(); this.skipBalanced('('); return { opaque: true }; }
    if (name === 'true' || name === 'false') return name === 'true';
    if (SELECTORS[name] !== undefined) return SELECTORS[name];
    if (TIME_UNITS[name] !== undefined) return { duration: TIME_UNITS[name] };
    return { ref: name };
  }

  /** `func(…) T { … }`: not evaluated, only stepped over. */
  private funcLiteral(): GoValue {
    this.expect('(');
    this.skipBalanced('(');
    while (!this.is('{')) this.next();
    this.next();
    this.skipBalanced('{');
    return { opaque: true };
  }

  /** The element type after `[]`: `string`, `cli.Flag`, `*cli.Command`. */
  private typeName(): string {
    let name = this.next().text;
    if (name === '*') name += this.next().text;
    while (this.is('.')) { this.next(); name += `.${this.next().text}`; }
    return `[]${name}`;
  }

  /** `{ Key: value, … }` of a struct type, or `{ value, … }` of a slice type. */
  private composite(type: string, line: number): GoValue {
    this.expect('{');
    const slice = type.startsWith('[]');
    const items: GoValue[] = [];
    const fields: Record<string, GoValue> = {};
    while (!this.is('}')) {
      if (!slice) {
        const key = this.next();
        this.expect(':');
        fields[key.text] = this.expr();
      } else items.push(this.expr());
      if (!this.is('}')) this.expect(',');
    }
    this.next();
    return slice ? items : { composite: type, fields, line };
  }
}

const isObject = (v: GoValue): v is Exclude<GoValue, string | number | boolean | readonly GoValue[]> => typeof v === 'object' && !Array.isArray(v);

function apply(op: '+' | '*', a: GoValue, b: GoValue): GoValue {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '*' && typeof a === 'number' && isObject(b) && 'duration' in b) return { duration: a * b.duration };
  if (op === '*' && typeof a === 'number' && typeof b === 'number') return a * b;
  return { op, operands: [a, b] };
}

/** `value` with every reference replaced by what `lookup` gives (constants, variables), and its operators applied. */
export function resolve(value: GoValue, lookup: (name: string) => GoValue | undefined, seen: readonly string[] = []): GoValue {
  if (Array.isArray(value)) return value.map((v) => resolve(v, lookup, seen));
  if (!isObject(value)) return value;
  if ('ref' in value) {
    const found = seen.includes(value.ref) ? undefined : lookup(value.ref);
    return found === undefined ? value : resolve(found, lookup, [...seen, value.ref]);
  }
  if ('op' in value) {
    const [a, b] = value.operands.map((v) => resolve(v, lookup, seen));
    const out = apply(value.op, a, b);
    return isObject(out) && 'op' in out ? { opaque: true } : out;
  }
  return value;
}

/** `const X = v` or `const ( X = v; Y T = w )`. */
function readConsts(r: Reader, consts: Map<string, GoValue>): void {
  const spec = () => {
    const name = r.next().text;
    if (r.peek()?.kind === 'ident') r.next(); // a typed constant
    if (!r.is('=')) return;
    r.next();
    consts.set(name, r.expr());
  };
  if (!r.is('(')) return spec();
  r.next();
  while (!r.is(')')) spec();
  r.next();
}

/** `type X struct { … }`: the raw tag of each field that has one. */
function readStruct(r: Reader): [string, string[]] | undefined {
  const name = r.next().text;
  if (r.peek()?.text !== 'struct' || !r.is('{', 1)) return undefined;
  r.next();
  r.next();
  const tags: string[] = [];
  let depth = 1;
  while (depth > 0) {
    const t = r.next();
    if (t.kind === 'raw' && depth === 1) tags.push(t.text);
    else if (t.kind === 'punct' && t.text === '{') depth++;
    else if (t.kind === 'punct' && t.text === '}') depth--;
  }
  return [name, tags];
}

/** Reads a Go file; `file` names it in errors. */
export function readGoFile(src: string, file: string): GoFile {
  const r = new Reader(tokenize(src, file), file);
  const consts = new Map<string, GoValue>();
  const vars = new Map<string, GoValue>();
  const commands: GoValue[] = [];
  const structTags = new Map<string, string[]>();
  while (!r.done()) {
    const t = r.next();
    if (t.kind === 'ident' && t.text === 'const') { readConsts(r, consts); continue; }
    if (t.kind === 'ident' && t.text === 'type' && r.peek()?.kind === 'ident') {
      const at = r.pos;
      const struct = readStruct(r);
      if (struct) structTags.set(...struct);
      else r.pos = at;
      continue;
    }
    // A variable (not a field: `app.Flags = …` is not one) given a cli value.
    const assigned = t.kind === 'ident' && (r.is('=') || r.is(':=')) && !r.is('.', -2);
    if (assigned && (r.peek(1)?.text === '&' || r.peek(1)?.text === '[') && /^cli$|^\]$/.test(r.peek(2)?.text ?? '')) {
      r.next();
      vars.set(t.text, r.expr());
      continue;
    }
    if (t.kind === 'punct' && t.text === '&' && r.peek()?.text === 'cli' && r.is('.', 1) && r.peek(2)?.text === 'Command') {
      commands.push(r.expr());
    }
  }
  return { consts, vars, commands, structTags };
}
