/**
 * Writes a rendered tree into an output directory (often a user's GitOps repository), so that
 * - only what this tool owns is replaced or deleted (ownership.ts: the manifest records each file
 *   with the input it came from; output of another source, and every user file, stays as it is);
 * - a write is all or nothing across every top-level entry (one per cluster, plus argocd/): the
 *   new entries are staged inside `<out>/.k3s-cilium-cdk8s/` (the same filesystem as the output,
 *   even when it is a mount point), then a journal is written (the commit point), then the entries
 *   are swapped by rename. A run killed at any moment (SIGKILL included) leaves a state the next
 *   run's recovery, which always runs first, turns into exactly the old tree (killed before the
 *   commit point) or exactly the new one (after it), with nothing left behind. Between the kill and
 *   that next run some entries may be new and others old; each entry is always whole;
 * - two runs never interleave (lock.ts; the second is refused with the holder's pid and command);
 * - unchanged top-level entries are not touched (no rename, mtimes kept).
 *
 * Files of a replaced directory that are not this run's (a user's notes) are carried into the new
 * directory by hard link. Errors: {@link OutputConflictError} (something in the way is not ours),
 * {@link LockHeldError}, and fs errors (describeIoError in io-error.ts words them); the old tree is
 * intact after any of them.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync,
  symlinkSync, unlinkSync, writeSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { shown, withPath } from './io-error.js';
import { acquireLock, lockLeftoverPid, pidAlive } from './lock.js';
import {
  assertTreePath, exists, listEntries, MANIFEST_FILE, manifestText, OutputConflictError, type Ownership, readManifest, STATE_DIR,
  STATE_GITIGNORE, toPosix, TreePaths,
} from './ownership.js';

export { LockHeldError } from './lock.js';
export { MANIFEST_FILE, OutputConflictError, STATE_DIR } from './ownership.js';

export interface WriteTreeOptions {
  /**
   * The input the tree is rendered from: a cluster file, or a directory of them. Files the manifest
   * records as rendered from it (or from a file inside it) that `files` no longer holds are deleted;
   * output rendered from other inputs is never touched.
   */
  readonly source: string;
  /** The input file each path was rendered from, recorded in the manifest. Default: `source` for every path. */
  readonly origins?: ReadonlyMap<string, string>;
  /**
   * For a path `files` holds that exists but the manifest does not record (a tree written before
   * ownership was recorded): whether it is recognisably this tool's output, to be replaced. Default:
   * nothing is; such a path is a conflict.
   */
  readonly recognise?: (out: string, path: string) => boolean;
  /** fsync every file, directory and the journal, so a power loss also leaves the old or the new tree. Default: true. */
  readonly durable?: boolean;
  /** Lines for the user (each deletion, each recovery, each adoption), without a prefix. */
  readonly log?: (line: string) => void;
  /** Test hook: called before every change on disk, with its number (from 1) and what it is. */
  readonly onStep?: (step: number, what: string) => void;
}

export interface WriteTreeResult {
  /** Files written (those of changed top-level entries), relative to the output directory. */
  readonly written: readonly string[];
  /** Owned files (and emptied directories, with a trailing '/') the render no longer produces, deleted. */
  readonly deleted: readonly string[];
  /** Entries of replaced directories that are not this run's, kept in place. */
  readonly kept: readonly string[];
  /** Top-level entries left untouched because nothing in them changed. */
  readonly unchanged: number;
  /** What recovery did first, if a killed run had left something. */
  readonly recovered?: string;
}

/** What a write would do, computed without changing anything (what `--check` compares). */
export interface TreePlan {
  /** The manifest after the write. */
  readonly manifest: string;
  /** The manifest now, if any. */
  readonly currentManifest?: string;
  /** Owned files of this source the render no longer produces (a write deletes them). */
  readonly stale: readonly string[];
  /** Paths the render produces that exist and are not this tool's (a write refuses them), each with why. */
  readonly conflicts: readonly string[];
  /** Paths adopted from a tree written before ownership was recorded. */
  readonly adopted: readonly string[];
  /** Whether a killed write left a journal that the next write completes first. */
  readonly interrupted: boolean;
}

const JOURNAL = 'journal.json';
const GITIGNORE = '.gitignore';
const TOOL = 'k3s-cilium-cdk8s';

/** One top-level entry of a transaction. */
interface TopOp {
  readonly top: string;
  /** Whether `<out>/<top>` existed when planned (it goes to the trash first). */
  readonly hadOld: boolean;
  /** Whether a staged replacement exists (false: the entry is only removed). */
  readonly staged: boolean;
  /** A top-level file, replaced by rename-over. */
  readonly file: boolean;
}

interface Journal {
  readonly tool: string;
  readonly tx: string;
  readonly ops: readonly TopOp[];
}

interface Steps {
  step(what: string): void;
}

function steps(onStep?: (n: number, what: string) => void): Steps {
  let n = 0;
  return { step: (what) => onStep?.(++n, what) };
}

function fsyncPath(path: string): void {
  withPath(path, () => {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  });
}

/** Creates `path` (it must not exist) with `content`, flushed when durable. */
function createFile(path: string, content: string, durable: boolean): void {
  withPath(path, () => {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, content);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  });
}

/** Replaces a small state file atomically: a temporary, then rename. */
function replaceFile(dir: string, name: string, content: string, durable: boolean, s: Steps, what: string): void {
  const tmp = join(dir, `${name}.tmp`);
  s.step(`${what}: write ${name}.tmp`);
  rmSync(tmp, { force: true });
  createFile(tmp, content, durable);
  s.step(`${what}: rename ${name}`);
  renameSync(tmp, join(dir, name));
  if (durable) fsyncPath(dir);
}

function sameContent(path: string, content: string): boolean {
  try {
    const st = lstatSync(path);
    const want = Buffer.from(content);
    return st.isFile() && st.size === want.byteLength && readFileSync(path).equals(want);
  } catch {
    return false;
  }
}

/** Recreates `src` at `dst` by hard links (same filesystem: no data copied); links stay links. */
function linkInto(src: string, dst: string): void {
  mkdirSync(dirname(dst), { recursive: true });
  const st = lstatSync(src);
  if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
  else if (st.isDirectory()) mkdirSync(dst, { recursive: true });
  else linkSync(src, dst);
}

/** Names in the state directory that a killed run leaves behind and recovery removes. */
function isLeftover(name: string): boolean {
  if (name.startsWith('tx-') || name.startsWith('done-')) return true;
  if (name === `${JOURNAL}.tmp` || name === `${MANIFEST_FILE}.tmp` || name === `${GITIGNORE}.tmp`) return true;
  const pid = lockLeftoverPid(name);
  return pid !== undefined && (pid === process.pid || !pidAlive(pid));
}

/** One top-level entry, idempotently: the disk says how far an interrupted commit got. */
function applyOp(out: string, tx: string, op: TopOp, s: Steps): void {
  const current = join(out, op.top);
  const staged = join(tx, 'stage', op.top);
  const trashed = join(tx, 'trash', op.top);
  if (op.file) {
    if (!exists(staged)) return;
    if (exists(current) && lstatSync(current).isDirectory() && !exists(trashed)) {
      s.step(`commit: move the old ${op.top} aside`);
      renameSync(current, trashed);
    }
    s.step(`commit: rename ${op.top}`);
    renameSync(staged, current);
    return;
  }
  if (op.staged && !exists(staged)) return; // done before the interruption
  if (op.hadOld && exists(current) && !exists(trashed)) {
    s.step(`commit: move the old ${op.top} aside`);
    renameSync(current, trashed);
  }
  if (!op.staged) return;
  if (exists(current)) {
    throw new OutputConflictError(`${current} appeared while an interrupted write was being completed; move it away and run again`);
  }
  s.step(`commit: rename ${op.top}`);
  renameSync(staged, current);
}

/** The journal of an interrupted write, checked before its names become paths. */
function readJournal(path: string): Journal {
  let j: Journal | undefined;
  try {
    j = JSON.parse(readFileSync(path, 'utf8')) as Journal;
  } catch {
    j = undefined;
  }
  const plainTop = (t: unknown) => typeof t === 'string' && t !== '' && t !== '.' && t !== '..' && !t.includes('/') && t !== STATE_DIR;
  if (!j || j.tool !== TOOL || typeof j.tx !== 'string' || !/^[0-9]{1,10}-[0-9a-f]{8}$/.test(j.tx) || !Array.isArray(j.ops)
    || !j.ops.every((op) => plainTop(op?.top))) {
    throw new OutputConflictError(`${path} is not a journal this tool wrote; if no synth is running, remove it and run again`);
  }
  return j;
}

/** Completes or discards what a killed run left (the lock is held). Idempotent, and itself safe to kill at any step. */
function recover(out: string, state: string, durable: boolean, s: Steps): string | undefined {
  const journalPath = join(state, JOURNAL);
  let did: string | undefined;
  if (exists(journalPath)) {
    const journal = readJournal(journalPath);
    const tx = join(state, `tx-${journal.tx}`);
    if (exists(tx)) {
      // Roll forward: the staged entries were complete before the journal existed.
      for (const op of journal.ops) applyOp(out, tx, op, s);
      if (exists(join(tx, MANIFEST_FILE))) {
        s.step('commit: install the manifest');
        renameSync(join(tx, MANIFEST_FILE), join(state, MANIFEST_FILE));
      }
      if (durable) {
        fsyncPath(out);
        fsyncPath(state);
      }
      s.step('commit: retire the transaction');
      renameSync(tx, join(state, `done-${journal.tx}`));
    }
    did = `completed an interrupted write (transaction ${journal.tx})`;
  }
  for (const name of readdirSync(state).sort()) {
    if (!isLeftover(name)) continue;
    s.step(`cleanup: remove ${name}`);
    rmSync(join(state, name), { recursive: true, force: true });
    if (!did && name.startsWith('tx-')) did = `discarded an interrupted write that had not reached its commit point (${name})`;
  }
  if (exists(journalPath)) {
    s.step('cleanup: remove the journal');
    unlinkSync(journalPath);
    if (durable) fsyncPath(state);
  }
  return did;
}

/** The state directory, created if needed; refused when it is not a plain directory on the output's filesystem. */
function stateDirOf(out: string): string {
  const state = join(out, STATE_DIR);
  mkdirSync(state, { recursive: true });
  const st = lstatSync(state);
  if (!st.isDirectory() || st.dev !== statSync(out).dev) {
    throw new OutputConflictError(`${state} is not a directory on the filesystem of ${out} (a link or a mount?); remove it`);
  }
  return state;
}

interface Planned extends TreePlan {
  readonly owned: Ownership;
  readonly ops: readonly TopOp[];
  readonly stagePlan: readonly { readonly files: readonly string[]; readonly carry: readonly string[] }[];
  readonly kept: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: number;
  /** Files beside adopted ones that are not this run's: an older version's stale output or a user's, which cannot be told apart. */
  readonly unknownBesideAdopted: readonly string[];
}

const topOf = (p: string): string => p.split('/')[0];

function plan(paths: TreePaths, files: ReadonlyMap<string, string>, options: WriteTreeOptions): Planned {
  const { out } = paths;
  const state = join(out, STATE_DIR);
  const manifest = exists(out) ? readManifest(state) : undefined;
  const owned: Ownership = manifest ?? new Map();
  const origin = new Map<string, string>();
  for (const path of files.keys()) {
    assertTreePath(path);
    origin.set(path, paths.recorded(options.origins?.get(path) ?? options.source));
  }
  const mine = (p: string): boolean => owned.has(p) && paths.inScope(owned.get(p)!);

  const conflicts: string[] = [];
  const adopted: string[] = [];
  for (const [path, from] of origin) {
    if (owned.has(path)) {
      const recorded = owned.get(path)!;
      if (!paths.inScope(recorded) && recorded !== from) conflicts.push(`${path} was rendered from ${recorded}, not from ${paths.recorded(options.source)}`);
      continue;
    }
    const parts = path.split('/');
    let blocked: string | undefined;
    for (let i = 1; i < parts.length && !blocked; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (exists(join(out, prefix)) && !lstatSync(join(out, prefix)).isDirectory()) blocked = prefix;
    }
    if (blocked) conflicts.push(`${blocked} is in the way and is not a directory`);
    else if (exists(join(out, path))) {
      if (options.recognise?.(out, path) && lstatSync(join(out, path)).isFile()) adopted.push(path);
      else conflicts.push(`${path} exists and synth did not write it`);
    }
  }
  for (const p of adopted) owned.set(p, origin.get(p)!);
  const adoptedTops = new Set(adopted.map(topOf));
  const unknownBesideAdopted: string[] = [];

  // The top-level entries this write may change: those it renders, and those holding its stale files.
  const tops = new Set<string>([...origin.keys()].map(topOf));
  for (const p of owned.keys()) if (mine(p)) tops.add(topOf(p));
  const ops: TopOp[] = [];
  const stale: string[] = [];
  const deleted: string[] = [];
  const kept: string[] = [];
  const stagePlan: { files: string[]; carry: string[] }[] = [];
  let unchanged = 0;
  for (const top of [...tops].sort()) {
    const current = join(out, top);
    const hadOld = exists(current);
    const isDir = hadOld && lstatSync(current).isDirectory();
    const newFiles = [...origin.keys()].filter((p) => p === top || p.startsWith(`${top}/`)).sort();
    const oldEntries = hadOld ? (isDir ? listEntries(out, top) : [top]) : [];
    // Not this run's: a user's files (and empty directories), another source's output.
    const carry = oldEntries.filter((p) => !mine(p) && !origin.has(p));
    if (adoptedTops.has(top)) unknownBesideAdopted.push(...carry.filter((p) => !p.endsWith('/') && !owned.has(p)));
    const gone = oldEntries.filter((p) => mine(p) && !origin.has(p));
    stale.push(...gone);
    const changed = gone.length > 0 || newFiles.some((p) => !sameContent(join(out, p), files.get(p)!));
    if (!changed) {
      unchanged++;
      continue;
    }
    deleted.push(...gone);
    kept.push(...carry);
    if (newFiles.length === 0 && carry.length === 0) {
      if (hadOld) {
        ops.push({ top, hadOld, staged: false, file: false });
        deleted.push(isDir ? `${top}/` : top);
      }
      continue;
    }
    ops.push({ top, hadOld, staged: true, file: newFiles.includes(top) });
    stagePlan.push({ files: newFiles, carry });
  }
  // The new manifest: this run's files, and every owned file outside its scope.
  const next: Ownership = new Map();
  for (const [p, from] of owned) if (!paths.inScope(from) && !origin.has(p)) next.set(p, from);
  for (const [p, from] of origin) next.set(p, from);
  const currentManifest = manifest && readFileSync(join(state, MANIFEST_FILE), 'utf8');
  const interrupted = exists(join(state, JOURNAL));
  return {
    manifest: manifestText(next), currentManifest, stale, conflicts, adopted, interrupted, owned, ops, stagePlan, kept, deleted, unchanged,
    unknownBesideAdopted,
  };
}

/** What {@link writeTree} would do with the same arguments, changing nothing. */
export function planTree(outDir: string, files: ReadonlyMap<string, string>, options: WriteTreeOptions): TreePlan {
  const { manifest, currentManifest, stale, conflicts, adopted, interrupted } = plan(new TreePaths(outDir, options.source), files, options);
  return { manifest, currentManifest, stale, conflicts, adopted, interrupted };
}

function conflictError(out: string, conflicts: readonly string[]): OutputConflictError {
  const n = conflicts.length;
  return new OutputConflictError(`${n} path${n === 1 ? '' : 's'} in ${out} ${n === 1 ? 'is' : 'are'} not synth's to replace: `
    + `${conflicts.slice(0, 3).join('; ')}${n > 3 ? `; and ${n - 3} more` : ''}. `
    + `Move ${n === 1 ? 'it' : 'them'} away, or choose another --out; nothing was written`);
}

/**
 * Writes `files` (path relative to `outDir`, '/'-separated → text) into `outDir`: all or nothing,
 * replacing and deleting only what this tool wrote from `options.source`. Recovers what a killed
 * run left first. Throws {@link OutputConflictError}, {@link LockHeldError} or an fs error, with
 * the old tree intact.
 */
export function writeTree(outDir: string, files: ReadonlyMap<string, string>, options: WriteTreeOptions): WriteTreeResult {
  const durable = options.durable ?? true;
  const log = options.log ?? (() => {});
  const s = steps(options.onStep);
  const paths = new TreePaths(outDir, options.source);
  const { out } = paths;
  mkdirSync(out, { recursive: true });
  const state = stateDirOf(out);
  const lock = acquireLock(state, s.step);
  try {
    if (!exists(join(state, GITIGNORE))) replaceFile(state, GITIGNORE, STATE_GITIGNORE, durable, s, 'state');
    const recovered = recover(out, state, durable, s);
    if (recovered) log(`${recovered} in ${shown(out)}`);
    const p = plan(paths, files, options);
    if (p.conflicts.length > 0) throw conflictError(shown(out), p.conflicts);
    const written: string[] = [];
    if (p.ops.length > 0 || p.manifest !== p.currentManifest) {
      // 1. Stage: nothing outside the transaction directory changes (a failure removes it again).
      const txId = `${process.pid}-${randomBytes(4).toString('hex')}`;
      const tx = join(state, `tx-${txId}`);
      try {
        s.step('stage: create the transaction');
        mkdirSync(join(tx, 'stage'), { recursive: true });
        mkdirSync(join(tx, 'trash'));
        const dirs = new Set<string>([join(tx, 'stage'), tx]);
        for (const { files: staged, carry } of p.stagePlan) {
          for (const path of staged) {
            const target = join(tx, 'stage', path);
            if (!dirs.has(dirname(target))) {
              s.step(`stage: mkdir ${toPosix(relative(join(tx, 'stage'), dirname(target)))}`);
              mkdirSync(dirname(target), { recursive: true });
              dirs.add(dirname(target));
            }
            s.step(`stage: write ${path}`);
            createFile(target, files.get(path)!, durable);
            written.push(path);
          }
          for (const path of carry) {
            s.step(`stage: keep ${path}`);
            withPath(join(out, path), () => linkInto(join(out, path), join(tx, 'stage', path)));
          }
        }
        s.step('stage: write the manifest');
        createFile(join(tx, MANIFEST_FILE), p.manifest, durable);
        if (durable) for (const d of dirs) fsyncPath(d);
      } catch (e) {
        rmSync(tx, { recursive: true, force: true });
        throw e;
      }
      // 2. The commit point: before the journal exists the old tree stands, after it the new one will.
      if (!lock.held()) throw new OutputConflictError(`the lock on ${shown(out)} was taken over by another run; nothing was changed`);
      const journal: Journal = { tool: TOOL, tx: txId, ops: p.ops };
      replaceFile(state, JOURNAL, `${JSON.stringify(journal)}\n`, durable, s, 'commit');
      // 3. The renames, the manifest, and the cleanup: exactly what recovery does.
      try {
        recover(out, state, durable, s);
      } catch (e) {
        if (e instanceof Error) Object.assign(e, { afterCommitPoint: true });
        throw e;
      }
    }
    const adoptedTops = new Map<string, number>();
    for (const path of p.adopted) adoptedTops.set(topOf(path), (adoptedTops.get(topOf(path)) ?? 0) + 1);
    for (const [top, n] of adoptedTops) {
      log(`adopted ${n} file${n === 1 ? '' : 's'} in ${shown(join(out, top))}/ (written before synth recorded what it owns)`);
    }
    // Beside adopted files, an older version's stale output cannot be told from a user's file: say so once.
    for (const path of p.unknownBesideAdopted) log(`kept ${shown(join(out, path))}: not known as synth's; delete it if it is stale`);
    for (const path of p.deleted) log(`removed ${shown(join(out, path))}${path.endsWith('/') ? '/' : ''}`);
    return { written, deleted: p.deleted, kept: p.kept, unchanged: p.unchanged, recovered };
  } finally {
    lock.release();
  }
}

/** Recovery alone: completes or discards what a killed write left in `outDir`. Returns what it did, if anything. */
export function recoverTree(outDir: string, options: Pick<WriteTreeOptions, 'durable' | 'onStep'> = {}): string | undefined {
  const out = new TreePaths(outDir, outDir).out;
  if (!exists(join(out, STATE_DIR))) return undefined;
  const s = steps(options.onStep);
  const state = stateDirOf(out);
  const lock = acquireLock(state, s.step);
  try {
    return recover(out, state, options.durable ?? true, s);
  } finally {
    lock.release();
  }
}

