/**
 * One writer at a time on an output tree: a lock file `<state dir>/lock` whose content names the
 * holder (pid, host, boot id, process start time, command line, since when).
 *
 * The file is written complete under a private name and then hard-linked to `lock`: link(2) fails
 * with EEXIST when the name exists, so exactly one contender wins and no reader ever sees a
 * half-written lock. A lock whose holder is gone (no such pid, another boot, or a pid reused by a
 * process that started later) is stale and is taken over at once, with no timeout to wait out
 * after a SIGKILL. A holder on another host (a shared volume) cannot be checked and counts as alive.
 *
 * Why not a library: proper-lockfile (the usual choice) records no holder, so the message could not
 * name the other run; it judges staleness by an mtime that a timer refreshes, which cannot run while
 * the synchronous writer blocks the event loop (a long write would have its lock taken over); and
 * after a SIGKILL the next run is refused until the stale time passes. `lockfile` has the same mtime
 * rule and is deprecated; flock(2) needs a native addon, which the one-file bundle cannot hold.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { withPath } from './io-error.js';

/** What a lock file says about the run holding it. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** /proc/sys/kernel/random/boot_id: tells a lock left before a reboot. */
  readonly bootId?: string;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot): tells a reused pid. */
  readonly startTicks?: string;
  readonly argv: readonly string[];
  /** ISO time the lock was taken (run state, never part of the rendered tree). */
  readonly since: string;
  /** Random: tells two locks of one pid apart. */
  readonly token: string;
}

/** The tree is locked by another run that is still alive. */
export class LockHeldError extends Error {
  constructor(public readonly holder: LockHolder | undefined, public readonly lockPath: string) {
    super(holder
      ? `the output is locked by another run: pid ${holder.pid} on ${holder.host} since ${holder.since} (${holder.argv.join(' ')}); `
        + 'wait for it to finish, or stop that process'
      : `the output is locked by another run (${lockPath} is not a lock this tool can read); remove it if no synth is running`);
  }
}

export interface Lock {
  readonly holder: LockHolder;
  /** Whether the lock is still this run's (checked before the commit point). */
  held(): boolean;
  release(): void;
}

/** The name of a lock file; names that {@link isLockLeftover} accepts are the temporaries of lock attempts. */
export const LOCK_FILE = 'lock';

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

const bootId = () => readOrUndefined('/proc/sys/kernel/random/boot_id')?.trim();

function startTicks(pid: number): string | undefined {
  let stat: string | undefined;
  try {
    stat = readOrUndefined(`/proc/${pid}/stat`);
  } catch {
    return undefined;
  }
  if (!stat) return undefined;
  // comm (field 2) may hold spaces and parentheses: the fields after the last ')' are fixed.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** Whether a process with this pid runs on this host (EPERM: it does, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Whether the recorded holder still runs. Unknown counts as alive: a live lock is never taken over. */
function holderAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  const boot = bootId();
  if (h.bootId && boot && h.bootId !== boot) return false;
  if (!pidAlive(h.pid)) return false;
  const ticks = startTicks(h.pid);
  return !(h.startTicks && ticks && ticks !== h.startTicks);
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && h.pid > 0 && typeof h.token === 'string' && typeof h.host === 'string' && Array.isArray(h.argv) ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Temporaries of lock attempts (`lock.<pid>.<token>.tmp`, `lock.stale.<pid>.<token>`), with the pid that made them. */
export function lockLeftoverPid(name: string): number | undefined {
  const m = /^lock\.(?:stale\.)?(\d{1,10})\.[0-9a-f]{16}(?:\.tmp)?$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Takes the lock in `stateDir` or throws {@link LockHeldError}. `step` is called before each change
 * on disk (the writer's kill hook).
 */
export function acquireLock(stateDir: string, step: (what: string) => void = () => {}): Lock {
  const path = join(stateDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid, host: hostname(), bootId: bootId(), startTicks: startTicks(process.pid),
    argv: process.argv.slice(1), since: new Date().toISOString(), token: randomBytes(8).toString('hex'),
  };
  const tmp = join(stateDir, `${LOCK_FILE}.${process.pid}.${holder.token}.tmp`);
  step('lock: write temporary');
  const ours = (): boolean => parseHolder(readOrUndefined(path))?.token === holder.token;
  try {
    withPath(tmp, () => {
      const fd = openSync(tmp, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(holder)}\n`);
      } finally {
        closeSync(fd);
      }
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        step('lock: link');
        linkSync(tmp, path);
        return {
          holder,
          held: ours,
          release() {
            if (ours()) unlinkSync(path);
          },
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const seen = readOrUndefined(path);
      if (seen === undefined) continue; // released in the meantime
      const other = parseHolder(seen);
      if (!other || holderAlive(other)) throw new LockHeldError(other, path);
      // Stale: move it aside under a private name, then make sure what moved is the stale lock.
      const grave = join(stateDir, `${LOCK_FILE}.stale.${process.pid}.${holder.token}`);
      step('lock: break a stale lock');
      try {
        renameSync(path, grave);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      const moved = readOrUndefined(grave);
      if (moved !== seen) {
        // A contender took the lock between the read and the rename: give it back.
        try {
          linkSync(grave, path);
        } catch {
          // A third run holds it now; the contender notices with held() before its commit point.
        }
        unlinkSync(grave);
        throw new LockHeldError(parseHolder(readOrUndefined(path)) ?? parseHolder(moved), path);
      }
      unlinkSync(grave);
    }
    throw new LockHeldError(parseHolder(readOrUndefined(path)), path);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone.
    }
  }
}
