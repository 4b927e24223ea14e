/**
 * The committed dist/ is what the code renders from clusters/, and rendering is byte-for-byte
 * repeatable. Generic on purpose: a user who edits or adds clusters and re-renders stays green.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSynth } from '../src/cli/cmds/synth.js';
import { MANIFEST_FILE, STATE_DIR } from '../src/write/tree.js';
import { readTree as tree, ROOT, tempDir } from './helpers.js';

const quiet = { stdout: () => {}, stderr: () => {} };

/** The tree synth renders from clusters/ into a temporary folder, removed again. */
function synthTree(): Record<string, string> {
  const out = tempDir('k3s-cilium-dist-');
  try {
    expect(runSynth(['--config', join(ROOT, 'clusters'), '--out', out], quiet)).toBe(0);
    return tree(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('dist/', () => {
  const first = synthTree();

  it('is what the code renders (run `npm run synth` and commit dist/ when this fails)', () => {
    expect(tree(join(ROOT, 'dist'))).toEqual(first);
  });

  it('records what synth wrote, by cluster with its cluster file, each file with its hash, in a committed manifest', () => {
    const state = join(ROOT, 'dist', STATE_DIR);
    const manifest = JSON.parse(readFileSync(join(state, MANIFEST_FILE), 'utf8'));
    const clusters = Object.values(manifest.clusters) as { source: string; files: Record<string, string> }[];
    expect(clusters.flatMap((c) => Object.keys(c.files)).sort()).toEqual(Object.keys(first).sort());
    for (const { source, files } of clusters) {
      expect(source).toMatch(/^\.\.\/clusters\/[^/]+\.yaml$/);
      for (const [path, hash] of Object.entries(files)) expect(createHash('sha256').update(first[path]).digest('hex')).toBe(hash);
    }
    expect(readFileSync(join(state, '.gitignore'), 'utf8')).toMatch(/^\*\n!\.gitignore\n!manifest\.json\n$/m);
  });

  it('is byte-identical when rendered twice', () => {
    expect(synthTree()).toEqual(first);
  });
});
