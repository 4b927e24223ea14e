/**
 * The committed dist/ is what the code renders from clusters/, and rendering is byte-for-byte
 * repeatable. Generic on purpose: a user who edits or adds clusters and re-renders stays green.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSynth } from '../src/cli/cmds/synth.js';
import { MANIFEST_FILE, STATE_DIR } from '../src/write/tree.js';
import { readTree as tree, ROOT } from './helpers.js';

const quiet = { stdout: () => {}, stderr: () => {} };

function synthInto(): string {
  const out = mkdtempSync(join(tmpdir(), 'k3s-cilium-dist-'));
  expect(runSynth(['--config', join(ROOT, 'clusters'), '--out', out], quiet)).toBe(0);
  return out;
}

describe('dist/', () => {
  const first = tree(synthInto());

  it('is what the code renders (run `npm run synth` and commit dist/ when this fails)', () => {
    expect(tree(join(ROOT, 'dist'))).toEqual(first);
  });

  it('records what synth owns, each file with its cluster file, in a committed manifest', () => {
    const state = join(ROOT, 'dist', STATE_DIR);
    const manifest = JSON.parse(readFileSync(join(state, MANIFEST_FILE), 'utf8'));
    expect(Object.keys(manifest.files)).toEqual(Object.keys(first));
    for (const from of Object.values(manifest.files) as string[]) expect(from).toMatch(/^\.\.\/clusters\/[^/]+\.yaml$/);
    expect(readFileSync(join(state, '.gitignore'), 'utf8')).toMatch(/^\*\n!\.gitignore\n!manifest\.json\n$/m);
  });

  it('is byte-identical when rendered twice', () => {
    expect(tree(synthInto())).toEqual(first);
  });
});
