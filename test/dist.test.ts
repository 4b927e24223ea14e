/**
 * The committed dist/ is what the code renders from clusters/, and rendering is byte-for-byte
 * repeatable. Generic on purpose: a user who edits or adds clusters and re-renders stays green.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSynth } from '../src/cli/cmds/synth.js';
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

  it('is byte-identical when rendered twice', () => {
    expect(tree(synthInto())).toEqual(first);
  });
});
