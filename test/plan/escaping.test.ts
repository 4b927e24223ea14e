/** User strings in PLAN.md are text: Markdown tables stay tables, no HTML, no emphasis, no terminal escape codes. */
import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/plan/index.js';
import { codeSpan, escapeMarkdown, markdownTable } from '../../src/text/markdown.js';
import { HOMELAB, loadValidText, readProjectFile } from '../helpers.js';

describe('Markdown escaping', () => {
  it('escapes what starts Markdown or HTML syntax, and shows control characters as escapes', () => {
    expect(escapeMarkdown('a|b <script>x</script> # *y* _z_ [l](u) `c` & ~s~ \\')).toBe(
      'a\\|b \\<script\\>x\\</script\\> \\# \\*y\\* \\_z\\_ \\[l\\](u) \\`c\\` \\& \\~s\\~ \\\\');
    expect(escapeMarkdown('x\ny\u001b[31m')).toBe('x\\\\ny\\\\x1b\\[31m');
    expect(escapeMarkdown('default-pool 192.168.1.100–192.168.1.115 (eth0)')).toBe('default-pool 192.168.1.100–192.168.1.115 (eth0)');
  });

  it('makes code spans that a backtick inside cannot close', () => {
    expect(codeSpan('homelab.yaml')).toBe('`homelab.yaml`');
    expect(codeSpan('a`b.yaml')).toBe('``a`b.yaml``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('a\u001bb')).toBe('`a\\x1bb`');
  });

  it('keeps one row per line and one cell per column whatever a cell holds', () => {
    const table = markdownTable(['what', 'addresses'], [['a|b\nc', '<b>x</b>']]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table.split('\n')[2]).toBe('| a\\|b\\\\nc | \\<b\\>x\\</b\\> |');
  });
});

describe('PLAN.md with hostile names', () => {
  it('renders a reserved range name and a file name as text', () => {
    const hostile = '{ name: "gw | <img src=x onerror=alert(1)> # **bold**", start: 192.168.1.1 }';
    const text = readProjectFile(HOMELAB).replace('{ name: gateway, start: 192.168.1.1 }', hostile);
    const loaded = loadValidText('c.yaml', text);
    const plan = renderPlan(loaded.cluster, 'dir/we`ird|name.yaml');
    expect(plan).toContain('| reserved: gw \\| \\<img src=x onerror=alert(1)\\> \\# \\*\\*bold\\*\\* | 192.168.1.1 |');
    expect(plan).toContain('Rendered from ``we`ird|name.yaml`` for Cilium');
    expect(plan).not.toMatch(/(?<!\\)<img/); // only the escaped form
  });
});
