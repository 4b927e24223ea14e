/**
 * No leftovers: tempDir (test/helpers.ts) removes a test's folder when the test ends, passed or
 * failed, and puts it in the run's own temporary directory, which test/global-setup.ts checks is
 * empty when the run ends (it fails the run otherwise).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

describe('tempDir', () => {
  const outside = tempDir('k3s-cilium-file-level-');
  const made: string[] = [];

  it('makes a folder in the run\'s temporary directory, which the child processes of tests use too', () => {
    made.push(tempDir());
    writeFileSync(join(made[0], 'a'), 'a');
    expect(dirname(made[0])).toBe(tmpdir());
    expect(basename(tmpdir())).toMatch(/^k3s-cilium-test-run-/);
    expect(process.env.TMPDIR).toBe(tmpdir());
  });

  it('removed the folder of the test before when it passed; one made outside a test stays until the file ends', () => {
    expect(existsSync(made[0])).toBe(false);
    expect(existsSync(outside)).toBe(true);
  });

  it.fails('removes the folder of a test that fails (this one fails on purpose)', () => {
    made.push(tempDir());
    writeFileSync(join(made[1], 'a'), 'a');
    expect(made[1]).toBe('a test that fails');
  });

  it('removed the folder of the failed test before', () => {
    expect(made).toHaveLength(2);
    expect(existsSync(made[1])).toBe(false);
  });
});
