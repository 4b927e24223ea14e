/**
 * The key paths a chart's values.yaml documents: its real keys plus the documented commented-out
 * ones (helm-docs style `# -- description` followed by `# key: value`, e.g. `# leaseDuration: 15s`),
 * which the chart templates read but values.schema.json does not list.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, YAMLMap } from 'yaml';

/** Documented key paths of one values.yaml. */
export interface ValuesKeys {
  /** Dotted key paths, e.g. `l2announcements.leaseDuration`. */
  paths: ReadonlySet<string>;
  /** Paths whose value is free-form (`{}` or a list in values.yaml): anything below them is the user's. */
  freeForm: ReadonlySet<string>;
  /** 1-based line of each path in values.yaml, for messages. */
  lines: ReadonlyMap<string, number>;
}

interface KeyLine {
  line: number;
  /** Column of the key; a commented key's column is where it would be once uncommented. */
  indent: number;
  path: string;
}

const COMMENTED_KEY = /^(\s*)#( +)([A-Za-z_][A-Za-z0-9_-]*):(\s|$)/;

/** Real keys with their line and column, depth first (the file's order). */
function realKeys(map: YAMLMap, prefix: string, lc: LineCounter, out: KeyLine[], freeForm: Set<string>): void {
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const path = prefix ? `${prefix}.${String(pair.key.value)}` : String(pair.key.value);
    const pos = lc.linePos(pair.key.range?.[0] ?? 0);
    out.push({ line: pos.line, indent: pos.col - 1, path });
    if (isMap(pair.value)) {
      if (pair.value.items.length === 0) freeForm.add(path);
      realKeys(pair.value, path, lc, out, freeForm);
    } else if (isSeq(pair.value)) {
      freeForm.add(path);
    }
  }
}

/** Parses a values.yaml text. */
export function valuesKeys(text: string): ValuesKeys {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const keys: KeyLine[] = [];
  const freeForm = new Set<string>();
  if (isMap(doc.contents)) realKeys(doc.contents, '', lc, keys, freeForm);
  const byLine = new Map(keys.map((k) => [k.line, k]));
  const lines = text.split('\n');

  // Inside `# @schema` … `# @schema` blocks, `# type: …` lines are schema annotations, not keys.
  let inSchemaBlock = false;
  // The commented keys of the current `# --` doc group and the column of its `#`. A group that runs
  // straight into a real key of the same column documents that key (`# ref: https://…`): not keys.
  let group: { indent: number; keys: KeyLine[] } | undefined;
  const all: KeyLine[] = [];
  const closeGroup = (nextRealKeyIndent?: number) => {
    if (group && group.indent !== nextRealKeyIndent) all.push(...group.keys);
    group = undefined;
  };
  lines.forEach((text, i) => {
    const line = i + 1;
    const trimmed = text.trim();
    if (!trimmed.startsWith('#')) {
      const real = byLine.get(line);
      closeGroup(real?.indent);
      if (real) all.push(real);
      return;
    }
    if (trimmed === '# @schema') {
      inSchemaBlock = !inSchemaBlock;
      return;
    }
    if (inSchemaBlock) return;
    if (trimmed.startsWith('# --')) {
      closeGroup();
      group = { indent: text.indexOf('#'), keys: [] };
      return;
    }
    const m = COMMENTED_KEY.exec(text);
    if (!m || !group) return;
    const indent = m[1].length + m[2].length - 1;
    // The parent: the nearest commented key of this group, else the nearest real key, that is less indented.
    const parent = [...group.keys].reverse().find((k) => k.indent < indent) ?? [...all].reverse().find((k) => k.indent < indent);
    if (indent > 0 && !parent) return;
    group.keys.push({ line, indent, path: indent === 0 || !parent ? m[3] : `${parent.path}.${m[3]}` });
  });
  closeGroup();
  return {
    paths: new Set(all.map((k) => k.path)),
    freeForm,
    lines: new Map(all.map((k) => [k.path, k.line])),
  };
}
