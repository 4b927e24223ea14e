/**
 * The writer's rules, on the writer itself with small trees (ownership.test.ts proves them through
 * synth): a file the user changed or added is never touched, and listed with why; a file synth wrote
 * and still holds what it wrote is replaced or deleted; empty folders it emptied go, folders holding
 * a user's file stay; every file is complete or absent (a killed run's temporaries are removed by the
 * next run); nothing is created when nothing is written; a dry tree (--check) changes nothing.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile, temporaryOf } from '../../src/write/files.js';
import { MANIFEST_FILE, OutputConflictError, OutputTree, STATE_DIR, writeTree } from '../../src/write/tree.js';
import { LOCK_FILE, PENDING_FILE, STATE_GITIGNORE } from '../../src/write/manifest.js';
import { snapshot, tempDir, userFiles } from './trees.js';

const opts = { durable: false, source: 'clusters/a.yaml' };
const A = new Map([['a/x.yaml', 'x: 1\n'], ['a/deep/y.yaml', 'y: 1\n'], ['argocd/a.yaml', 'app: a\n']]);
const fresh = () => join(tempDir('k3scc-rules-'), 'out');
const manifest = (out: string) => JSON.parse(readFileSync(join(out, STATE_DIR, MANIFEST_FILE), 'utf8')) as { clusters: Record<string, { source: string; files: Record<string, string> }> };
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputConflictError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

/** One cluster through OutputTree: its plan, finished. */
function writeOne(out: string, name: string, rendered: Map<string, string>, options: { takeOver?: boolean } = {}) {
  const tree = OutputTree.open(out, { durable: false, ...options });
  try {
    const plan = tree.write(name, rendered, '-');
    tree.finish();
    return plan;
  } finally {
    tree.close();
  }
}

describe('the writer', () => {
  it('writes every file with the state folder\'s .gitignore and a manifest naming each file\'s hash and the cluster\'s source; argocd/<name>.yaml is the cluster\'s', () => {
    const base = tempDir('k3scc-rules-');
    const out = join(base, 'out');
    writeTree(out, A, { ...opts, source: join(base, 'a.yaml') });
    expect(readFileSync(join(out, 'a/deep/y.yaml'), 'utf8')).toBe('y: 1\n');
    expect(readFileSync(join(out, STATE_DIR, '.gitignore'), 'utf8')).toBe(STATE_GITIGNORE);
    expect(readdirSync(join(out, STATE_DIR)).sort()).toEqual(['.gitignore', MANIFEST_FILE]);
    const m = manifest(out);
    expect(Object.keys(m.clusters)).toEqual(['a']);
    expect(m.clusters.a.source).toBe('../a.yaml');
    expect(Object.keys(m.clusters.a.files)).toEqual(['a/deep/y.yaml', 'a/x.yaml', 'argocd/a.yaml']);
    expect(statSync(join(out, 'a/x.yaml')).mode & 0o777).toBe(0o644);
  });

  it('groups files by cluster: argocd/<name>.yaml is <name>\'s, any other path its top folder\'s', () => {
    const base = tempDir('k3scc-rules-');
    const out = join(base, 'out');
    writeTree(out, new Map([['ab/x.yaml', 'x\n'], ['argocd/ab.yaml', 'a\n'], ['argocd/ab.yaml.bak', 'b\n'], ['cd/argocd/ef.yaml', 'c\n'], ['argocd/g/h.yaml', 'h\n']]), opts);
    expect(Object.fromEntries(Object.entries(manifest(out).clusters).map(([k, v]) => [k, Object.keys(v.files)]))).toEqual({
      ab: ['ab/x.yaml', 'argocd/ab.yaml'], argocd: ['argocd/ab.yaml.bak', 'argocd/g/h.yaml'], cd: ['cd/argocd/ef.yaml'],
    });
  });

  it('a second run of the same render changes nothing: no file, no manifest rewritten', () => {
    const out = fresh();
    writeTree(out, A, opts);
    const old = new Date(2020, 0, 1);
    for (const p of ['a/x.yaml', `${STATE_DIR}/${MANIFEST_FILE}`]) utimesSync(join(out, p), old, old);
    const before = snapshot(out);
    writeTree(out, A, opts);
    expect(snapshot(out)).toBe(before);
    for (const p of ['a/x.yaml', `${STATE_DIR}/${MANIFEST_FILE}`]) expect(statSync(join(out, p)).mtimeMs).toBe(old.getTime());
  });

  it('refuses a file the user changed or added, listing each with why, and writes nothing of that cluster; other clusters are written', () => {
    const out = fresh();
    writeTree(out, new Map([...A, ['b/x.yaml', 'b: 1\n']]), opts);
    userFiles(out, { 'a/x.yaml': 'mine\n', 'a/new.yaml': 'mine too\n' });
    const before = readFileSync(join(out, 'a/deep/y.yaml'), 'utf8');
    const message = refusal(() => writeTree(out, new Map([['a/x.yaml', 'x: 2\n'], ['a/new.yaml', 'n\n'], ['a/deep/y.yaml', 'y: 2\n'], ['b/x.yaml', 'b: 2\n']]), opts));
    expect(message).toBe(`not synth's to replace or delete in ${out}: a/new.yaml: not written by synth; a/x.yaml: changed since synth wrote it`);
    expect(readFileSync(join(out, 'a/x.yaml'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(out, 'a/new.yaml'), 'utf8')).toBe('mine too\n');
    expect(readFileSync(join(out, 'a/deep/y.yaml'), 'utf8')).toBe(before);
    expect(readFileSync(join(out, 'b/x.yaml'), 'utf8')).toBe('b: 2\n');
    // The refused cluster's record is kept as it was: the next run still knows its files.
    expect(Object.keys(manifest(out).clusters.a.files).sort()).toEqual(['a/deep/y.yaml', 'a/x.yaml', 'argocd/a.yaml']);
  });

  it('takeOver replaces a changed or added file, keeping its mode; the plan says what was there', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x: 1\n']]));
    userFiles(out, { 'a/x.yaml': 'mine\n', 'a/new.yaml': 'added\n' });
    chmodSync(join(out, 'a/x.yaml'), 0o600);
    expect(refusal(() => writeTree(out, new Map([['a/x.yaml', 'x: 2\n'], ['a/new.yaml', 'n\n']]), { ...opts, source: '-' })))
      .toContain('a/new.yaml: not written by synth; a/x.yaml: changed since synth wrote it');
    const plan = writeOne(out, 'a', new Map([['a/x.yaml', 'x: 2\n'], ['a/new.yaml', 'n\n']]), { takeOver: true });
    expect(plan.refused).toEqual([]);
    expect(plan.writes.map((w) => [w.path, w.bytes.toString(), w.mode, w.before?.toString()])).toEqual([
      ['a/new.yaml', 'n\n', 0o644, 'added\n'], ['a/x.yaml', 'x: 2\n', 0o600, 'mine\n'],
    ]);
    expect(statSync(join(out, 'a/x.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, 'a/new.yaml'), 'utf8')).toBe('n\n');
  });

  it('replaces a file that still holds what synth wrote, saying what was there', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x: 1\n']]));
    const plan = writeOne(out, 'a', new Map([['a/x.yaml', 'x: 2\n']]));
    expect(plan).toEqual({ writes: [{ path: 'a/x.yaml', bytes: Buffer.from('x: 2\n'), mode: 0o644, before: Buffer.from('x: 1\n') }], removes: [], released: [], refused: [] });
    expect(readFileSync(join(out, 'a/x.yaml'), 'utf8')).toBe('x: 2\n');
  });

  it('deletes what it wrote and no longer renders, and the folders that held only that; a folder holding a user\'s file stays', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n'], ['a/deep/er/y.yaml', 'y\n'], ['a/kept/z.yaml', 'z\n']]));
    userFiles(out, { 'a/kept/mine.md': 'mine\n' });
    const plan = writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    expect(plan.removes).toEqual(['a/deep/er/y.yaml', 'a/kept/z.yaml']);
    expect(readdirSync(join(out, 'a')).sort()).toEqual(['kept', 'x.yaml']);
    expect(readdirSync(join(out, 'a/kept'))).toEqual(['mine.md']);
    const gone = writeOne(out, 'a', new Map());
    expect(gone.removes).toEqual(['a/x.yaml']);
    expect(readdirSync(out).sort()).toEqual([STATE_DIR, 'a']);
    expect(manifest(out).clusters).toEqual({});
    writeOne(out, 'b', new Map([['b/c/d.yaml', 'd\n']]));
    writeOne(out, 'b', new Map());
    expect(readdirSync(out).sort()).toEqual([STATE_DIR, 'a']);
  });

  it('refuses to delete a changed file synth would delete; takeOver lets go of it (kept, no longer recorded)', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n'], ['a/y.yaml', 'y\n']]));
    userFiles(out, { 'a/y.yaml': 'mine\n' });
    mkdirSync(join(out, 'a/z'));
    expect(refusal(() => writeTree(out, new Map([['a/x.yaml', 'x: 2\n']]), { ...opts, source: '-' })))
      .toBe(`not synth's to replace or delete in ${out}: a/y.yaml: changed since synth wrote it; synth would delete it`);
    expect(readFileSync(join(out, 'a/x.yaml'), 'utf8')).toBe('x\n');
    const plan = writeOne(out, 'a', new Map([['a/x.yaml', 'x: 2\n']]), { takeOver: true });
    expect(plan.released).toEqual(['a/y.yaml']);
    expect(plan.removes).toEqual([]);
    expect(readFileSync(join(out, 'a/y.yaml'), 'utf8')).toBe('mine\n');
    expect(Object.keys(manifest(out).clusters.a.files)).toEqual(['a/x.yaml']);
  });

  it('a recorded file now something else: refused by what it is now', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n'], ['a/y.yaml', 'y\n']]));
    for (const p of ['a/x.yaml', 'a/y.yaml']) {
      rmAndDir(join(out, p));
    }
    const plan = writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    expect(plan.refused).toEqual(['a/x.yaml: a folder where synth writes a file', 'a/y.yaml: now a folder; synth would delete it']);
  });

  it('does not write through a file or a link where synth needs a folder', () => {
    const out = fresh();
    userFiles(out, { 'a': 'a file\n', 'elsewhere/x': '' });
    symlinkSync(join(out, 'elsewhere'), join(out, 'b'));
    mkdirSync(join(out, 'c/d'), { recursive: true });
    symlinkSync(join(out, 'elsewhere'), join(out, 'c/d/e'));
    expect(writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']])).refused).toEqual(['a: a file where synth needs a folder (synth does not write through links)']);
    expect(writeOne(out, 'b', new Map([['b/x.yaml', 'x\n']])).refused).toEqual(['b: a symbolic link where synth needs a folder (synth does not write through links)']);
    expect(writeOne(out, 'c', new Map([['c/d/e/x.yaml', 'x\n']])).refused).toEqual(['c/d/e: a symbolic link where synth needs a folder (synth does not write through links)']);
    expect(readdirSync(join(out, 'elsewhere'))).toEqual(['x']);
  });

  it('deletes the clusters a run of the same input no longer renders, and those whose input is gone; keeps another input\'s', () => {
    const base = tempDir('k3scc-rules-');
    const out = join(base, 'out');
    userFiles(base, { 'one.yaml': '', 'two.yaml': '' });
    const [one, two, gone] = ['one.yaml', 'two.yaml', 'gone.yaml'].map((f) => join(base, f));
    writeTree(out, new Map([['a/x.yaml', 'a\n'], ['b/x.yaml', 'b\n']]), { ...opts, source: one });
    writeTree(out, new Map([['c/x.yaml', 'c\n']]), { ...opts, source: two });
    writeTree(out, new Map([['d/x.yaml', 'd\n']]), { ...opts, source: gone });
    writeTree(out, new Map([['e/x.yaml', 'e\n']]), { ...opts, source: '-' });
    expect(manifest(out).clusters.a.source).toBe('../one.yaml');
    writeTree(out, new Map([['a/x.yaml', 'a\n']]), { ...opts, source: one });
    expect(Object.keys(manifest(out).clusters)).toEqual(['a', 'c', 'e']);
    expect(readdirSync(out).sort()).toEqual([STATE_DIR, 'a', 'c', 'e']);
    writeTree(out, new Map(), { ...opts, source: '-' });
    expect(Object.keys(manifest(out).clusters)).toEqual(['a', 'c']);
  });

  it('creates nothing when nothing is written: the output folder and its parents it made are removed', () => {
    const base = tempDir('k3scc-rules-');
    writeTree(join(base, 'p/q/out'), new Map(), opts);
    expect(readdirSync(base)).toEqual([]);
    const tree = OutputTree.open(join(base, 'p/q/out'), { durable: false });
    tree.finish();
    expect(readdirSync(base)).toEqual([]);
    userFiles(base, { 'out/a/x.yaml': 'mine\n' });
    expect(() => writeTree(join(base, 'out'), new Map([['a/x.yaml', 'x\n']]), opts)).toThrow(OutputConflictError);
    expect(readdirSync(join(base, 'out'))).toEqual(['a']);
  });

  it('refuses a state folder that is a link to a folder, creating nothing', () => {
    const base = tempDir('k3scc-rules-');
    mkdirSync(join(base, 'out/elsewhere'), { recursive: true });
    symlinkSync('elsewhere', join(base, 'out', STATE_DIR));
    expect(refusal(() => OutputTree.open(join(base, 'out')))).toBe(`${join(base, 'out', STATE_DIR)} is not a folder; remove it`);
    expect(readdirSync(join(base, 'out')).sort()).toEqual([STATE_DIR, 'elsewhere']);
    expect(readdirSync(join(base, 'out/elsewhere'))).toEqual([]);
    const nested = join(base, 'p/q');
    userFiles(base, { 'p/x': '' });
    mkdirSync(join(nested, STATE_DIR, LOCK_FILE), { recursive: true });
    expect(() => OutputTree.open(nested)).toThrow(`${join(nested, STATE_DIR, LOCK_FILE)} is a folder, not a lock file synth writes; remove it and run synth again`);
    expect(existsSync(join(nested, STATE_DIR, LOCK_FILE))).toBe(true);
  });

  it('removes a killed run\'s temporaries beside the files it meant to write when it opens the tree, not when it only reads it', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    const temps = [join(out, 'a/x.yaml'), join(out, STATE_DIR, MANIFEST_FILE), join(out, STATE_DIR, '.gitignore')].map(temporaryOf);
    for (const t of temps) writeFileSync(t, 'half');
    OutputTree.read(out).close();
    for (const t of temps) expect(existsSync(t)).toBe(true);
    OutputTree.open(out).close();
    for (const t of temps) expect(existsSync(t)).toBe(false);
  });

  it('a dry tree (read) plans the same and creates, locks and changes nothing', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    const before = snapshot(out);
    const tree = OutputTree.read(out);
    const plan = tree.write('a', new Map([['a/x.yaml', 'x: 2\n'], ['a/y.yaml', 'y\n']]), '-');
    expect(plan.writes.map((w) => w.path)).toEqual(['a/x.yaml', 'a/y.yaml']);
    expect(tree.manifest()).toMatchObject({ changed: true, pending: false });
    tree.close();
    expect(snapshot(out)).toBe(before);
    const none = OutputTree.read(join(out, 'nothing'));
    expect(none.manifest()).toEqual({ text: expect.any(String), changed: false, pending: false });
    expect(existsSync(join(out, 'nothing'))).toBe(false);
  });

  it('a pending intent of a killed run counts its files as synth\'s and is ended by the next run', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    const hash = (t: string) => createHash('sha256').update(t).digest('hex');
    writeFileSync(join(out, STATE_DIR, PENDING_FILE), `${JSON.stringify({ cluster: 'a', source: '-', files: { 'a/x.yaml': hash('x: half\n') } })}\n{"torn`);
    writeFileSync(join(out, 'a/x.yaml'), 'x: half\n');
    const tree = OutputTree.open(out, { durable: false });
    expect(tree.manifest().pending).toBe(true);
    expect(tree.write('a', new Map([['a/x.yaml', 'x\n']]), '-').refused).toEqual([]);
    tree.finish();
    expect(existsSync(join(out, STATE_DIR, PENDING_FILE))).toBe(false);
    expect(readFileSync(join(out, 'a/x.yaml'), 'utf8')).toBe('x\n');
  });
});

describe('the writer\'s run state', () => {
  it('refreshes the lock\'s heartbeat after every cluster, written, unchanged or refused', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    userFiles(out, { 'b/x.yaml': 'mine\n' });
    const tree = OutputTree.open(out, { durable: false });
    try {
      const lock = join(out, STATE_DIR, LOCK_FILE);
      for (const [name, path] of [['a', 'a/x.yaml'], ['b', 'b/x.yaml'], ['c', 'c/x.yaml']]) {
        const old = new Date(2020, 0, 1);
        utimesSync(lock, old, old);
        tree.write(name, new Map([[path, 'x\n']]), '-');
        expect(statSync(lock).mtimeMs, name).toBeGreaterThan(old.getTime());
      }
      tree.finish();
    } finally {
      tree.close();
    }
  });

  it('writes the state folder\'s .gitignore when it is missing, and keeps the user\'s', () => {
    const out = fresh();
    userFiles(out, { [`${STATE_DIR}/.gitignore`]: 'mine\n' });
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    expect(readFileSync(join(out, STATE_DIR, '.gitignore'), 'utf8')).toBe('mine\n');
    rmSync(join(out, STATE_DIR, '.gitignore'));
    writeOne(out, 'a', new Map([['a/x.yaml', 'x: 2\n']]));
    expect(readFileSync(join(out, STATE_DIR, '.gitignore'), 'utf8')).toBe(STATE_GITIGNORE);
  });

  it('ends a killed run\'s intent even when nothing is left to write', () => {
    const out = fresh();
    writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    const pending = join(out, STATE_DIR, PENDING_FILE);
    writeFileSync(pending, `${JSON.stringify({ cluster: 'a', source: '-', files: { 'a/x.yaml': createHash('sha256').update('x\n').digest('hex') } })}\n`);
    const plan = writeOne(out, 'a', new Map([['a/x.yaml', 'x\n']]));
    expect(plan.writes).toEqual([]);
    expect(existsSync(pending)).toBe(false);
  });
});

describe('replacing a file', () => {
  it('is complete or absent: a failed rename leaves the target and no temporary; a temporary in the way is another program\'s, kept', () => {
    const dir = tempDir('k3scc-rules-');
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd/inner'), '');
    expect(() => replaceFile(join(dir, 'd'), Buffer.from('x'), false)).toThrow(expect.objectContaining({ path: join(dir, 'd'), dest: undefined }));
    expect(readdirSync(dir)).toEqual(['d']);
    writeFileSync(temporaryOf(join(dir, 'f')), 'theirs');
    expect(() => replaceFile(join(dir, 'f'), Buffer.from('x'), false)).toThrow(expect.objectContaining({ code: 'EEXIST', syscall: 'open', path: join(dir, 'f') }));
    expect(readFileSync(temporaryOf(join(dir, 'f')), 'utf8')).toBe('theirs');
    expect(existsSync(join(dir, 'f'))).toBe(false);
  });

  it('keeps the mode given exactly, not narrowed by the umask; 644 (under the umask) by default', () => {
    const dir = tempDir('k3scc-rules-');
    writeFileSync(join(dir, 'probe'), '', { mode: 0o777 });
    const umask = ~statSync(join(dir, 'probe')).mode & 0o777;
    replaceFile(join(dir, 'a'), Buffer.from('a'), true);
    replaceFile(join(dir, 'b'), Buffer.from('b'), false, 0o664);
    replaceFile(join(dir, 'c'), Buffer.from('c'), false, 0o4755);
    expect(statSync(join(dir, 'a')).mode & 0o7777).toBe(0o644 & ~umask);
    expect(statSync(join(dir, 'b')).mode & 0o7777).toBe(0o664);
    expect(statSync(join(dir, 'c')).mode & 0o7777).toBe(0o4755);
    expect(lstatSync(join(dir, 'a')).isFile()).toBe(true);
  });
});

function rmAndDir(path: string): void {
  rmSync(path);
  mkdirSync(path);
}
