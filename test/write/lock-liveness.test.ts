/**
 * The lock's liveness rule, in process (lock.test.ts proves it with real processes and namespaces,
 * which mutation testing cannot see): a lock from this kernel and PID namespace is alive while its
 * pid runs with the recorded start time; any other (another namespace, no namespace recorded, an
 * unreadable file) while its heartbeat is younger than STALE_MS. A live lock is refused with a
 * message naming its holder and the lock file; an abandoned one is taken.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, lutimesSync, mkdirSync, readFileSync, statSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shown } from '../../src/write/io-error.js';
import { acquireLock, LockHeldError, STALE_MS } from '../../src/write/lock.js';
import { tempDir } from './trees.js';

const here = () => `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()} ${readlinkSync('/proc/self/ns/pid')}`;
/** Field 22 of /proc/self/stat: this process's start time. */
const myStart = () => readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ')[19];

/** A lock file at a fresh path holding `text`, its heartbeat `ageMs` old. */
function lockFile(text: string, ageMs = 0): string {
  const path = join(tempDir('k3scc-lock-live-'), 'lock');
  writeFileSync(path, text);
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
  return path;
}
const holder = (fields: Record<string, unknown>) => `${JSON.stringify({ pid: 4242, host: 'elsewhere', argv: ['synth', '--out', 'x'], ...fields })}\n`;

/** Acquires the lock: what the file then holds, or the error's message. */
function take(path: string): { mine: boolean; error?: string } {
  try {
    const lock = acquireLock(path);
    const mine = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string; where: string; start: string; argv: string[] };
    expect(mine).toEqual({ pid: process.pid, host: hostname(), where: here(), start: myStart(), argv: process.argv.slice(1) });
    lock.release();
    return { mine: true };
  } catch (e) {
    expect(e).toBeInstanceOf(LockHeldError);
    return { mine: false, error: (e as Error).message };
  }
}

describe('the lock\'s liveness rule', () => {
  it('a lock of this namespace whose pid runs with its start time is alive: refused, naming the holder and the lock file', () => {
    const path = lockFile(holder({ pid: process.pid, where: here(), start: myStart() }), 10 * STALE_MS);
    const r = take(path);
    expect(r.mine).toBe(false);
    expect(r.error).toBe(`the output is locked by another synth: pid ${process.pid} on elsewhere (synth --out x); wait for it to finish or stop it. `
      + `If no synth is running, remove ${shown(path)}; a lock left by another machine, container or PID namespace also clears itself 60 s after its last heartbeat`);
    expect(readFileSync(path, 'utf8')).toBe(holder({ pid: process.pid, where: here(), start: myStart() }));
  });

  it('a lock of this namespace whose pid ended, or runs with another start time, or records none, is taken at once, even with a fresh heartbeat', () => {
    for (const fields of [{ pid: 2 ** 22 + 1, start: myStart() }, { pid: process.pid, start: '1' }, { pid: process.pid }]) {
      const path = lockFile(holder({ where: here(), ...fields }));
      expect(take(path)).toEqual({ mine: true });
    }
  });

  it('a lock from elsewhere, without a namespace or unreadable is alive until its heartbeat is STALE_MS old', () => {
    const texts = [holder({ pid: process.pid, where: 'another-boot pid:[1]', start: myStart() }), holder({ pid: process.pid, start: myStart() }), '{"pid":', ''];
    for (const text of texts) {
      const fresh = take(lockFile(text, STALE_MS - 5_000));
      expect(fresh.mine, text).toBe(false);
      expect(fresh.error).toContain(text.length > 8 ? `pid ${process.pid} on elsewhere (synth --out x)` : 'a run whose lock file this version cannot read');
      expect(take(lockFile(text, STALE_MS + 5_000)), text).toEqual({ mine: true });
    }
  });

  it('a holder without an integer pid, a host or an argv counts as unreadable', () => {
    for (const fields of [{ pid: '4242' }, { pid: 1.5 }, { host: 7 }, { argv: 'synth' }]) {
      expect(take(lockFile(holder({ where: 'elsewhere', ...fields })))).toMatchObject({ error: expect.stringContaining('this version cannot read') });
    }
  });

  it('a lock that cannot be created is the fs error on the lock file (no lock taken); release leaves another holder\'s lock', () => {
    const path = join(tempDir('k3scc-lock-live-'), 'missing', 'lock');
    expect(() => acquireLock(path)).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'open', path }));
    mkdirSync(join(path, '..'));
    const lock = acquireLock(path);
    writeFileSync(path, holder({}));
    lock.release();
    expect(readFileSync(path, 'utf8')).toBe(holder({}));
  });

  it('beat refreshes the heartbeat; release removes this run\'s lock', () => {
    const path = join(tempDir('k3scc-lock-live-'), 'lock');
    const lock = acquireLock(path);
    const old = new Date(Date.now() - 10 * STALE_MS);
    utimesSync(path, old, old);
    lock.beat();
    expect(statSync(path).mtimeMs).toBeGreaterThan(old.getTime() + STALE_MS);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('a folder, a link or a FIFO where the lock goes is refused at once, whatever its age, naming it; it is left for the user to remove', () => {
    const dir = tempDir('k3scc-lock-kind-');
    const cases: [string, (p: string) => void, string][] = [
      ['folder', (p) => mkdirSync(p), 'a folder'],
      ['link', (p) => symlinkSync(join(dir, 'nowhere'), p), 'a symbolic link'],
      ['fifo', (p) => execFileSync('mkfifo', [p]), 'a FIFO'],
    ];
    for (const [name, make, kind] of cases) {
      const path = join(dir, name);
      make(path);
      const t = new Date(Date.now() - 2 * STALE_MS);
      lutimesSync(path, t, t);
      expect(take(path), name).toEqual({ mine: false, error: `${shown(path)} is ${kind}, not a lock file synth writes; remove it and run synth again` });
      expect(lstatSync(path).isFile(), name).toBe(false);
    }
  });
});
