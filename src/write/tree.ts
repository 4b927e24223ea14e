/**
 * Writes rendered clusters into an output folder (often a user's GitOps repository), one cluster
 * at a time, so that no file of the user's is ever touched and no file synth writes is ever
 * half-written:
 * - each file is complete or absent (files.ts: a temporary beside it, every byte checked,
 *   flushed, renamed over it); an unchanged file is not rewritten;
 * - ownership is by content (manifest.ts): synth replaces or deletes a file only when it still
 *   holds what synth wrote there (the manifest's hash, or the intent of an interrupted run); a file
 *   a user changed or added is refused, and its cluster is not written, unless `takeOver`;
 * - nothing but files is moved or deleted: a folder is only ever created, and removed when the
 *   deletion of synth's files left it empty; modes are never changed;
 * - ownership follows the cluster: a record is keyed by cluster name, so a moved config folder, a
 *   renamed cluster file or another path to the same output folder renders normally;
 * - one writer at a time (lock.ts).
 * A killed run leaves each file whole, some clusters new and some old; the next run completes the
 * tree and removes the temporary it left. Completeness across clusters comes from re-running.
 */
import { existsSync, mkdirSync, realpathSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { inspect, replaceFile, temporaryOf } from './files.js';
import { acquireLock, type Lock } from './lock.js';
import {
  appendPending, type ClusterRecord, isTreePath, LOCK_FILE, type Manifest, MANIFEST_FILE, manifestText, OutputConflictError, PENDING_FILE,
  readManifest, readPending, sha256, STATE_DIR, STATE_GITIGNORE,
} from './manifest.js';

export { LockHeldError } from './lock.js';
export { MANIFEST_FILE, OutputConflictError, STATE_DIR } from './manifest.js';

export interface OutputOptions {
  /** Replace files a user changed or added where synth renders one, and let go of changed files synth would delete. Default: refuse them. */
  readonly takeOver?: boolean;
  /** fsync each file before it is renamed into place. Default: true. */
  readonly durable?: boolean;
  /** Test hook: called before each change on disk. */
  readonly onStep?: (what: string) => void;
}

/** What a cluster's write does (or, for `--check`, would do). */
export interface ClusterPlan {
  /** Files to create or replace, with what is there now (undefined: nothing). */
  readonly writes: readonly { readonly path: string; readonly bytes: Buffer; readonly mode: number; readonly before?: Buffer }[];
  /** Files synth wrote that the render no longer produces, still as synth wrote them: deleted. */
  readonly removes: readonly string[];
  /** Changed files synth would delete, let go of under `takeOver`: kept, no longer recorded. */
  readonly released: readonly string[];
  /** Paths not synth's to replace or delete, each with why; the cluster is not written. */
  readonly refused: readonly string[];
}

const posix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** An output folder: read with {@link OutputTree.read} (for --check), written with {@link OutputTree.open}. */
export class OutputTree {
  /** Every hash synth may find at a path: the manifest's and the interrupted run's. */
  private readonly owned = new Map<string, Set<string>>();
  private readonly records: Manifest;
  private readonly state: string;
  private readonly hadPending: boolean;
  private lock?: Lock;
  private made: string[] = [];
  private wrote = false;

  private constructor(readonly out: string, private readonly options: OutputOptions) {
    this.state = join(out, STATE_DIR);
    const exists = existsSync(this.state);
    this.records = exists ? readManifest(this.state) : new Map();
    const pending = exists ? readPending(this.state) : [];
    this.hadPending = exists && existsSync(join(this.state, PENDING_FILE));
    for (const [, r] of this.records) for (const [p, h] of r.files) this.own(p, h);
    for (const [name, r] of pending) {
      for (const [p, h] of r.files) this.own(p, h);
      this.records.set(name, { source: r.source, files: new Map([...this.records.get(name)?.files ?? [], ...r.files]) });
    }
  }

  private own(path: string, hash: string): void {
    if (!this.owned.has(path)) this.owned.set(path, new Set());
    this.owned.get(path)!.add(hash);
  }

  /** The output folder as it is, for a plan; nothing is created or locked. */
  static read(outDir: string, options: OutputOptions = {}): OutputTree {
    return new OutputTree(realOrResolved(outDir), options);
  }

  /**
   * The output folder, created if needed and locked for writing. Call {@link close} in a finally:
   * when nothing was written, it removes again what opening created.
   */
  static open(outDir: string, options: OutputOptions = {}): OutputTree {
    const made: string[] = [];
    const first = mkdirSync(outDir, { recursive: true });
    for (let d = resolve(outDir); first !== undefined; d = dirname(d)) {
      made.push(d);
      if (d === first || d === dirname(d)) break;
    }
    const out = realpathSync(outDir);
    const state = join(out, STATE_DIR);
    if (mkdirSync(state, { recursive: true }) !== undefined) made.unshift(state);
    let lock: Lock | undefined;
    try {
      const st = inspect(state);
      if (st.kind !== 'other' || st.what !== 'a folder') throw new OutputConflictError(`${state} is not a folder; remove it`);
      lock = acquireLock(join(state, LOCK_FILE));
      const tree = new OutputTree(out, options);
      tree.lock = lock;
      tree.made = made;
      // A killed run's temporaries are beside the files it meant to write.
      for (const path of tree.owned.keys()) {
        const tmp = temporaryOf(join(out, path));
        if (inspect(tmp).kind === 'file') unlinkSync(tmp);
      }
      return tree;
    } catch (e) {
      lock?.release();
      for (const d of made) rmdirSync(d);
      throw e;
    }
  }

  /**
   * What writing one cluster would do (`rendered`: path relative to the output folder → text;
   * `source`: its input as {@link source} records it), and its record updated as the write would
   * leave it (what `--check` compares); nothing changes on disk.
   */
  preview(name: string, rendered: ReadonlyMap<string, string>, source: string): ClusterPlan {
    const { out } = this;
    const recorded = this.records.get(name);
    const before = recorded?.files ?? new Map<string, string>();
    const writes: { path: string; bytes: Buffer; mode: number; before?: Buffer }[] = [];
    const [removes, released, refused] = [[], [], []] as string[][];
    const next = new Map<string, string>();
    /** What the record keeps when the cluster is refused: synth's files as they are now. */
    const keep = new Map<string, string>();
    const isOwned = (path: string, bytes: Buffer) => {
      const h = sha256(bytes);
      if (!this.owned.get(path)?.has(h)) return false;
      if (before.has(path)) keep.set(path, h);
      return true;
    };
    for (const [path, text] of [...rendered].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!isTreePath(path)) throw new Error(`writeTree: ${JSON.stringify(path)} is not a plain relative path inside the output tree`);
      const bytes = Buffer.from(text);
      next.set(path, sha256(bytes));
      const blocked = this.blockedFolder(path);
      const found = blocked ? undefined : inspect(join(out, path));
      if (!found) refused.push(blocked!);
      else if (found.kind === 'missing') writes.push({ path, bytes, mode: 0o644 });
      else if (found.kind === 'other') refused.push(`${path}: ${found.what} where synth writes a file`);
      else if (found.bytes.equals(bytes)) isOwned(path, bytes);
      else if (isOwned(path, found.bytes) || this.options.takeOver) writes.push({ path, bytes, mode: found.mode, before: found.bytes });
      else refused.push(`${path}: ${before.has(path) ? 'changed since synth wrote it' : 'not written by synth'}`);
    }
    for (const path of [...before.keys()].filter((p) => !rendered.has(p)).sort()) {
      const found = inspect(join(out, path));
      if (found.kind === 'missing') continue;
      if (found.kind === 'file' && isOwned(path, found.bytes)) removes.push(path);
      else if (this.options.takeOver) released.push(path);
      else refused.push(`${path}: ${found.kind === 'file' ? 'changed since synth wrote it' : `now ${found.what}`}; synth would delete it`);
    }
    for (const [path, h] of before) if (!keep.has(path) && !released.includes(path) && inspect(join(out, path)).kind !== 'missing') keep.set(path, h);
    const record = refused.length > 0 ? { source: recorded?.source ?? source, files: keep } : { source, files: next };
    if (record.files.size > 0) this.records.set(name, record);
    else this.records.delete(name);
    return { writes, removes, released, refused };
  }

  /** The first folder of `path` that is not a real folder (a file, a link), as a refusal; undefined when all are. */
  private blockedFolder(path: string): string | undefined {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const found = inspect(join(this.out, folder));
      if (found.kind === 'missing') return undefined;
      if (found.kind === 'file' || found.what !== 'a folder') {
        return `${folder}: ${found.kind === 'file' ? 'a file' : found.what} where synth needs a folder (synth does not write through links)`;
      }
    }
    return undefined;
  }

  /** The input file as recorded: relative to the output folder ('-': standard input). */
  source(inputFile: string): string {
    return inputFile === '-' ? '-' : posix(relative(this.out, realOrResolved(inputFile)));
  }

  /** Writes one cluster ({@link preview}'s arguments). Returns its plan: when `refused` is not empty, nothing of the cluster was written. */
  write(name: string, rendered: ReadonlyMap<string, string>, source: string): ClusterPlan {
    const plan = this.preview(name, rendered, source);
    if (plan.refused.length > 0) return plan;
    const durable = this.options.durable ?? true;
    const step = this.options.onStep ?? (() => {});
    if (plan.writes.length + plan.removes.length > 0) {
      this.lock?.check();
      this.startWriting();
      step(`intent ${name}`);
      appendPending(this.state, name, this.records.get(name) ?? { source, files: new Map() }, durable);
      for (const w of plan.writes) {
        step(`write ${w.path}`);
        mkdirSync(dirname(join(this.out, w.path)), { recursive: true });
        replaceFile(join(this.out, w.path), w.bytes, durable, w.mode);
      }
      for (const path of plan.removes) {
        step(`remove ${path}`);
        unlinkSync(join(this.out, path));
        // Folders the deletion left empty held only synth's files.
        for (let d = dirname(join(this.out, path)); d !== this.out && d.startsWith(this.out); d = dirname(d)) {
          try {
            rmdirSync(d);
          } catch {
            break;
          }
        }
      }
    }
    this.lock?.beat(); // after every cluster, written or not: a long run of unchanged clusters keeps its lock alive too
    return plan;
  }

  /**
   * The recorded clusters a run of `rendered` (cluster names) from `inputs` (its input files) leaves
   * stale: those rendered from one of these inputs, or from a file that no longer exists. Others
   * came from another config (another folder rendered into the same output) and stay.
   */
  staleClusters(rendered: ReadonlySet<string>, inputs: readonly string[]): [string, ClusterRecord][] {
    const read = new Set(inputs.map((f) => this.source(f)));
    return [...this.records].filter(([name, r]) => !rendered.has(name)
      && (read.has(r.source) || (r.source !== '-' && !existsSync(resolve(this.out, r.source))))).sort(([a], [b]) => (a < b ? -1 : 1));
  }

  /** The manifest after the clusters written so far, and whether it differs from the one on disk (or an interrupted run's intent is pending). */
  manifest(): { text: string; changed: boolean; pending: boolean } {
    const text = manifestText(this.records);
    const found = inspect(join(this.state, MANIFEST_FILE));
    // No manifest and nothing recorded: unchanged (nothing is created when nothing is written).
    const changed = found.kind === 'file' ? !found.bytes.equals(Buffer.from(text)) : this.records.size > 0;
    return { text, changed, pending: this.hadPending };
  }

  private startWriting(): void {
    if (this.wrote) return;
    this.wrote = true;
    const gitignore = join(this.state, '.gitignore');
    if (inspect(gitignore).kind === 'missing') replaceFile(gitignore, Buffer.from(STATE_GITIGNORE), this.options.durable ?? true);
  }

  /** Records what was written (the manifest), ends the run's intent, and unlocks. */
  finish(): void {
    const pending = join(this.state, PENDING_FILE);
    const { text, changed } = this.manifest();
    if (changed || existsSync(pending)) {
      this.lock?.check();
      this.startWriting();
      this.options.onStep?.('manifest');
      replaceFile(join(this.state, MANIFEST_FILE), Buffer.from(text), this.options.durable ?? true);
      if (existsSync(pending)) unlinkSync(pending);
    }
    this.close();
  }

  /** Unlocks; when nothing was written, removes what opening created (nothing is created when nothing is written). */
  close(): void {
    if (!this.lock) return;
    this.lock.release();
    this.lock = undefined;
    if (!this.wrote) for (const d of this.made) rmdirSync(d);
  }
}

/** The cluster a path of a rendered tree belongs to: `argocd/<name>.yaml` is `<name>`'s, everything else the top folder's. */
export function clusterOfPath(path: string): string {
  const m = /^argocd\/([^/]+)\.yaml$/.exec(path);
  return m ? m[1] : path.split('/')[0];
}

/**
 * Writes `files` (path relative to `outDir` → text) rendered from `source` (the program or
 * cluster file they come from): every cluster in them, then the clusters recorded from `source`
 * that `files` no longer holds are deleted. Throws an OutputConflictError listing what is not
 * synth's (the clusters holding it are not written), a LockHeldError, or an fs error.
 */
export function writeTree(outDir: string, files: ReadonlyMap<string, string>, options: OutputOptions & { readonly source: string }): void {
  const clusters = new Map<string, Map<string, string>>();
  for (const [path, text] of files) {
    const name = clusterOfPath(path);
    if (!clusters.has(name)) clusters.set(name, new Map());
    clusters.get(name)!.set(path, text);
  }
  const tree = OutputTree.open(outDir, options);
  try {
    const refused: string[] = [];
    for (const [name, rendered] of clusters) refused.push(...tree.write(name, rendered, tree.source(options.source)).refused);
    for (const [name, r] of tree.staleClusters(new Set(clusters.keys()), [options.source])) refused.push(...tree.write(name, new Map(), r.source).refused);
    tree.finish();
    if (refused.length > 0) throw new OutputConflictError(`not synth's to replace or delete in ${tree.out}: ${refused.join('; ')}`);
  } finally {
    tree.close();
  }
}
