/**
 * Owned output: synth replaces and deletes only what it rendered from the same --config, lists every
 * deletion, and never touches a user's file or another source's output (issue 12's reproductions).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { run } from '../cli/run.js';
import { MANIFEST_FILE, STATE_DIR, writeTree } from '../../src/write/tree.js';
import { clusterDir, clusterText, snapshot, userFiles } from './trees.js';

const freshOut = () => join(mkdtempSync(join(tmpdir(), 'k3scc-owned-')), 'out');

describe('synth owns only what it wrote', () => {
  it('leaves a folder with a cilium/values.yaml that it did not write (g/platform/{cilium,cert-manager})', () => {
    const g = freshOut();
    userFiles(g, { 'platform/cilium/values.yaml': '', 'platform/cert-manager/values.yaml': '' });
    const r = run(['--config', join(ROOT, 'clusters'), '--out', g]);
    expect(r.stderr).not.toContain('removed');
    expect(r.code).toBe(0);
    expect(readdirSync(join(g, 'platform')).sort()).toEqual(['cert-manager', 'cilium']);
    expect(existsSync(join(g, 'homelab/PLAN.md'))).toBe(true);
    // Again, with the manifest in place: still untouched.
    expect(run(['--config', join(ROOT, 'clusters'), '--out', g]).code).toBe(0);
    expect(existsSync(join(g, 'platform/cilium/values.yaml'))).toBe(true);
  });

  it('rendering examples/ into a tree that holds clusters/ output leaves that output alone', () => {
    const out = freshOut();
    expect(run(['--config', 'clusters', '--out', out]).code).toBe(0);
    const before = snapshot(join(out, 'homelab')) + snapshot(join(out, 'argocd'));
    const r = run(['--config', 'examples', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('removed');
    expect(snapshot(join(out, 'homelab')) + snapshot(join(out, 'argocd'))).toBe(before);
    expect(existsSync(join(out, 'bgp-tor/manifests/bgp.yaml'))).toBe(true);
    // Each source deletes only its own: clusters/ again leaves examples/' clusters in place.
    expect(run(['--config', 'clusters', '--out', out]).stderr).not.toContain('removed');
    expect(existsSync(join(out, 'bgp-tor/PLAN.md'))).toBe(true);
  });

  it('deletes owned output the source no longer renders, listing each deletion on stderr; keeps user files inside', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    userFiles(out, { 'a/NOTES.md': 'mine', 'b/NOTES.md': 'mine too', 'README.md': 'repo' });
    writeFileSync(join(config, 'b.yaml'), clusterText('c'));
    const r = run(['--config', config, '--out', out]);
    expect(r.code).toBe(0);
    const removed = r.stderr.split('\n').filter((l) => l.startsWith('synth: removed '));
    expect(removed).toHaveLength(8);
    expect(removed).toContain(`synth: removed ${join(out, 'b/PLAN.md')}`);
    expect(readdirSync(join(out, 'b'))).toEqual(['NOTES.md']);
    expect(readFileSync(join(out, 'a/NOTES.md'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('repo');
    expect(existsSync(join(out, 'c/PLAN.md'))).toBe(true);
    // A single cluster file is its own scope: its stale node config goes, the other clusters stay.
    writeFileSync(join(config, 'a.yaml'), clusterText('a').replace('name: cp-1', 'name: cp-2'));
    const single = run(['--config', join(config, 'a.yaml'), '--out', out]);
    expect(single.code).toBe(0);
    expect(single.stderr).toMatch(/synth: removed \S*a\/k3s\/config\/cp-1\.yaml\n/);
    expect(existsSync(join(out, 'c/PLAN.md'))).toBe(true);
  });

  it('refuses (exit 3, nothing written) to replace a file it did not write', () => {
    const out = freshOut();
    expect(run(['--config', 'clusters', '--out', out]).code).toBe(0);
    userFiles(out, { 'lab/PLAN.md': 'my own plan' });
    const before = snapshot(out);
    const r = run(['--config', clusterDir({ 'lab.yaml': clusterText('lab') }), '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^synth: 1 path in \S+ is not synth's to replace: lab\/PLAN\.md exists and synth did not write it\. Move it away/);
    expect(snapshot(out)).toBe(before);
    // Another source's output of the same cluster name is not this source's either.
    const other = run(['--config', clusterDir({ 'homelab.yaml': clusterText('homelab', '192.168.1.114') }), '--out', out]);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/homelab\/PLAN\.md was rendered from \S*clusters\/homelab\.yaml, not from /);
    expect(snapshot(out)).toBe(before);
  });

  it('does not touch a cluster whose files did not change (mtimes kept)', () => {
    const out = freshOut();
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(out, 'a/PLAN.md'), old, old);
    writeFileSync(join(config, 'b.yaml'), clusterText('b', '192.168.1.114'));
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    expect(statSync(join(out, 'a/PLAN.md')).mtime).toEqual(old);
    expect(readFileSync(join(out, 'b/manifests/lb-ipam-pools.yaml'), 'utf8')).toContain('192.168.1.114');
  });

  it('adopts a tree an older version wrote (no manifest) by recognising its own files, and nothing else', () => {
    const out = freshOut();
    expect(run(['--config', 'clusters', '--out', out]).code).toBe(0);
    const rendered = snapshot(out);
    // What the older version left: the same files without a manifest, one stale file, and a user's look-alike.
    const state = join(out, STATE_DIR);
    rmSync(state, { recursive: true });
    userFiles(out, { 'homelab/manifests/bgp.yaml': 'stale?', 'platform/cilium/values.yaml': '# Cilium values of someone else\n' });
    const r = run(['--config', 'clusters', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/synth: adopted 8 files in \S*homelab\/ \(written before synth recorded what it owns\)/);
    expect(r.stderr).toMatch(/synth: adopted 1 file in \S*argocd\//);
    expect(r.stderr).toMatch(/synth: kept \S*homelab\/manifests\/bgp\.yaml: not known as synth's; delete it if it is stale\n/);
    expect(existsSync(join(out, 'platform/cilium/values.yaml'))).toBe(true);
    expect(readFileSync(join(out, 'homelab/manifests/bgp.yaml'), 'utf8')).toBe('stale?'); // not known as synth's: kept
    const manifest = JSON.parse(readFileSync(join(state, MANIFEST_FILE), 'utf8'));
    expect(Object.keys(manifest.files)).not.toContain('homelab/manifests/bgp.yaml');
    expect(snapshot(out).split('\n').filter((l) => !/bgp\.yaml|platform/.test(l)).join('\n')).toBe(rendered);
  });

  it('keeps only the manifest and its .gitignore in the state directory, the same bytes for the same input', () => {
    const a = freshOut();
    const b = freshOut();
    expect(run(['--config', 'clusters', '--out', a]).code).toBe(0);
    expect(run(['--config', 'clusters', '--out', b]).code).toBe(0);
    expect(readdirSync(join(a, STATE_DIR)).sort()).toEqual(['.gitignore', MANIFEST_FILE]);
    expect(readFileSync(join(a, STATE_DIR, MANIFEST_FILE), 'utf8')).toBe(readFileSync(join(b, STATE_DIR, MANIFEST_FILE), 'utf8'));
  });

  it('refuses a path that is not plain and relative (a caller\'s bug), before touching anything', () => {
    const out = freshOut();
    for (const bad of ['../x', '/abs', 'a//b', `${STATE_DIR}/x`, 'a/\u001b[31m', 'a\\b']) {
      expect(() => writeTree(out, new Map([[bad, 'x']]), { source: ROOT, durable: false })).toThrow(/not a plain relative path/);
    }
    mkdirSync(out, { recursive: true });
    expect(readdirSync(out)).toEqual([STATE_DIR]);
  });
});

describe('the state directory is checked before its contents become paths', () => {
  it('refuses a manifest that names a path outside the tree (exit 3, nothing moved)', () => {
    const out = freshOut();
    expect(run(['--config', 'clusters', '--out', out]).code).toBe(0);
    const manifest = join(out, STATE_DIR, MANIFEST_FILE);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"argocd/homelab.yaml"', '"../outside/x.yaml"'));
    const before = snapshot(join(out, '..'));
    const r = run(['--config', 'clusters', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/manifest\.json is not a k3s-cilium-cdk8s ownership manifest \(version 1\): restore it from version control/);
    expect(snapshot(join(out, '..'))).toBe(before);
  });

  it('refuses a journal it did not write', () => {
    const out = freshOut();
    expect(run(['--config', 'clusters', '--out', out]).code).toBe(0);
    writeFileSync(join(out, STATE_DIR, 'journal.json'), JSON.stringify({ tool: 'k3s-cilium-cdk8s', tx: '../..', ops: [] }));
    const r = run(['--config', 'clusters', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/journal\.json is not a journal this tool wrote/);
  });
});
