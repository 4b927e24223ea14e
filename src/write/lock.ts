/**
 * One writer at a time on an output tree: `<out>/.k3s-cilium-cdk8s/lock`, created exclusively
 * (open O_EXCL: exactly one contender wins). Its content names the holder; its mtime is the holder's
 * heartbeat, refreshed after every cluster the holder writes.
 *
 * Liveness, for a lock another run holds:
 * - the holder ran in this kernel and this PID namespace (same boot id and PID-namespace inode):
 *   it is alive exactly while its pid runs with the same start time, so a SIGKILLed run's lock is
 *   taken over at once;
 * - anywhere else (another PID namespace, container or host on a shared volume, where a pid means
 *   nothing): it is alive while its heartbeat is younger than {@link STALE_MS}.
 *
 * Why not proper-lockfile: its only liveness rule is the mtime, refreshed by a timer that cannot
 * fire while this synchronous writer runs, so a long write would lose its lock; and a killed run's
 * lock would block every next run on the same machine for the stale time. flock(2) would need a
 * native addon, which the one-file CLI bundle cannot hold.
 */
import { closeSync, futimesSync, lstatSync, openSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { naming } from './files.js';
import { shown } from './io-error.js';

/** A lock whose heartbeat is older than this, held outside our PID namespace, is abandoned. */
export const STALE_MS = 60_000;

interface Holder {
  readonly pid: number;
  readonly host: string;
  /** /proc/sys/kernel/random/boot_id and the inode of /proc/self/ns/pid: where `pid` means something. */
  readonly where?: string;
  /** Field 22 of /proc/self/stat (clock ticks after boot): tells a reused pid. */
  readonly start?: string;
  readonly argv: readonly string[];
}

/** The tree is locked by another run that is (or may be) still alive. */
export class LockHeldError extends Error {}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function where(): string | undefined {
  try {
    return `${read('/proc/sys/kernel/random/boot_id')?.trim()} ${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return undefined;
  }
}

/** Start time of a process as seen through /proc (comm, field 2, may hold spaces and parentheses). */
function startOf(pid: number | 'self'): string | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function alive(h: Holder, ageMs: number): boolean {
  const here = where();
  if (h.where === undefined || here === undefined || h.where !== here) return ageMs < STALE_MS;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  return h.start === undefined || startOf(h.pid) === h.start;
}

function parse(text: string | undefined): Holder | undefined {
  try {
    const h = JSON.parse(text ?? '') as Holder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' && Array.isArray(h.argv) ? h : undefined;
  } catch {
    return undefined;
  }
}

export interface Lock {
  /**
   * Throws {@link LockHeldError} when the lock file no longer holds this run's content: another run
   * judged it abandoned (no heartbeat for {@link STALE_MS} from another PID namespace) and took it.
   * Called before each commit, so a run that lost its lock writes nothing more.
   */
  check(): void;
  /** {@link check}, then refreshes the heartbeat (after each cluster). */
  beat(): void;
  release(): void;
}

/** Takes the lock at `path` (its folder exists) or throws {@link LockHeldError}. */
export function acquireLock(path: string): Lock {
  const me: Holder = { pid: process.pid, host: hostname(), where: where(), start: startOf('self'), argv: process.argv.slice(1) };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw e;
      const text = read(path);
      let age: number;
      try {
        age = Date.now() - lstatSync(path).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      const other = parse(text);
      // Unreadable (a run killed between creating and filling it): judged by its age alone.
      if (other === undefined ? age < STALE_MS : alive(other, age)) throw heldError(path, other);
      // Abandoned: moved aside under a private name, then checked to be what was judged (a contender may have replaced it).
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
      } catch {
        continue;
      }
      const moved = read(aside);
      unlinkSync(aside);
      if (moved !== text) throw heldError(path, parse(moved));
      continue;
    }
    const mine = `${JSON.stringify(me)}\n`;
    try {
      const bytes = Buffer.from(mine);
      // A lock file is a few hundred bytes: one write takes it whole, or fails (ENOSPC), or it is cut (a size limit of under 1 KiB).
      naming(path, () => {
        if (writeSync(fd, bytes) !== bytes.length) throw Object.assign(new Error('short write'), { code: 'EFBIG', syscall: 'write' });
      });
    } catch (e) {
      closeSync(fd);
      unlinkSync(path);
      throw e;
    }
    const check = () => {
      const now = read(path);
      if (now !== mine) {
        const other = parse(now);
        throw new LockHeldError(`the lock ${shown(path)} was taken over while this synth ran (it wrote no heartbeat for ${STALE_MS / 1000} s): `
          + `${other ? `now held by pid ${other.pid} on ${other.host}` : 'it is gone'}; nothing more was written. `
          + 'Run synth again when no other synth writes this output');
      }
    };
    return {
      check,
      beat() {
        check();
        futimesSync(fd, new Date(), new Date());
      },
      release() {
        closeSync(fd);
        if (read(path) === mine) unlinkSync(path);
      },
    };
  }
}

function heldError(path: string, h: Holder | undefined): LockHeldError {
  const who = h ? `pid ${h.pid} on ${h.host} (${h.argv.join(' ')})` : 'a run whose lock file this version cannot read';
  return new LockHeldError(`the output is locked by another synth: ${who}; wait for it to finish or stop it. `
    + `If no synth is running, remove ${shown(path)}; a lock left by another machine, container or PID namespace `
    + `also clears itself ${STALE_MS / 1000} s after its last heartbeat`);
}
