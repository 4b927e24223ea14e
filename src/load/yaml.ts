/**
 * YAML bytes → plain data, or diagnostics that say where and what is wrong. Both input files are
 * read here, the same way, with time and memory bounded by the input's size:
 *
 * 1. size: at most {@link YAML_LIMITS}.maxBytes, read through a capped buffer (a generated
 *    cluster of 2,000 nodes and 10,000 pools is 8.6 MB);
 * 2. encoding: UTF-8 only (a UTF-16/32 byte-order mark or an invalid byte is reported with its
 *    position; `readFileSync(…, 'utf8')` would silently turn it into U+FFFD); a UTF-8 BOM is dropped;
 * 3. characters: YAML's printable set only (yaml accepts raw C0/C1 controls and NUL);
 * 4. nesting depth and the number of values, counted on yaml's token stream before any tree exists
 *    (yaml's composer recurses per level and V8 dies, uncatchably, at ~20,000 levels; its trees
 *    cost ~1 KB a value). Block-style text and one-line flow collections are read in the same pass
 *    straight to data (src/load/yaml-block.ts) and skip steps 5 and 6; a file it does not take
 *    is held to the smaller bounds of yaml's full parser;
 * 5. parsing with yaml's own quadratic checks off (`uniqueKeys` scans every key per key, the alias
 *    count refuses 100 uses of one scalar), then one walk in document order: duplicate keys (a Map
 *    per mapping, keyed by the JS key each becomes, so `1` and `"1"` collide), tags (only the core
 *    schema's; yaml merely warns about `!vault` and keeps the bare value), string length (before
 *    any regex sees a string: V8's backtracking stack overflows on long subjects), control
 *    characters written as escapes, anchors resolved through a Map, recursive aliases, and the size
 *    of the document with every alias expanded;
 * 6. conversion to JS by a linear walk (yaml's toJS resolves each alias by scanning the document).
 *    Keys become own data properties, as with yaml: `__proto__` stays a key, the prototype is Object's.
 */
import { isUtf8 } from 'node:buffer';
import { Composer, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, Parser, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { describeCodeUnit } from '../model/control-characters.js';
import { Diagnostic, error, position } from '../model/diagnostics.js';
import { setOwn } from '../model/records.js';
import { parseBlockYaml } from './yaml-block.js';
import { YAML_LIMITS, YamlLimits } from './yaml-limits.js';
import { yamlStats } from './yaml-stats.js';


/** The file's data, or why there is none. */
export type ParsedYaml = { readonly data: unknown; readonly diagnostics?: undefined } | { readonly data?: undefined; readonly diagnostics: Diagnostic[] };

const MiB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
// Just past the limit both sizes round to the same MiB, which would read as no excess at all.
const sizes = (n: number, limit: number) =>
  MiB(n) === MiB(limit) ? [`${n.toLocaleString('en-US')} bytes`, `${limit.toLocaleString('en-US')} bytes`] : [MiB(n), MiB(limit)];
const NO_TAGS = 'Cluster and fleet files use no tags: write the value itself.';
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** The size finding of a file of `bytes` bytes, if it is over the limit. */
export function sizeDiagnostic(bytes: number, limits: YamlLimits = YAML_LIMITS): Diagnostic | undefined {
  const [size, limit] = sizes(bytes, limits.maxBytes);
  return bytes > limits.maxBytes
    ? error('', `the file is ${size}; the limit is ${limit}`,
      'Split the clusters into files of their own (a 2,000-node cluster file is about 9 MB), or check that this is a cluster file.')
    : undefined;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (WHATWG rules), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  // Stryker disable next-line EqualityOperator: at the end c is undefined and the last branch returns; it is not reached, as isUtf8 was false
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  // Stryker disable next-line UnaryOperator: unreachable, it is called only when isUtf8 found an invalid byte
  return -1;
}

/** Line and column (1-based; the column counts the characters of the valid text before it) of a byte offset. */
function bytePosition(b: Uint8Array, offset: number): string {
  let line = 1;
  let start = 0;
  // Stryker disable next-line EqualityOperator: the byte at offset is the invalid one, never a line feed
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return position(line, Buffer.from(b.subarray(start, offset)).toString('utf8').length + 1);
}

/** Whether a code unit is outside YAML 1.2's printable set (TAB, LF, CR and NEL are in it); surrogates are the UTF-8 pass's. */
function nonPrintable(c: number): boolean {
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  if (c < 0x7f) return false;
  if (c <= 0x9f) return c !== 0x85;
  return c === 0xfffe || c === 0xffff;
}

/** The JS property name a mapping key becomes (as yaml's toJS makes it). */
function jsKey(key: Scalar): string {
  return key.value === null ? '' : String(key.value);
}

/** YAML text or bytes → data. Nothing is thrown for any input; every problem is a diagnostic with its position. */
export function parseYaml(input: string | Uint8Array, limits: YamlLimits = YAML_LIMITS): ParsedYaml {
  const fail = (where: string, message: string, fix?: string): ParsedYaml => ({ diagnostics: [error(where, message, fix)] });
  let text: string;
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (typeof input === 'string') {
    const size = sizeDiagnostic(bytes, limits);
    if (size) return { diagnostics: [size] };
    text = input;
  } else {
    const size = sizeDiagnostic(bytes, limits);
    if (size) return { diagnostics: [size] };
    const b = input;
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
      return fail(position(1, 1), 'the file is UTF-16 (it starts with a UTF-16 byte-order mark)', 'Save it as UTF-8.');
    }
    if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return fail(position(1, 1), 'the file is UTF-32', 'Save it as UTF-8.');
    if (!isUtf8(b)) {
      const at = firstInvalidUtf8(b);
      // Stryker disable next-line StringLiteral: an invalid byte is 0x80 or more, two hex digits already
      return fail(bytePosition(b, at), `invalid UTF-8 at byte ${at} (0x${b[at].toString(16).padStart(2, '0')})`, 'Save the file as UTF-8.');
    }
    text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  // Stryker disable next-line EqualityOperator: past the end charCodeAt is NaN, which is neither a line feed nor refused
  for (let i = 0, line = 1, lineStart = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (nonPrintable(c)) {
      return fail(position(line, i - lineStart + 1), `${describeCodeUnit(c)} is not allowed in YAML`, 'Remove it.');
    }
  }

  // Block-style files (every cluster file we know of) take the fast path; the rest, and every file with a problem, the full one.
  const fast = parseBlockYaml(text, limits);
  const { depth, values } = 'stats' in fast ? fast.stats : yamlStats(text);
  if (depth > limits.maxDepth) return fail('', `the YAML nests ${depth} levels deep; the limit is ${limits.maxDepth}`, 'Cluster files nest 7 levels.');
  if (values > limits.maxValues) {
    return fail('', `the file holds about ${values} YAML values; the limit is ${limits.maxValues}`,
      'Split the clusters into files of their own, or check that this is a cluster file.');
  }
  // Without aliases a document has at most one node more than values.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the full path gives a block file the same data (property-tested)
  if ('stats' in fast && values < limits.maxExpandedNodes) return { data: fast.data };
  // yaml's document tree takes about 1 KB a value: larger files must be the fast path's.
  if (bytes > limits.maxFullParseBytes || values > limits.maxFullParseValues) {
    return fail('gaveUpAt' in fast ? position(fast.gaveUpAt, 1) : '',
      `the file is ${MiB(bytes)} with about ${values} YAML values, more than the full YAML parser reads `
      + `(${MiB(limits.maxFullParseBytes)}, ${limits.maxFullParseValues} values), and from this line on it is not plain block YAML`,
      'A file this large must be block style only: no flow collections ([ ], { }), anchors, aliases, tags, block scalars, '
      + 'escapes or multi-line scalars, and no duplicate keys. Or split the clusters into files of their own.');
  }

  const lineCounter = new LineCounter();
  const where = (offset: number | undefined): string => {
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
    // Stryker disable next-line StringLiteral: every node and error yaml gives has an offset
    return pos ? position(pos.line, pos.col) : '';
  };
  let docs: Document.Parsed[];
  try {
    const tokens = new Parser(lineCounter.addNewLine).parse(text);
    // Stryker disable next-line BooleanLiteral: the Composer does not prettify (parseDocument does), and a file with no document is null either way
    docs = [...new Composer({ uniqueKeys: false, prettyErrors: false }).compose(tokens, true, text.length)];
  } catch (e) {
    // The bounds above keep yaml within its limits; this is for what they do not foresee.
    // Stryker disable next-line StringLiteral: for what the bounds above do not foresee; no input is known to reach it
    return fail('', `cannot parse the file: ${(e as Error).message.split('\n')[0]}`);
  }
  const diagnostics: Diagnostic[] = [];
  const report = (offset: number | undefined, message: string, fix?: string) => diagnostics.push(error(where(offset), message, fix));
  if (docs.length > 1) {
    return fail(where(docs[1].range[0]), `the file holds ${docs.length} YAML documents`, 'Keep one document (no --- between parts) per file.');
  }
  const doc = docs[0];
  // Stryker disable next-line ConditionalExpression: compose(…, forceDoc: true) always gives a document
  if (!doc) return { data: null };
  for (const e of doc.errors) report(e.pos[0], `invalid YAML: ${e.message.split('\n')[0]}`);
  for (const w of doc.warnings) {
    const unresolved = 'Unresolved tag: ';
    if (w.code === 'TAG_RESOLVE_FAILED') {
      report(w.pos[0], `unknown tag ${w.message.startsWith(unresolved) ? w.message.slice(unresolved.length) : w.message}`, NO_TAGS);
    } else report(w.pos[0], w.message.split('\n')[0]);
  }
  if (diagnostics.length > 0) return { diagnostics };

  // One walk in document order with an explicit stack. The expanded size is summed on a stack of
  // open collections and kept for anchored nodes: an alias adds its target's size, and a target
  // still open is an ancestor (a recursive alias).
  const anchors = new Map<string, Node>();
  const anchoredSize = new Map<Node, number>();
  const aliasTarget = new Map<Node, Node>();
  const open: number[] = [0];
  const stack: [Node, boolean][] = doc.contents ? [[doc.contents as Node, false]] : [];
  while (stack.length > 0 && diagnostics.length < 20) {
    const [node, leaving] = stack.pop()!;
    if (leaving) {
      const size = open.pop()!;
      // Stryker disable next-line ConditionalExpression: the size of a node with no anchor is never looked up
      if (node.anchor) anchoredSize.set(node, size);
      open[open.length - 1] += size;
      if (open[0] > limits.maxExpandedNodes) {
        report(node.range?.[0], `with its aliases expanded the document has more than ${limits.maxExpandedNodes} values`, 'Use fewer or smaller aliases.');
        break;
      }
      continue;
    }
    if (node.tag && !CORE_TAGS.has(node.tag)) {
      report(node.range?.[0], `tag ${node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed`, NO_TAGS);
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        report(node.range?.[0], `alias *${node.source} has no anchor &${node.source} before it`);
        continue;
      }
      const size = anchoredSize.get(target);
      if (size === undefined) {
        report(node.range?.[0], `alias *${node.source} is inside the node it refers to (a recursive structure)`, 'Refer only to a finished node.');
        continue;
      }
      open[open.length - 1] += size;
      aliasTarget.set(node, target);
      continue;
    }
    if (node.anchor) anchors.set(node.anchor, node); // the latest anchor of a name wins, as in YAML
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string') {
        if (v.length > limits.maxStringLength) {
          report(node.range?.[0], `a string of ${v.length} characters; the limit is ${limits.maxStringLength}`, 'Shorten it.');
        } else {
          // Stryker disable next-line EqualityOperator: past the end charCodeAt is NaN, which is not refused
          for (let i = 0; i < v.length; i++) {
            if (nonPrintable(v.charCodeAt(i)) || v.charCodeAt(i) === 0x85) {
              report(node.range?.[0], `the string holds ${describeCodeUnit(v.charCodeAt(i))} (written as an escape)`, 'Remove it.');
              break;
            }
          }
        }
      }
      // Stryker disable next-line ConditionalExpression: the size of a node with no anchor is never looked up
      if (node.anchor) anchoredSize.set(node, 1);
      open[open.length - 1] += 1;
      continue;
    }
    stack.push([node, true]);
    open.push(1);
    if (isMap(node)) {
      const items = (node as YAMLMap).items;
      const seen = new Map<string, number | undefined>();
      for (const { key } of items) {
        if (!isScalar(key)) {
          report((key as Node | null)?.range?.[0], 'a key must be a plain scalar (a name), not a collection or an alias');
          continue;
        }
        const k = jsKey(key);
        if (seen.has(k)) {
          const first = seen.get(k);
          // Stryker disable next-line StringLiteral: a parsed key always has its range
          report(key.range?.[0], `duplicate key ${JSON.stringify(k)}${first === undefined ? '' : ` (first at line ${lineCounter.linePos(first).line})`}`,
            'Remove one of them: only the last would count.');
        } else seen.set(k, key.range?.[0]);
      }
      for (let i = items.length - 1; i >= 0; i--) {
        if (items[i].value) stack.push([items[i].value as Node, false]);
        if (items[i].key) stack.push([items[i].key as Node, false]);
      }
    // Stryker disable next-line ConditionalExpression: scalars, aliases and maps were handled above: what is left is a sequence
    } else if (isSeq(node)) {
      const items = (node as YAMLSeq).items as Node[];
      // Stryker disable next-line ArithmeticOperator,ConditionalExpression: a parsed sequence's items are all nodes; indices past the end are skipped
      for (let i = items.length - 1; i >= 0; i--) if (items[i]) stack.push([items[i], false]);
    }
  }
  if (diagnostics.length > 0) return { diagnostics };

  // To JS, linearly (depth is bounded above, so recursion is safe). Aliases share their target's value.
  const valueOf = new Map<Node, unknown>();
  const toJS = (n: Node | null): unknown => {
    if (!n) return null;
    if (isAlias(n)) return valueOf.get(aliasTarget.get(n)!);
    let v: unknown;
    if (isScalar(n)) v = n.value;
    else if (isSeq(n)) v = ((n as YAMLSeq).items as Node[]).map(toJS);
    else {
      const o: Record<string, unknown> = {};
      for (const { key, value } of (n as YAMLMap).items) {
        setOwn(o, jsKey(key as Scalar), toJS(value as Node));
      }
      v = o;
    }
    // Stryker disable next-line ConditionalExpression: the value of a node with no anchor is never looked up
    if (n.anchor) valueOf.set(n, v);
    return v;
  };
  return { data: toJS(doc.contents as Node | null) };
}
