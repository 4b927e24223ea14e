/**
 * docs/API.md, the API reference of the package entry (typedoc + typedoc-plugin-markdown, `npm run
 * docs`), is what the code generates, and every construct and Props field it documents says what
 * it is and, when optional, its default.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readProjectFile, ROOT, tempDir } from '../helpers.js';

describe('docs/API.md', () => {
  it('is what `npm run docs` generates (run it and commit docs/API.md when this fails)', () => {
    const out = tempDir('k3s-cilium-docs-');
    // Without typedoc's own type check (the same output; 8 s of CPU instead of 20): `npm test` type-checks
    // the project first, and the package tests build it with tsc.
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out, '--logLevel', 'Error', '--skipErrorChecking'], { cwd: ROOT });
    expect(readFileSync(join(out, 'API.md'), 'utf8')).toBe(readProjectFile('docs/API.md'));
  });

  it('documents every construct, and every field of its props with the default of each optional one', () => {
    const files = readdirSync(join(ROOT, 'constructs')).filter((f) => f.endsWith('.ts')).map((f) => `constructs/${f}`);
    // The classes of the package entry (the BGP objects' classes are parts of BgpControlPlane).
    const exported = new Set([...readProjectFile('constructs/index.ts').matchAll(/export \{ (\w+),/g)].map((m) => m[1]));
    const undocumented: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readProjectFile(file), ts.ScriptTarget.Latest, true);
      const docs = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
      for (const statement of source.statements) {
        if (ts.isClassDeclaration(statement) && exported.has(statement.name!.text) && docs(statement).length === 0) {
          undocumented.push(`class ${statement.name!.text}`);
        }
        if (!ts.isInterfaceDeclaration(statement) || !statement.name.text.endsWith('Props')) continue;
        for (const member of statement.members.filter(ts.isPropertySignature)) {
          const name = `${statement.name.text}.${(member.name as ts.Identifier).text}`;
          const comment = docs(member);
          if (comment.length === 0) undocumented.push(`${name}: no doc comment`);
          const internal = ts.getJSDocTags(member).some((t) => t.tagName.text === 'internal');
          if (member.questionToken && !internal && !ts.getJSDocTags(member).some((t) => t.tagName.text === 'default')) {
            undocumented.push(`${name}: optional without @default`);
          }
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
