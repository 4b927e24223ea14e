/**
 * Template mode: a user who clones this repository edits or adds `clusters/*.yaml`, re-renders
 * (`npm run synth`) and keeps a green `npm test`. The project's own tests therefore run on copies
 * under test/fixtures/; what they check about clusters/ is generic (every file valid and
 * conformant, dist/ up to date), so no test may name a file of clusters/.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readProjectFile, ROOT } from './helpers.js';

/** The string literals of a TypeScript file (template pieces included). */
function literals(file: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, readProjectFile(file), ts.ScriptTarget.Latest, true));
  return out;
}

describe('template mode', () => {
  it('no test names a cluster file of clusters/ (they use the copies in test/fixtures/clusters/)', () => {
    const files = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `test/${f}`);
    // A string such as 'clusters/homelab.yaml' ties a test to a file the user edits (files in temporary directories do not count).
    const names = (text: string) => [...text.matchAll(/(?:^|[^/\w-])clusters\/([\w.-]+\.ya?ml)/g)].map((m) => m[1]);
    const named = files.flatMap((file) => literals(file)
      .filter((t) => names(t).some((n) => existsSync(join(ROOT, 'clusters', n))))
      .map((t) => `${file}: ${t}`));
    expect(named).toEqual([]);
  });
});
