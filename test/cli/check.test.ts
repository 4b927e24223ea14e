/** `--check`: exit 0 when the committed output is what the code renders, else 1 with the files and objects that differ. */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffTrees } from '../../src/cli/check.js';
import { runSynth } from '../../src/cli/cmds/synth.js';
import { HOMELAB, renderFile, ROOT, tempDir } from '../helpers.js';
import { run } from './run.js';

const clusters = join(ROOT, 'clusters');
const temps: string[] = [];
afterAll(() => { for (const t of temps) rmSync(t, { recursive: true, force: true }); });
describe('npm run synth -- --check', () => {
  it('passes on the committed dist/ (run `npm run synth` and commit dist/ when this fails)', () => {
    const r = run(['--check', '--config', clusters, '--out', join(ROOT, 'dist')]);
    expect(r.stderr).toContain('is what the code renders');
    expect(r.code).toBe(0);
  });

  it('names the changed objects, missing files, stale clusters and files synth would refuse, and writes nothing', () => {
    const config = tempDir('k3s-cilium-check-config-');
    const out = join(tempDir('k3s-cilium-check-'), 'dist');
    temps.push(config, join(out, '..'));
    cpSync(join(ROOT, HOMELAB), join(config, 'homelab.yaml'));
    writeFileSync(join(config, 'office.yaml'), readFileSync(join(ROOT, HOMELAB), 'utf8').replace('name: homelab', 'name: office'));
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    rmSync(join(config, 'office.yaml'));
    writeFileSync(join(config, 'homelab.yaml'), readFileSync(join(ROOT, HOMELAB), 'utf8').replace('192.168.1.115', '192.168.1.120'));
    rmSync(join(out, 'homelab/k3s/config/cp-1.yaml'));
    // A user's directory that looks like output is not synth's: never reported, never deleted.
    mkdirSync(join(out, 'gone/cilium'), { recursive: true });
    writeFileSync(join(out, 'gone/cilium/values.yaml'), '{}\n');
    const officeFiles = Object.keys(JSON.parse(readFileSync(join(out, '.k3s-cilium-cdk8s/manifest.json'), 'utf8')).clusters.office.files);
    const r = run(['--check', '--config', config, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(1)).toEqual([
      '  changed  .k3s-cilium-cdk8s/manifest.json',
      '  changed  homelab/PLAN.md',
      '  missing  homelab/k3s/config/cp-1.yaml',
      '  changed  homelab/manifests/lb-ipam-pools.yaml',
      '             ~ CiliumLoadBalancerIPPool default-pool',
      ...officeFiles.sort().map((f) => `  stale    ${f}`),
      '',
    ]);
    expect(existsSync(join(out, 'gone/cilium/values.yaml'))).toBe(true);
    // A file someone changed is listed as one synth would refuse.
    writeFileSync(join(out, 'homelab/cilium/values.yaml'), '# mine\n');
    expect(run(['--check', '--config', config, '--out', out]).stderr).toContain(
      '  not ours homelab/cilium/values.yaml: changed since synth wrote it (synth would refuse to write)\n');
  });

  it('tells added, removed and reformatted objects apart', () => {
    const a = 'kind: A\nmetadata: { name: a }\n';
    const b = 'kind: B\nmetadata: { name: b, namespace: ns }\n';
    expect(diffTrees(new Map([['f.yaml', a]]), new Map([['f.yaml', `${a}---\n${b}`]]))).toEqual(['changed  f.yaml', '           + B ns/b']);
    expect(diffTrees(new Map([['f.yaml', `${a}---\n${b}`]]), new Map([['f.yaml', a]]))).toEqual(['changed  f.yaml', '           - B ns/b']);
    expect(diffTrees(new Map([['f.yaml', a]]), new Map([['f.yaml', `# c\n${a}`]]))).toEqual(['changed  f.yaml', '           ~ formatting or object order']);
    expect(diffTrees(new Map([['v.yaml', 'x: 1\n']]), new Map([['v.yaml', 'x: 2\n']]))).toEqual(['changed  v.yaml']);
  });

  it('lists object lines only for files of Kubernetes objects: not for a document without a kind or a name, an empty document, or broken YAML', () => {
    const a = 'kind: A\nmetadata: { name: a }\n';
    const changed = (before: string, after: string) => diffTrees(new Map([['f.yaml', before]]), new Map([['f.yaml', after]]));
    for (const other of ['metadata: { name: a }\n', 'kind: 7\nmetadata: { name: a }\n', 'kind: A\n', 'kind: A\nmetadata: { name: "" }\n', 'kind: A\nmetadata: {}\n', '', 'null\n', 'kind: [\n']) {
      expect(changed(a, `${a}---\n${other}`), JSON.stringify(other)).toEqual(['changed  f.yaml']);
      expect(changed(`${a}---\n${other}`, a), JSON.stringify(other)).toEqual(['changed  f.yaml']);
    }
    expect(changed(a, 'kind: A\nmetadata: { name: a, labels: { x: y } }\n')).toEqual(['changed  f.yaml', '           ~ A a']);
    expect(changed(a, 'kind: A\nmetadata: { name: b }\n')).toEqual(['changed  f.yaml', '           + A b', '           - A a']);
    expect(diffTrees(new Map([['f.yaml', a]]), new Map([['f.yaml', a]]))).toEqual([]);
    // An empty file holds no objects to compare: only the file is named.
    expect(changed('', a)).toEqual(['changed  f.yaml']);
    expect(changed(a, '')).toEqual(['changed  f.yaml']);
  });

  it('lists the paths of both trees in order, each once, with its kind of difference', () => {
    const tree = (...entries: [string, string][]) => new Map(entries);
    expect(diffTrees(tree(['b', '1'], ['d', '1'], ['a', '1']), tree(['c', '1'], ['a', '2'], ['b', '1']))).toEqual([
      'changed  a', 'missing  c', 'stale    d',
    ]);
  });

  it('says whole how many files are up to date, and names the command to run without --check as it was typed', async () => {
    const config = tempDir('k3s-cilium-check-config-');
    const out = join(tempDir('k3s-cilium-check-'), 'dist');
    cpSync(join(ROOT, HOMELAB), join(config, 'homelab.yaml'));
    writeFileSync(join(config, 'office.yaml'), readFileSync(join(ROOT, HOMELAB), 'utf8').replace('name: homelab', 'name: office'));
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    const files = 2 * renderFile(HOMELAB).size;
    expect(run(['--check', '--config', config, '--out', out])).toEqual({ code: 0, stdout: '', stderr: `check: ${out}/ is what the code renders (${files} files)\n` });
    rmSync(join(out, 'office/PLAN.md'));
    const io = { err: '', stdout: () => {}, stderr: (t: string) => { io.err += t; } };
    expect(runSynth(['--check', '--config', config, '--out', `${out}/`], io, 'npm run synth --')).toBe(1);
    expect(io.err).toBe(`check: ${out}/ differs from what the code renders; run \`npm run synth\` without --check and commit ${out}/:\n  missing  office/PLAN.md\n`);
    expect(run(['--check', '--config', config, '--out', out]).stderr.split('\n')[0]).toBe(
      `check: ${out}/ differs from what the code renders; run \`k3s-cilium-cdk8s synth\` without --check and commit ${out}/:`);
  });
});
