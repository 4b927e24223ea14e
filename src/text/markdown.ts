/** Markdown pieces of PLAN.md: tables, capped lists, shell blocks, numbered steps. */

/** The first `max` items joined, then "+N more" for the rest. */
export function cappedList(items: readonly string[], max: number): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, +${items.length - max} more` : '');
}

/** A markdown table; `|` in cells is escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
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
