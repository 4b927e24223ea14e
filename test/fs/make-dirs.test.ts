/** makeDirs (src/fs/make-dirs.ts): `mkdir -p` that returns the first folder it made, in process. */
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../../src/fs/make-dirs.js';
import { tempDir } from '../helpers.js';

describe('makeDirs', () => {
  it('makes every missing folder and returns the first it made', () => {
    const root = tempDir();
    expect(makeDirs(join(root, 'a/b/c'))).toBe(join(root, 'a'));
    expect(statSync(join(root, 'a/b/c')).isDirectory()).toBe(true);
    expect(makeDirs(join(root, 'a/b/d'))).toBe(join(root, 'a/b/d'));
  });

  it('returns undefined for a folder that is there, through a relative path too', () => {
    const root = tempDir();
    mkdirSync(join(root, 'x'));
    expect(makeDirs(join(root, 'x'))).toBeUndefined();
    expect(makeDirs('.')).toBeUndefined();
  });

  it('a file in the way: EEXIST at the path, ENOTDIR below it, as mkdir -p says', () => {
    const root = tempDir();
    writeFileSync(join(root, 'f'), 'mine');
    expect(() => makeDirs(join(root, 'f'))).toThrow(expect.objectContaining({ code: 'EEXIST', path: join(root, 'f') }));
    for (const below of ['f/g', 'f/g/h']) {
      expect(() => makeDirs(join(root, below))).toThrow(expect.objectContaining({ code: 'ENOTDIR', syscall: 'mkdir', path: join(root, 'f/g') }));
    }
  });

  it('a link to nothing in the way: EEXIST at the link, nothing made through it', () => {
    const root = tempDir();
    symlinkSync(join(root, 'nowhere'), join(root, 'link'));
    expect(() => makeDirs(join(root, 'link/sub'))).toThrow(expect.objectContaining({ code: 'EEXIST', path: join(root, 'link') }));
    expect(statSync(join(root, 'nowhere'), { throwIfNoEntry: false })).toBeUndefined();
  });
});
