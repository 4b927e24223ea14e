/**
 * Writes rendered clusters into an output folder (often a user's GitOps repository), one cluster at
 * a time, touching only files that still hold what synth wrote (the README's "owned output" lists
 * the promises). A killed run leaves each file whole, some clusters new and some old; the next run
 * completes the tree: the tree lives in Git, and completeness across clusters comes from re-running.
 */
import { existsSync, lstatSync, realpathSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { byName } from '../model/by-name.js';
import { kindOf } from '../model/file-kind.js';
import { makeDirs } from '../fs/make-dirs.js';
import { attempt, inspect, replaceFile, temporaryOf } from './files.js';
import { acquireLock, type Lock } from './lock.js';
import {
  appendPending, type ClusterRecord, isTreePath, LOCK_FILE, MANIFEST_FILE, manifestText, OutputConflictError, PENDING_FILE, readRecords, sha256,
  STATE_DIR, STATE_GITIGNORE,
} from './manifest.js';

export { LockHeldError } from './lock.js';
export { MANIFEST_FILE, OutputConflictError, STATE_DIR } from './manifest.js';

export interface OutputOptions {
  /** Replace files a user changed or added where synth renders one, and let go of changed files synth would delete. Default: refuse them. */
  readonly takeOver?: boolean;
  /** fsync each file before it is renamed into place. Default: true. */
  readonly durable?: boolean;
  /** Test hook: called before each change on disk. @internal */
  readonly onStep?: (what: string) => void;
}

/** What a cluster's write does (or, in a tree from {@link OutputTree.read}, would do). */
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

const realOrResolved = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));

/** An output folder: {@link OutputTree.open} writes it; {@link OutputTree.read} creates, locks and changes nothing, its writes only plan (--check). */
export class OutputTree {
  private readonly owned: Map<string, Set<string>>;
  private readonly records: Map<string, ClusterRecord>;
  private readonly state: string;
  private readonly pending: boolean;
  private readonly flush: boolean;
  private wrote = false;

  private constructor(readonly out: string, private readonly options: OutputOptions, private lock?: Lock, private readonly made: string[] = []) {
    this.state = join(out, STATE_DIR);
    this.flush = options.durable ?? true;
    ({ records: this.records, owned: this.owned } = existsSync(this.state) ? readRecords(this.state) : { records: new Map(), owned: new Map() });
    this.pending = existsSync(join(this.state, PENDING_FILE));
    // A killed run's temporaries are beside the files it meant to write.
    const targets = [...[...this.owned.keys()].map((p) => join(out, p)), join(this.state, MANIFEST_FILE), join(this.state, '.gitignore')];
    if (lock) for (const path of targets) rmSync(temporaryOf(path), { force: true });
  }

  static read(outDir: string, options: OutputOptions = {}): OutputTree {
    return new OutputTree(realOrResolved(outDir), options);
  }

  /** Creates the output folder if needed, and locks it. Call {@link close} in a finally: when nothing was written, it removes what this created. */
  static open(outDir: string, options: OutputOptions = {}): OutputTree {
    const made: string[] = [];
    const first = makeDirs(outDir);
    for (let d = resolve(outDir); first !== undefined && !made.includes(first); d = dirname(d)) made.push(d);
    const state = join(realpathSync(outDir), STATE_DIR);
    if (makeDirs(state) !== undefined) made.unshift(state);
    let lock: Lock | undefined;
    try {
      if (!lstatSync(state).isDirectory()) throw new OutputConflictError(`${state} is not a folder; remove it`);
      lock = acquireLock(join(state, LOCK_FILE));
      return new OutputTree(dirname(state), options, lock, made);
    } catch (e) {
      lock?.release();
      for (const d of made) rmdirSync(d);
      throw e;
    }
  }

  /** The input file as recorded: relative to the output folder ('-': standard input). */
  source(inputFile: string): string {
    return inputFile === '-' ? '-' : relative(this.out, realOrResolved(inputFile));
  }

  /**
   * Writes one cluster (`rendered`: path relative to the output folder → text; `source`: its input
   * file as {@link source} records it) and updates its record. When its plan refuses anything,
   * nothing of the cluster is written.
   */
  write(name: string, rendered: ReadonlyMap<string, string>, source: string): ClusterPlan {
    const plan = this.plan(name, rendered, source);
    if (!this.lock) return plan;
    if (plan.refused.length === 0 && plan.writes.length + plan.removes.length > 0) {
      this.change(`intent ${name}`);
      appendPending(this.state, name, this.records.get(name) ?? { source, files: new Map() }, this.flush);
      for (const w of plan.writes) {
        this.change(`write ${w.path}`);
        makeDirs(dirname(join(this.out, w.path)));
        replaceFile(join(this.out, w.path), w.bytes, this.flush, w.mode);
      }
      for (const path of plan.removes) {
        this.change(`remove ${path}`);
        unlinkSync(join(this.out, path));
        // rmdir removes only an empty folder: one that held nothing but synth's files.
        for (let d = dirname(path); d !== '.' && attempt(() => rmdirSync(join(this.out, d)) ?? true); d = dirname(d));
      }
    }
    this.lock.beat(); // after every cluster, written or not: a long run of unchanged clusters keeps its lock alive too
    return plan;
  }

  private plan(name: string, rendered: ReadonlyMap<string, string>, source: string): ClusterPlan {
    const before = this.records.get(name);
    const [writes, removes, released, refused]: [ClusterPlan['writes'][number][], string[], string[], string[]] = [[], [], [], []];
    const next = new Map<string, string>();
    /** The record if the cluster is refused: the files there, with the hash found where it is synth's (not what a killed run meant to write). */
    const keep = new Map([...before?.files ?? []].filter(([p]) => lstatSync(join(this.out, p), { throwIfNoEntry: false })));
    const owned = (path: string, bytes: Buffer) => {
      const h = sha256(bytes);
      if (keep.has(path) && this.owned.get(path)?.has(h)) keep.set(path, h);
      return this.owned.get(path)?.has(h) ?? false;
    };
    for (const [path, text] of [...rendered].sort(byName)) {
      if (!isTreePath(path)) throw new Error(`writeTree: ${JSON.stringify(path)} is not a plain relative path inside the output tree`);
      const bytes = Buffer.from(text);
      next.set(path, sha256(bytes));
      const blocked = this.blocked(path);
      const found = blocked ? undefined : inspect(join(this.out, path));
      if (!found) refused.push(blocked!);
      else if (found.kind === 'missing') writes.push({ path, bytes, mode: 0o644 });
      else if (found.kind === 'other') refused.push(`${path}: ${found.what} where synth writes a file`);
      else if (found.bytes.equals(bytes)) owned(path, bytes);
      else if (owned(path, found.bytes) || this.options.takeOver) writes.push({ path, bytes, mode: found.mode, before: found.bytes });
      else refused.push(`${path}: ${before?.files.has(path) ? 'changed since synth wrote it' : 'not written by synth'}`);
    }
    for (const path of [...keep.keys()].filter((p) => !rendered.has(p)).sort()) {
      const found = inspect(join(this.out, path));
      if (found.kind === 'file' && owned(path, found.bytes)) removes.push(path);
      else if (this.options.takeOver) released.push(path);
      else refused.push(`${path}: ${found.kind === 'other' ? `now ${found.what}` : 'changed since synth wrote it'}; synth would delete it`);
    }
    for (const path of released) keep.delete(path);
    const files = refused.length > 0 ? keep : next;
    if (files.size > 0) this.records.set(name, { source: refused.length > 0 ? before?.source ?? source : source, files });
    else this.records.delete(name);
    return { writes, removes, released, refused };
  }

  /** The first folder of `path` that is not a real folder (a file, a link), as a refusal. */
  private blocked(path: string): string | undefined {
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      const st = lstatSync(join(this.out, path.slice(0, i)), { throwIfNoEntry: false });
      if (!st?.isDirectory()) return st && `${path.slice(0, i)}: ${st.isFile() ? 'a file' : kindOf(st)} where synth needs a folder (synth does not write through links)`;
    }
    return undefined;
  }

  /**
   * Writes (deletes) the recorded clusters a run of `rendered` (cluster names) from `inputs` (input
   * files) leaves stale: those rendered from one of these inputs or from a file that no longer
   * exists. Others came from another config folder rendered into the same output, and stay.
   */
  writeStale(rendered: ReadonlySet<string>, inputs: readonly string[]): [string, ClusterPlan][] {
    const read = new Set(inputs.map((f) => this.source(f)));
    return [...this.records].filter(([name, r]) => !rendered.has(name) && (read.has(r.source) || (r.source !== '-' && !existsSync(resolve(this.out, r.source)))))
      .sort(byName).map(([name, r]) => [name, this.write(name, new Map(), r.source)]);
  }

  /** The manifest as the clusters written so far leave it; whether it differs from the one on disk; whether a killed run's intent is pending. */
  manifest(): { text: string; changed: boolean; pending: boolean } {
    const text = manifestText(this.records);
    const found = inspect(join(this.state, MANIFEST_FILE));
    // No manifest and nothing recorded: unchanged (nothing is created when nothing is written).
    return { text, changed: found.kind === 'file' ? !found.bytes.equals(Buffer.from(text)) : this.records.size > 0, pending: this.pending };
  }

  /** Before each change on disk: the lock still ours; first of all the state folder's .gitignore, so that run state is never committed. */
  private change(step: string): void {
    this.lock!.check();
    const gitignore = join(this.state, '.gitignore');
    if (!this.wrote && !existsSync(gitignore)) replaceFile(gitignore, Buffer.from(STATE_GITIGNORE), this.flush);
    this.wrote = true;
    this.options.onStep?.(step);
  }

  /** Records what was written (the manifest), ends the run's intent, and unlocks. */
  finish(): void {
    const { text, changed } = this.manifest();
    if (changed || this.pending || this.wrote) {
      this.change('manifest');
      replaceFile(join(this.state, MANIFEST_FILE), Buffer.from(text), this.flush);
      rmSync(join(this.state, PENDING_FILE), { force: true });
    }
    this.close();
  }

  close(): void {
    this.lock?.release();
    if (this.lock && !this.wrote) for (const d of this.made) rmdirSync(d);
    this.lock = undefined;
  }
}

/**
 * Writes `files` (path → text, as `K3sCiliumCluster.files()` returns them; `argocd/<name>.yaml` is
 * cluster `<name>`'s, any other path its top folder's) rendered from `source` (the program or
 * cluster file), and deletes the clusters recorded from `source` that `files` no longer holds.
 * Throws an OutputConflictError listing what is not synth's (its clusters are not written), a LockHeldError, or an fs error.
 */
export function writeTree(outDir: string, files: ReadonlyMap<string, string>, options: OutputOptions & { readonly source: string }): void {
  const clusters = new Map<string, Map<string, string>>();
  for (const [path, text] of files) {
    const name = /^argocd\/([^/]+)\.yaml$/.exec(path)?.[1] ?? path.split('/')[0];
    clusters.set(name, (clusters.get(name) ?? new Map<string, string>()).set(path, text));
  }
  const tree = OutputTree.open(outDir, options);
  const refused: string[] = [];
  try {
    for (const [name, rendered] of clusters) refused.push(...tree.write(name, rendered, tree.source(options.source)).refused);
    for (const [, plan] of tree.writeStale(new Set(clusters.keys()), [options.source])) refused.push(...plan.refused);
    tree.finish();
  } finally {
    tree.close();
  }
  if (refused.length > 0) throw new OutputConflictError(`not synth's to replace or delete in ${tree.out}: ${refused.join('; ')}`);
}
