/**
 * `npm test` type-checks with tsgo (the native TypeScript preview, several times faster than tsc);
 * `npm run typecheck` and the build keep tsc. This holds tsgo to tsc: on a small project with the
 * repository's compiler options and one error of each kind those options turn on, both exit non-zero
 * with the same diagnostics (file, position, code).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readProjectFile, ROOT, tempDir } from '../helpers.js';

const BROKEN = `import { readFileSync, notAnExport } from 'node:fs';
import { helper } from './helper';

export function kind(x: string): number {
  return x;
}

export function returns(flag: boolean) {
  if (flag) return 1;
}

export function falls(n: number): number {
  let total = 0;
  switch (n) {
    case 1:
      total += 1;
    case 2:
      return total;
    default:
      return 0;
  }
}

export function implicit(a) {
  const unused = 1;
  return a;
}

export function nullable(s: string | undefined): number {
  return s.length + readFileSync('x').length + notAnExport + helper;
}
`;

/** The codes BROKEN must produce: missing export, type mismatch, nodenext resolution, implicit any, noUnusedLocals,
 * noFallthroughCasesInSwitch, noImplicitReturns, strict null checks. */
const EXPECTED_CODES = ['TS2305', 'TS2322', 'TS2835', 'TS7006', 'TS6133', 'TS7029', 'TS7030', 'TS18048'];

const dir = tempDir('k3s-cilium-typecheck-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function typecheck(bin: string): { status: number | null; diagnostics: string[] } {
  const r = spawnSync(process.execPath, [join(ROOT, bin), '--noEmit', '--pretty', 'false', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  if (r.error) throw r.error;
  // "bad.ts(4,3): error TS2322: …": position and code; the wording may differ between the two compilers.
  const diagnostics = `${r.stdout}${r.stderr}`.split('\n').map((l) => /^(\S+\(\d+,\d+\)): error (TS\d+):/.exec(l)).filter((m) => m !== null)
    .map((m) => `${m[1]} ${m[2]}`).sort();
  return { status: r.status, diagnostics };
}

describe('tsgo, the type-check of npm test', () => {
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'helper.ts'), 'export const helper = 1;\n');
  writeFileSync(join(dir, 'bad.ts'), BROKEN);
  // The repository's options (strict, nodenext, noUnused…), on this project's two files only; @types/node from the repository.
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { rootDir: dir, outDir: join(dir, 'out'), typeRoots: [join(ROOT, 'node_modules/@types')] },
    include: [], files: ['bad.ts', 'helper.ts'],
  }));

  test('reports the same errors as tsc, exiting non-zero', () => {
    const tsc = typecheck('node_modules/typescript/bin/tsc');
    const tsgo = typecheck('node_modules/@typescript/native-preview/bin/tsgo');
    expect([...new Set(tsc.diagnostics.map((d) => d.split(' ')[1]))].sort()).toEqual([...EXPECTED_CODES].sort());
    expect(tsc.status).not.toBe(0);
    expect(tsgo.status).not.toBe(0);
    expect(tsgo.diagnostics).toEqual(tsc.diagnostics);
  });

  test('is what npm test runs on the whole project, while typecheck and the build keep tsc', () => {
    const { scripts } = JSON.parse(readProjectFile('package.json')) as { scripts: Record<string, string> };
    expect(scripts.test).toMatch(/^tsgo --noEmit -p tsconfig\.json && /);
    expect(scripts.typecheck).toBe('tsc --noEmit');
    expect(scripts.build).toContain('tsc -p tsconfig.build.json');
  });
});
