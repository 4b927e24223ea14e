/** A filesystem error as one line (what failed, on which path, why, what to do), printed by every command instead of a stack trace (exit 3). */
import { relative } from 'node:path';
import { escapeControlCharacters } from '../model/control-characters.js';

/** Code (or `code:syscall`) → what it means, what to do (`{path}`: the path, `{out}`: the output folder). */
const HINTS: Readonly<Record<string, readonly [string, string]>> = {
  EACCES: ['permission denied', 'check the owner and mode of {path} and its parent directories (ls -ld)'],
  EPERM: ['operation not permitted', 'the file may be immutable (lsattr) or on a filesystem that forbids this; choose another --out'],
  EROFS: ['the filesystem is read-only', 'remount it read-write, or choose an --out on a writable filesystem'],
  ENOSPC: ['no space left on the device', 'free space or inodes (df -h, df -i): a write needs room for a second copy of the file it replaces'],
  EDQUOT: ['disk quota exceeded', 'free space within your quota, or choose another --out'],
  EFBIG: ['file too large (a file size limit: ulimit -f, or the filesystem\'s)', 'raise the limit (ulimit -f unlimited) or choose an --out on another filesystem'],
  EEXIST: ['a file is in the way of a directory', 'remove or rename {path}, or choose another --out'],
  'EEXIST:open': ['already exists', 'another program created {path} while synth was writing; stop it and run again'],
  ENOTDIR: ['a path component is a file, not a directory', 'remove or rename the file in the way (is --out or a parent a file?)'],
  EISDIR: ['is a directory where a file is expected', 'remove or rename {path}'],
  EBUSY: ['busy (a mount point, or in use)', 'unmount {path} or stop the program using it (synth never replaces a mount point)'],
  ENAMETOOLONG: ['name too long (at most 255 bytes a name, 4096 a path)', 'use a shorter cluster name or a shorter --out'],
  ELOOP: ['too many symbolic links (a loop?)', 'fix the symbolic links in {path}'],
  EMFILE: ['too many open files in this process', 'raise the limit (ulimit -n 4096) and run again'],
  ENFILE: ['too many open files on the system', 'close programs or raise fs.file-max, and run again'],
  ENOENT: ['no such file or directory (removed meanwhile?)', 'make sure no other program deletes files under {out}, and run again'],
  EIO: ['input/output error reported by the device', 'check the disk (dmesg) and run again once it is healthy'],
  ESTALE: ['stale network file handle', 'remount the network filesystem and run again'],
  EINVAL: ['the filesystem refused this name or operation', 'FAT, NTFS and SMB forbid some names and operations; choose another --out'],
  ENODEV: ['no such device (an unmounted volume?)', 'check that the volume holding {out} is mounted'],
};

/** Syscall → verb, where they differ. */
const VERBS: Readonly<Record<string, string>> = {
  close: 'write', fsync: 'flush', mkdir: 'create directory', rename: 'move', unlink: 'delete', rmdir: 'delete', rm: 'delete', scandir: 'list',
  lstat: 'inspect', stat: 'inspect', readlink: 'inspect',
};

/** The working directory, or undefined when it was removed (process.cwd() throws ENOENT). */
export function workingDirectory(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** A path as printed: relative to the working directory when near it, else absolute; long names cut in the middle. */
export function shown(path: string, cwd = workingDirectory()): string {
  const rel = cwd === undefined ? path : relative(cwd, path);
  const p = rel === '' ? '.' : rel.startsWith('../../') || rel.length > path.length ? path : rel;
  return p.split('/').map((s) => (s.length > 64 ? `${s.slice(0, 30)}…(${s.length} bytes)…${s.slice(-20)}` : s)).join('/');
}

/** The one line for an fs error (no prefix), or undefined when `e` is not one. `out` is the output directory named in hints. */
export function describeIoError(e: unknown, out?: string, cwd = workingDirectory()): string | undefined {
  const err = e as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  // An fs error has an errno code and the syscall that failed; anything else is a bug.
  if (typeof err?.code !== 'string' || typeof err.syscall !== 'string' || !err.code.startsWith('E') || err.code.length < 2) return undefined;
  const { code, syscall, dest } = err;
  const path = err.path ? shown(err.path, cwd) : '(unknown path)';
  const [what, todo] = HINTS[`${code}:${syscall}`] ?? HINTS[code] ?? [code, 'run again; if it fails again, report it with this line'];
  const fix = todo.replace('{path}', code === 'EEXIST' && dest ? shown(dest, cwd) : path).replace('{out}', out ? shown(out, cwd) : '--out');
  return escapeControlCharacters(`cannot ${VERBS[syscall] ?? syscall} ${path}${dest ? ` → ${shown(dest, cwd)}` : ''}: ${what} (${code}); ${fix}`);
}
