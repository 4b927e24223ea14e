/**
 * The one line every command prints for a filesystem error, in process (io-errors.test.ts meets the
 * real errors in child processes): what failed in the user's words, on which path, what it means and
 * what to do, for every error code a write can meet; anything that is not an fs error is left to
 * the caller (a bug, with its stack).
 */
import { describe, expect, it } from 'vitest';
import { describeIoError, shown } from '../../src/write/io-error.js';

const fsError = (code: string, syscall: string, path?: string, dest?: string) => Object.assign(new Error(code), { code, syscall, path, dest });
const CWD = '/home/me/repo';

/** Every code a write may meet: none is shown as its bare code with the generic advice. */
const CODES = ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EFBIG', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EBUSY', 'ENAMETOOLONG', 'ELOOP', 'EMFILE', 'ENFILE',
  'ENOENT', 'EIO', 'ESTALE', 'EINVAL', 'ENODEV'];

describe('an fs error as one line', () => {
  it('every known code says what it means and what to do, in words, and names the path where the fix needs it', () => {
    const seen = new Set<string>();
    for (const code of CODES) {
      const line = describeIoError(fsError(code, 'mkdir', '/home/me/repo/dist/a'), '/home/me/repo/dist', CWD)!;
      const m = /^cannot create directory dist\/a: (.+) \((E[A-Z]+)\); (.+)$/.exec(line);
      expect(m, line).not.toBeNull();
      const [, what, shownCode, todo] = m!;
      expect(shownCode).toBe(code);
      expect(what, code).toMatch(/^[a-z][a-z ,/:'()-]{8,}/);
      expect(todo, code).toMatch(/^[a-zA-Z][^{}]{15,}$/);
      expect(todo, code).not.toContain('report it');
      seen.add(`${what}|${todo}`);
    }
    expect(seen.size).toBe(CODES.length);
    const fix = (code: string) => describeIoError(fsError(code, 'open', '/home/me/repo/dist/a'), '/home/me/repo/dist', CWD)!.split('; ').slice(1).join('; ');
    expect(fix('EACCES')).toBe('check the owner and mode of dist/a and its parent directories (ls -ld)');
    expect(fix('EISDIR')).toBe('remove or rename dist/a');
    expect(fix('ELOOP')).toBe('fix the symbolic links in dist/a');
    expect(fix('EBUSY')).toBe('unmount dist/a or stop the program using it (synth never replaces a mount point)');
    expect(fix('ENOENT')).toBe('make sure no other program deletes files under dist, and run again');
    expect(fix('ENODEV')).toBe('check that the volume holding dist is mounted');
    expect(describeIoError(fsError('ENOENT', 'open', '/x'), undefined, CWD)).toContain('deletes files under --out, and run again');
  });

  it('says the syscall as the user\'s verb', () => {
    const verbs = { close: 'write', fsync: 'flush', mkdir: 'create directory', rename: 'move', unlink: 'delete', rmdir: 'delete', rm: 'delete', scandir: 'list',
      lstat: 'inspect', stat: 'inspect', readlink: 'inspect', open: 'open', write: 'write', chmod: 'chmod' };
    for (const [syscall, verb] of Object.entries(verbs)) {
      expect(describeIoError(fsError('EIO', syscall, '/home/me/repo/f'), undefined, CWD)).toMatch(new RegExp(`^cannot ${verb} f: input/output error`));
    }
  });

  it('an EEXIST on open is another program\'s file; a rename names both ends, and EEXIST fixes the one in the way', () => {
    expect(describeIoError(fsError('EEXIST', 'open', '/home/me/repo/a'), undefined, CWD))
      .toBe('cannot open a: already exists (EEXIST); another program created a while synth was writing; stop it and run again');
    expect(describeIoError(fsError('EEXIST', 'rename', '/home/me/repo/a', '/home/me/repo/b'), undefined, CWD))
      .toBe('cannot move a → b: a file is in the way of a directory (EEXIST); remove or rename b, or choose another --out');
    expect(describeIoError(fsError('EISDIR', 'rename', '/home/me/repo/a', '/home/me/repo/b'), undefined, CWD))
      .toBe('cannot move a → b: is a directory where a file is expected (EISDIR); remove or rename a');
  });

  it('an unknown code is shown as itself with the generic advice; no path is "(unknown path)"; control characters escaped', () => {
    expect(describeIoError(fsError('EXDEV', 'rename'), undefined, CWD)).toBe('cannot move (unknown path): EXDEV (EXDEV); run again; if it fails again, report it with this line');
    expect(describeIoError(fsError('EIO', 'open', '/home/me/repo/a\nb'), undefined, CWD)).not.toContain('\n');
  });

  it('anything that is not an fs error is not described', () => {
    for (const e of [undefined, null, new Error('bug'), { code: 'EIO' }, { syscall: 'open' }, { code: 5, syscall: 'open' }, { code: 'EIO', syscall: 5 },
      { code: 'XIO', syscall: 'open' }, { code: 'E', syscall: 'open' }]) {
      expect(describeIoError(e, undefined, CWD), JSON.stringify(e)).toBeUndefined();
    }
    expect(describeIoError({ code: 'EX', syscall: 'open' }, undefined, CWD)).toBe('cannot open (unknown path): EX (EX); run again; if it fails again, report it with this line');
  });
});

describe('a path as printed', () => {
  it('relative near the working directory, absolute far from it; "." for the directory itself', () => {
    expect(shown('/home/me/repo/dist/a', CWD)).toBe('dist/a');
    expect(shown('/home/me/repo', CWD)).toBe('.');
    expect(shown('/home/me/other/a', CWD)).toBe('../other/a');
    expect(shown('/home/x/a', CWD)).toBe('/home/x/a');
    expect(shown('/a', CWD)).toBe('/a');
    expect(shown('/x', '/ab')).toBe('/x'); // '../x' is longer
    expect(shown('/x/z', '/x/y')).toBe('../z'); // as long as '/x/z': the relative one
    expect(shown('/ab/x', '/ab')).toBe('x');
  });

  it('a name over 64 characters cut in the middle with its length; 64 kept', () => {
    expect(shown(`/home/me/repo/${'a'.repeat(64)}/b`, CWD)).toBe(`${'a'.repeat(64)}/b`);
    const long = `${'a'.repeat(30)}${'m'.repeat(15)}${'z'.repeat(20)}`;
    expect(shown(`/home/me/repo/${long}`, CWD)).toBe(`${'a'.repeat(30)}…(65 bytes)…${'z'.repeat(20)}`);
  });
});
