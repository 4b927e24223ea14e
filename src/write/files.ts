/**
 * Reading a path without following a link or blocking, and replacing a file complete or absent.
 * Not write-file-atomic: it ignores a short write (under `ulimit -f` the first write past the limit
 * returns short instead of failing), so a cut file would be renamed into place; and its temporary's
 * name changes every run, so the next run could not find a killed run's to remove it.
 */
import { chmodSync, closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { kindOf } from '../model/file-kind.js';

/** Nothing, a regular file (its bytes and mode), or something else, described. */
export type Found = { kind: 'missing' } | { kind: 'file'; bytes: Buffer; mode: number } | { kind: 'other'; what: string };

/** `fn()`, or undefined when it throws. */
export function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** What is at `path`. Only a regular file is opened (a FIFO would wait for a writer forever), and checked again once open. */
export function inspect(path: string): Found {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st?.isFile()) return st ? { kind: 'other', what: kindOf(st) } : { kind: 'missing' };
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const now = fstatSync(fd);
    return now.isFile() ? { kind: 'file', bytes: readFileSync(fd), mode: now.mode & 0o7777 } : { kind: 'other', what: kindOf(now) };
  } finally {
    closeSync(fd);
  }
}

/** The temporary a write of `path` goes through; a killed run's is removed by the next (tree.ts). */
export const temporaryOf = (path: string): string => join(dirname(path), `.${basename(path)}.k3s-cilium-cdk8s.tmp`);

/** Runs `fn`, naming `path` in its error (the temporary's name, or none for write(2), would mean nothing to a user). */
export function naming<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw Object.assign(e as Error, { path, dest: undefined });
  }
}

/**
 * Replaces (or creates) `path`, complete or absent whatever fails or kills the run: its temporary
 * created (`wx`, O_EXCL: never through a link or into a file that is there), written, flushed
 * (fsync), renamed over. writeFileSync writes a Buffer until every byte is taken, so a short write
 * becomes the next write's error (EFBIG, ENOSPC); a string would take a C++ path that ignores
 * `flush`. `mode`: the replaced file's, kept exactly (not narrowed by the umask).
 */
export function replaceFile(path: string, bytes: Buffer, flush: boolean, mode = 0o644): void {
  const tmp = temporaryOf(path);
  naming(path, () => {
    try {
      writeFileSync(tmp, bytes, { flag: 'wx', mode, flush });
      if (mode !== 0o644) chmodSync(tmp, mode);
      renameSync(tmp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).syscall !== 'open') rmSync(tmp, { force: true });
      throw e;
    }
  });
}
