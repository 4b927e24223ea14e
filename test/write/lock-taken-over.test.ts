/**
 * A run whose lock another run took over (it judged the lock abandoned: no heartbeat for the stale
 * time, from another PID namespace) commits nothing more: no cluster, no manifest; and it leaves the
 * new holder's lock file alone.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError } from '../../src/write/lock.js';
import { LOCK_FILE, MANIFEST_FILE, STATE_DIR } from '../../src/write/manifest.js';
import { OutputTree } from '../../src/write/tree.js';
import { tempDir } from '../helpers.js';

const temp = () => tempDir('k3s-cilium-lock-taken-');
const OTHER = `${JSON.stringify({ pid: 4242, host: 'elsewhere', argv: ['synth'] })}\n`;

describe('a lock taken over', () => {
  it('check and beat pass while the lock is this run\'s, and throw once another holds it; release leaves the other\'s lock', () => {
    const path = join(temp(), 'lock');
    const lock = acquireLock(path);
    expect(() => lock.check()).not.toThrow();
    expect(() => lock.beat()).not.toThrow();
    writeFileSync(path, OTHER);
    expect(() => lock.check()).toThrow(LockHeldError);
    expect(() => lock.beat()).toThrow(/was taken over while this synth ran .*now held by pid 4242 on elsewhere; nothing more was written/);
    lock.release();
    expect(readFileSync(path, 'utf8')).toBe(OTHER);
  });

  it('a removed lock counts as lost too', () => {
    const path = join(temp(), 'lock');
    const lock = acquireLock(path);
    rmSync(path);
    expect(() => lock.check()).toThrow(/it is gone/);
    lock.release();
  });

  it('the writer writes no further cluster and no manifest', () => {
    const out = join(temp(), 'dist');
    const tree = OutputTree.open(out, { durable: false });
    try {
      tree.write('a', new Map([['a/x.yaml', 'a: 1\n']]), '-');
      expect(readFileSync(join(out, 'a/x.yaml'), 'utf8')).toBe('a: 1\n');
      writeFileSync(join(out, STATE_DIR, LOCK_FILE), OTHER);
      expect(() => tree.write('b', new Map([['b/x.yaml', 'b: 1\n']]), '-')).toThrow(LockHeldError);
      expect(existsSync(join(out, 'b'))).toBe(false);
      expect(() => tree.finish()).toThrow(LockHeldError);
      expect(existsSync(join(out, STATE_DIR, MANIFEST_FILE))).toBe(false);
    } finally {
      tree.close();
    }
    expect(readFileSync(join(out, STATE_DIR, LOCK_FILE), 'utf8')).toBe(OTHER);
  });
});
