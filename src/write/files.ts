/**
 * The writer's two file operations: read what is at a path without ever blocking on it, and
 * replace a file so that it is complete or absent. Not write-file-atomic: it writes with one
 * writeSync and ignores a short count (under `ulimit -f` the first write past the limit returns
 * short instead of failing), so a cut file would be renamed into place; and its temporary's name
 * changes with every run, so the next run could not find a killed run's to remove it.
 */
import { chmodSync, closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { kindOf } from '../model/file-kind.js';

/** What a path holds: nothing, a regular file (its bytes and mode), or something else, described. */
export type Found = { kind: 'missing' } | { kind: 'file'; bytes: Buffer; mode: number } | { kind: 'other'; what: string };

/** What is at `path`: never follows a link, never blocks (a FIFO would wait for a writer forever), reads only a regular file. */
export function inspect(path: string): Found {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return { kind: 'missing' };
  if (!st.isFile()) return { kind: 'other', what: kindOf(st) };
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const now = fstatSync(fd); // replaced since the lstat?
    return now.isFile() ? { kind: 'file', bytes: readFileSync(fd), mode: now.mode & 0o7777 } : { kind: 'other', what: kindOf(now) };
  } finally {
    closeSync(fd);
  }
}

/** The temporary a write of `path` goes through; a killed run's is removed by the next (tree.ts). */
export const temporaryOf = (path: string): string => join(dirname(path), `.${basename(path)}.k3s-cilium-cdk8s.tmp`);

/** Names `path` in an fs error (the temporary's name, or none for a write(2) error, would mean nothing to a user). */
export function naming<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e) Object.assign(e, { path, dest: undefined });
    throw e;
  }
}

/**
 * Replaces (or creates) the regular file at `path` with `bytes`, complete or absent whatever fails
 * or kills the run: written to its temporary, flushed (`flush`: fsync), renamed over. `'wx'`
 * (O_EXCL) never writes through a link or into a file that is there. writeFileSync writes a Buffer
 * until every byte is taken, so a short write becomes the next write's error (EFBIG, ENOSPC); a
 * string would take its C++ path, which ignores `flush`. `mode`: the replaced file's, kept.
 */
export function replaceFile(path: string, bytes: Buffer, flush: boolean, mode = 0o644): void {
  const tmp = temporaryOf(path);
  naming(path, () => {
    try {
      writeFileSync(tmp, bytes, { flag: 'wx', mode, flush });
      if (mode !== 0o644) chmodSync(tmp, mode); // not narrowed by the umask
      renameSync(tmp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).syscall !== 'open') rmSync(tmp, { force: true });
      throw e;
    }
  });
}
