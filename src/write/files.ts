/**
 * The writer's two file operations: read what is at a path without ever blocking on it, and
 * replace a file so that it is complete or absent (a temporary beside it, every byte checked,
 * flushed, renamed over it). write-file-atomic does the same minus the byte check: Node's writeSync
 * returns a short count instead of failing (under `ulimit -f`, at the first write past the limit),
 * and a file cut there would be renamed into place.
 */
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, readSync, renameSync, type Stats, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { kindOf } from '../model/file-kind.js';

/** What a path holds, for the writer: nothing, a regular file (its bytes), or something else, described. */
export type Found = { kind: 'missing' } | { kind: 'file'; bytes: Buffer; mode: number } | { kind: 'other'; what: string };

/**
 * What is at `path`. Opened without following a link and without blocking (a FIFO would wait
 * for a writer forever), then checked to be a regular file before a byte is read.
 */
export function inspect(path: string): Found {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  if (!st.isFile()) return { kind: 'other', what: kindOf(st) };
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) return { kind: 'other', what: kindOf(now) };
    const bytes = Buffer.allocUnsafe(now.size);
    let got = 0;
    for (let n = 1; n > 0 && got < bytes.length; got += n) n = readSync(fd, bytes, got, bytes.length - got, got);
    return { kind: 'file', bytes: bytes.subarray(0, got), mode: now.mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
}

/** The temporary a write of `path` goes through; a killed run's is removed by the next (tree.ts). */
export function temporaryOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.k3s-cilium-cdk8s.tmp`);
}

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
 * Replaces (or creates) the regular file at `path` with `bytes`: complete or absent, whatever
 * fails or kills the run. `mode`: the replaced file's, kept (a user may have chmod-ed it).
 */
export function replaceFile(path: string, bytes: Uint8Array, durable: boolean, mode = 0o644): void {
  const tmp = temporaryOf(path);
  naming(path, () => {
    let fd: number;
    try {
      fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !lstatSync(tmp).isFile()) throw e;
      unlinkSync(tmp); // a killed run's, of this same path
      fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    }
    try {
      if (mode !== 0o644) fchmodSync(fd, mode);
      for (let done = 0; done < bytes.length;) {
        const n = writeSync(fd, bytes, done, bytes.length - done);
        // A write that takes no byte would loop forever; the next one would report why (EFBIG, ENOSPC).
        if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO', syscall: 'write' });
        done += n;
      }
      if (durable) fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, path);
    } catch (e) {
      try {
        closeSync(fd);
      } catch {
        // Closed already.
      }
      unlinkSync(tmp);
      throw e;
    }
  });
}
