/**
 * One writer at a time on an output tree: `<out>/.k3s-cilium-cdk8s/lock`, created exclusively
 * (O_EXCL: one contender wins), naming its holder; its mtime is the holder's heartbeat, refreshed
 * after every cluster. A lock taken in this kernel and PID namespace (same boot id and
 * /proc/self/ns/pid) is alive while its pid runs with the same start time, so a SIGKILLed run's is
 * taken over at once; one taken anywhere else (another PID namespace, container or host on a shared
 * volume: a pid means nothing there) is alive while its heartbeat is younger than {@link STALE_MS}.
 * Not proper-lockfile: its only liveness rule is the mtime, refreshed by a timer that cannot fire
 * while this synchronous writer runs, and a killed run's lock would block the next run on the same
 * machine for the stale time. flock(2) needs a native addon, which the one-file bundle cannot hold.
 */
import { lstatSync, readFileSync, readlinkSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { kindOf } from '../model/file-kind.js';
import { attempt, naming } from './files.js';
import { shown } from './io-error.js';

/** A lock whose heartbeat is older than this, held outside our PID namespace, is abandoned. */
export const STALE_MS = 60_000;

/** The tree is locked by another run that is (or may be) still alive. */
export class LockHeldError extends Error {}

/** `where`: the boot id and PID namespace in which `pid` means something; `start`: its start time, which tells a reused pid. */
interface Holder { readonly pid: number; readonly host: string; readonly where?: string; readonly start?: string; readonly argv: readonly string[] }

const read = (path: string) => attempt(() => readFileSync(path, 'utf8'));
const where = () => attempt(() => `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()} ${readlinkSync('/proc/self/ns/pid')}`);
/** Field 22 of /proc/<pid>/stat, after the command (field 2, which may hold spaces and parentheses); none once the process ended. */
const startOf = (pid: number | 'self') => read(`/proc/${pid}/stat`)?.replace(/^.*\) /s, '').split(' ')[19];
const parse = (text: string | undefined) => attempt(() => {
  const h = JSON.parse(text ?? '') as Holder;
  return Number.isInteger(h.pid) && typeof h.host === 'string' && Array.isArray(h.argv) ? h : undefined;
});

/**
 * Takes the lock at `path` (its folder exists) or throws {@link LockHeldError}. An abandoned lock
 * is removed and taken; if a contender took it meanwhile, whichever of the two lost it finds so at
 * its next check, before any change.
 */
export function acquireLock(path: string) {
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname(), where: where(), start: startOf('self'), argv: process.argv.slice(1) })}\n`;
  for (let tries = 0; ; tries++) {
    try {
      // A Buffer: a short write (a size limit under 1 KiB) is an error, not a cut lock (replaceFile).
      naming(path, () => writeFileSync(path, Buffer.from(mine), { flag: 'wx', mode: 0o644 }));
      break;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.syscall !== 'open') rmSync(path, { force: true });
      if (err.code !== 'EEXIST' || tries > 2) throw e;
    }
    const st = lstatSync(path, { throwIfNoEntry: false });
    // No synth makes anything but a file here: a folder or link would read as an unreadable lock, refused for a minute, then fail to go.
    if (st && !st.isFile()) {
      throw new LockHeldError(`${shown(path)} is ${kindOf(st)}, `
        + 'not a lock file synth writes; remove it and run synth again');
    }
    const other = parse(read(path));
    const age = Date.now() - (st?.mtimeMs ?? 0);
    // Unreadable (killed between creating and filling it) or from elsewhere: the heartbeat decides.
    const alive = other?.where !== undefined && other.where === where() ? other.start !== undefined && startOf(other.pid) === other.start : age < STALE_MS;
    if (alive) throw heldError(path, other);
    rmSync(path, { force: true });
  }
  /** Throws {@link LockHeldError} once another run took the lock (it judged it abandoned); called before each change on disk. */
  const check = () => {
    const now = read(path);
    if (now === mine) return;
    const other = parse(now);
    throw new LockHeldError(`the lock ${shown(path)} was taken over while this synth ran (it wrote no heartbeat for ${STALE_MS / 1000} s): `
      + `${other ? `now held by pid ${other.pid} on ${other.host}` : 'it is gone'}; nothing more was written. `
      + 'Run synth again when no other synth writes this output');
  };
  return {
    check,
    /** {@link check}, then refreshes the heartbeat (after each cluster). */
    beat: () => {
      check();
      utimesSync(path, new Date(), new Date());
    },
    release: () => read(path) === mine && unlinkSync(path),
  };
}

export type Lock = ReturnType<typeof acquireLock>;

function heldError(path: string, h: Holder | undefined): LockHeldError {
  const who = h ? `pid ${h.pid} on ${h.host} (${h.argv.join(' ')})` : 'a run whose lock file this version cannot read';
  return new LockHeldError(`the output is locked by another synth: ${who}; wait for it to finish or stop it. `
    + `If no synth is running, remove ${shown(path)}; a lock left by another machine, container or PID namespace `
    + `also clears itself ${STALE_MS / 1000} s after its last heartbeat`);
}
