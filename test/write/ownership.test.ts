/**
 * Ownership by content: synth replaces or deletes only files that still hold what it wrote, lists
 * every deletion, refuses (exit 3, listed) a file a user changed or added unless --take-over, and
 * follows the cluster, not the path: a moved config folder, a renamed cluster file and the same
 * output reached through a symbolic link render normally.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';
import { shown } from '../../src/write/io-error.js';
import { MANIFEST_FILE, STATE_DIR, writeTree } from '../../src/write/tree.js';
import { clusterDir, clusterText, files, snapshot, tempDir, userFiles } from './trees.js';

const freshOut = () => join(tempDir('k3scc-owned-'), 'out');
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, STATE_DIR, MANIFEST_FILE), 'utf8'));

describe('synth owns only what it wrote', () => {
  it('leaves a user\'s folder alone, even one that looks like output (platform/cilium/values.yaml)', () => {
    const out = freshOut();
    userFiles(out, { 'platform/cilium/values.yaml': '', 'platform/cert-manager/values.yaml': '' });
    const config = clusterDir({ 'a.yaml': clusterText('a') });
    for (let i = 0; i < 2; i++) {
      const r = run(['--config', config, '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('removed');
    }
    expect(readdirSync(join(out, 'platform')).sort()).toEqual(['cert-manager', 'cilium']);
  });

  it('two config folders rendered into one output leave each other\'s clusters alone', () => {
    const out = freshOut();
    const [one, two] = [clusterDir({ 'a.yaml': clusterText('a') }), clusterDir({ 'b.yaml': clusterText('b') })];
    expect(run(['--config', one, '--out', out]).code).toBe(0);
    const a = snapshot(join(out, 'a'));
    const r = run(['--config', two, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('removed');
    expect(run(['--config', one, '--out', out]).stderr).not.toContain('removed');
    expect(snapshot(join(out, 'a'))).toBe(a);
    expect(existsSync(join(out, 'b/PLAN.md'))).toBe(true);
  });

  it('deletes what it wrote for a cluster no longer rendered, listing each file; keeps user files inside and the folders holding them', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    const bFiles = [...files(join(out, 'b')).keys()];
    userFiles(out, { 'a/NOTES.md': 'mine', 'b/NOTES.md': 'mine too', 'README.md': 'repo' });
    writeFileSync(join(config, 'b.yaml'), clusterText('c'));
    const r = run(['--config', config, '--out', out]);
    expect(r.code).toBe(0);
    const removed = r.stderr.split('\n').filter((l) => l.startsWith('synth: removed '));
    expect(removed.sort()).toEqual(bFiles.map((f) => `synth: removed ${shown(join(out, 'b', f))}`).sort());
    expect(readdirSync(join(out, 'b'))).toEqual(['NOTES.md']);
    expect(readFileSync(join(out, 'a/NOTES.md'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('repo');
    expect(existsSync(join(out, 'c/PLAN.md'))).toBe(true);
    // One cluster file of the folder: its stale node config goes, the other clusters stay.
    writeFileSync(join(config, 'a.yaml'), clusterText('a').replace('name: cp-1', 'name: cp-2'));
    const single = run(['--config', join(config, 'a.yaml'), '--out', out]);
    expect(single.code).toBe(0);
    expect(single.stderr).toMatch(/synth: removed \S*a\/k3s\/config\/cp-1\.yaml\n/);
    expect(existsSync(join(out, 'c/PLAN.md'))).toBe(true);
    // A cluster whose files were all synth's leaves no folder behind.
    rmSync(join(config, 'b.yaml'));
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    expect(existsSync(join(out, 'c'))).toBe(false);
  });

  it('refuses a file a user changed or added (listed, exit 3, the cluster untouched); --take-over replaces it', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    writeFileSync(join(out, 'a/PLAN.md'), 'my own plan');
    rmSync(join(out, 'b/PLAN.md'));
    writeFileSync(join(out, 'b/PLAN.md'), 'another plan');
    rmSync(join(out, STATE_DIR, MANIFEST_FILE));
    userFiles(out, { 'a/manifests/bgp.yaml': 'mine' });
    writeFileSync(join(config, 'a.yaml'), clusterText('a', '192.168.1.114'));
    writeFileSync(join(config, 'b.yaml'), clusterText('b', '192.168.1.114'));
    const before = snapshot(out);
    const r = run(['--config', config, '--out', out]);
    expect(r.code).toBe(3);
    // Without a manifest nothing is known as synth's but what is identical to the render.
    expect(r.stderr).toContain('\n  a/PLAN.md: not written by synth\n');
    expect(r.stderr).toContain('\n  b/PLAN.md: not written by synth\n');
    expect(r.stderr).toMatch(/The clusters holding them \(a, b\) were left as they were; every other cluster is written\. /);
    expect(r.stderr).toMatch(/Move these files away, or run synth again with --take-over to let synth replace them\n$/);
    expect(snapshot(out)).toBe(before);
    const taken = run(['--config', config, '--out', out, '--take-over']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(readFileSync(join(out, 'a/PLAN.md'), 'utf8')).toMatch(/^# IP plan: a\n/);
    expect(readFileSync(join(out, 'a/manifests/bgp.yaml'), 'utf8')).toBe('mine'); // not rendered: not taken
    expect(run(['--check', '--config', config, '--out', out]).code).toBe(0);
  });

  it('refuses to delete a changed file of a removed cluster; --take-over lets go of it (kept, no longer synth\'s)', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    writeFileSync(join(out, 'b/PLAN.md'), 'edited');
    rmSync(join(config, 'b.yaml'));
    const r = run(['--config', config, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('\n  b/PLAN.md: changed since synth wrote it; synth would delete it\n');
    expect(existsSync(join(out, 'b/cilium/values.yaml'))).toBe(true);
    const taken = run(['--config', config, '--out', out, '--take-over']);
    expect(taken.code).toBe(0);
    expect(taken.stderr).toMatch(/synth: kept \S+\/b\/PLAN\.md: changed since synth wrote it, and now yours \(--take-over\)\n/);
    expect(readdirSync(join(out, 'b'))).toEqual(['PLAN.md']);
    expect(Object.keys(manifestOf(out).clusters)).toEqual(['a']);
  });

  it('does not rewrite a file whose content did not change (mtimes kept)', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(out, 'a/PLAN.md'), old, old);
    utimesSync(join(out, 'b/cilium/values.yaml'), old, old);
    writeFileSync(join(config, 'b.yaml'), clusterText('b', '192.168.1.114'));
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    expect(statSync(join(out, 'a/PLAN.md')).mtime).toEqual(old);
    expect(statSync(join(out, 'b/cilium/values.yaml')).mtime).toEqual(old);
    expect(readFileSync(join(out, 'b/manifests/lb-ipam-pools.yaml'), 'utf8')).toContain('192.168.1.114');
  });

  it('reads an older version\'s manifest (paths only) as no record: files identical to the render are taken, others refused', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    const paths = Object.keys(manifestOf(out).clusters.a.files);
    writeFileSync(join(out, STATE_DIR, MANIFEST_FILE), JSON.stringify({ tool: 'k3s-cilium-cdk8s', version: 1, files: Object.fromEntries(paths.map((p) => [p, 'x'])) }));
    const r = run(['--config', config, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(manifestOf(out).version).toBe(2);
    expect(run(['--check', '--config', config, '--out', out]).code).toBe(0);
  });
});

describe('ownership follows the cluster, not the path', () => {
  it('a moved config folder, a renamed cluster file and a symlinked --out render normally', () => {
    const base = tempDir();
    const config = join(base, 'clusters');
    cpSync(clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') }), config, { recursive: true });
    const out = join(base, 'out');
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    const tree = files(out);
    const moved = join(base, 'moved', 'clusters');
    mkdirSync(join(base, 'moved'));
    renameSync(config, moved);
    const r = run(['--config', moved, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('removed');
    expect(manifestOf(out).clusters.a.source).toBe('../moved/clusters/a.yaml');
    expect(files(out)).toEqual(new Map([...tree].map(([p, t]) => [p, p.endsWith('PLAN.md') ? t.replaceAll(config, moved) : t])));
    renameSync(join(moved, 'a.yaml'), join(moved, 'renamed.yaml'));
    const renamed = run(['--config', moved, '--out', out]);
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stderr).not.toContain('removed');
    symlinkSync(out, join(base, 'link'));
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(out, 'b/PLAN.md'), old, old);
    const linked = run(['--config', moved, '--out', join(base, 'link')]);
    expect(linked.code, linked.stderr).toBe(0);
    expect(statSync(join(out, 'b/PLAN.md')).mtime).toEqual(old);
    expect(run(['--check', '--config', moved, '--out', join(base, 'link')]).code).toBe(0);
    expect(run(['--check', '--config', moved, '--out', out]).code).toBe(0);
  });

  it('does not write through a symbolic link in place of a cluster folder (listed, exit 3, the outside untouched)', () => {
    const base = tempDir();
    const out = join(base, 'out');
    const config = clusterDir({ 'a.yaml': clusterText('a') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(base, 'outside/PLAN.md'), 'outside');
    rmSync(join(out, 'a'), { recursive: true });
    symlinkSync(join(base, 'outside'), join(out, 'a'));
    writeFileSync(join(config, 'a.yaml'), clusterText('a', '192.168.1.114'));
    const r = run(['--config', config, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('\n  a: a symbolic link where synth needs a folder (synth does not write through links)\n');
    expect(readdirSync(join(base, 'outside'))).toEqual(['PLAN.md']);
  });
});

describe('the manifest', () => {
  it('is the same bytes for the same input, beside only its .gitignore', () => {
    const base = tempDir();
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', join(base, 'one')]).code).toBe(0);
    expect(run(['--config', config, '--out', join(base, 'two')]).code).toBe(0);
    expect(readdirSync(join(base, 'one', STATE_DIR)).sort()).toEqual(['.gitignore', MANIFEST_FILE]);
    expect(readFileSync(join(base, 'one', STATE_DIR, MANIFEST_FILE), 'utf8')).toBe(readFileSync(join(base, 'two', STATE_DIR, MANIFEST_FILE), 'utf8'));
  });

  it('hand-edited to name a path outside the tree: refused, exit 3, nothing changed', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    const manifest = join(out, STATE_DIR, MANIFEST_FILE);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"a/PLAN.md"', '"../outside/x.yaml"'));
    const before = snapshot(join(out, '..'));
    const r = run(['--config', config, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/manifest\.json is not a k3s-cilium-cdk8s manifest \(version 2\): restore it from version control/);
    expect(snapshot(join(out, '..'))).toBe(before);
  });

  it('writeTree refuses a path that is not plain and relative (a caller\'s bug), writing nothing', () => {
    const out = freshOut();
    for (const bad of ['../x', '/abs', 'a//b', `${STATE_DIR}/x`, 'a/\u001b[31m', 'a\\b']) {
      expect(() => writeTree(out, new Map([[bad, 'x']]), { source: config(), durable: false })).toThrow(/not a plain relative path/);
    }
    expect(existsSync(out)).toBe(false);
  });
});

function config(): string {
  return join(clusterDir({ 'a.yaml': clusterText('a') }), 'a.yaml');
}
