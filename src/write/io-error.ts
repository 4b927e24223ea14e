/**
 * A filesystem error as one line: what failed, on which path, why, and what to do. Writers and
 * commands print it instead of a stack trace (the CLI exits 3); anything that is not an fs error
 * (no errno code and syscall) is a bug and is not described.
 */
import { relative } from 'node:path';
import { escapeControlCharacters } from '../model/control-characters.js';

interface Hint {
  readonly what: string;
  /** `{path}` becomes the path, `{out}` the output directory. */
  readonly todo: string;
}

const HINTS: ReadonlyMap<string, Hint> = new Map([
  ['EACCES', { what: 'permission denied', todo: 'check the owner and mode of {path} and its parent directories (ls -ld)' }],
  ['EPERM', { what: 'operation not permitted', todo: 'the file may be immutable (lsattr) or on a filesystem that forbids this; choose another --out' }],
  ['EROFS', { what: 'the filesystem is read-only', todo: 'remount it read-write, or choose an --out on a writable filesystem' }],
  ['ENOSPC', { what: 'no space left on the device', todo: 'free space or inodes (df -h, df -i): a write needs room for a second copy of the file it replaces' }],
  ['EDQUOT', { what: 'disk quota exceeded', todo: 'free space within your quota, or choose another --out' }],
  ['EFBIG', { what: 'file too large (a file size limit: ulimit -f, or the filesystem\'s)', todo: 'raise the limit (ulimit -f unlimited) or choose an --out on another filesystem' }],
  ['EEXIST', { what: 'a file is in the way of a directory', todo: 'remove or rename {path}, or choose another --out' }],
  ['EEXIST:open', { what: 'already exists', todo: 'another program created {path} while synth was writing; stop it and run again' }],
  ['EEXIST:link', { what: 'already exists', todo: 'another program created {path} while synth was writing; stop it and run again' }],
  ['ENOTDIR', { what: 'a path component is a file, not a directory', todo: 'remove or rename the file in the way (is --out or a parent a file?)' }],
  ['EISDIR', { what: 'is a directory where a file is expected', todo: 'remove or rename {path}' }],
  ['EBUSY', { what: 'busy (a mount point, or in use)', todo: 'unmount {path} or stop the program using it (synth never replaces a mount point)' }],
  ['ENAMETOOLONG', { what: 'name too long (at most 255 bytes a name, 4096 a path)', todo: 'use a shorter cluster name or a shorter --out' }],
  ['ELOOP', { what: 'too many symbolic links (a loop?)', todo: 'fix the symbolic links in {path}' }],
  ['EMFILE', { what: 'too many open files in this process', todo: 'raise the limit (ulimit -n 4096) and run again' }],
  ['ENFILE', { what: 'too many open files on the system', todo: 'close programs or raise fs.file-max, and run again' }],
  ['ENOENT', { what: 'no such file or directory (removed meanwhile?)', todo: 'make sure no other program deletes files under {out}, and run again' }],
  ['EIO', { what: 'input/output error reported by the device', todo: 'check the disk (dmesg) and run again once it is healthy' }],
  ['ESTALE', { what: 'stale network file handle', todo: 'remount the network filesystem and run again' }],
  ['EINVAL', { what: 'the filesystem refused this name or operation', todo: 'FAT, NTFS and SMB forbid some names and operations; choose another --out' }],
  ['ENODEV', { what: 'no such device (an unmounted volume?)', todo: 'check that the volume holding {out} is mounted' }],
]);

const VERBS: ReadonlyMap<string, string> = new Map([
  ['open', 'open'], ['write', 'write'], ['close', 'write'], ['fsync', 'flush'], ['mkdir', 'create directory'], ['rename', 'move'],
  ['unlink', 'delete'], ['rmdir', 'delete'], ['rm', 'delete'], ['link', 'link'], ['symlink', 'link'], ['scandir', 'list'], ['opendir', 'list'],
  ['lstat', 'inspect'], ['stat', 'inspect'], ['read', 'read'], ['readlink', 'inspect'], ['copyfile', 'copy'],
]);

type FsError = NodeJS.ErrnoException & { dest?: string };

/** Whether `e` is an error of a filesystem call (it has an errno code and the syscall that failed). */
export function isFsError(e: unknown): e is FsError {
  const err = e as FsError | undefined;
  return !!err && typeof err.code === 'string' && typeof err.syscall === 'string' && err.code.length > 1 && err.code.startsWith('E');
}

/** A path as printed: relative to the working directory when near it, else absolute; long names cut in the middle. */
export function shown(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  const p = rel === '' ? '.' : rel.startsWith('../../') || rel.length > path.length ? path : rel;
  return p.split('/').map((s) => (s.length > 64 ? `${s.slice(0, 30)}…(${s.length} bytes)…${s.slice(-20)}` : s)).join('/');
}

/** The one line for an fs error (no prefix), or undefined when `e` is not one. `out` is the output directory named in hints. */
export function describeIoError(e: unknown, out?: string, cwd = process.cwd()): string | undefined {
  if (!isFsError(e)) return undefined;
  const path = e.path ? shown(e.path, cwd) : '(unknown path)';
  const dest = e.dest ? ` → ${shown(e.dest, cwd)}` : '';
  const hint = HINTS.get(`${e.code}:${e.syscall}`) ?? HINTS.get(e.code!);
  const verb = VERBS.get(e.syscall!) ?? e.syscall;
  const what = hint?.what ?? e.code;
  const todo = (hint?.todo ?? 'run again; if it fails again, report it with this line')
    .replace('{path}', e.code === 'EEXIST' && e.dest ? shown(e.dest, cwd) : path)
    .replace('{out}', out ? shown(out, cwd) : '--out');
  return escapeControlCharacters(`cannot ${verb} ${path}${dest}: ${what} (${e.code}); ${todo}`);
}
