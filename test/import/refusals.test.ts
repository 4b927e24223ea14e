/**
 * What import refuses, each with its message, and the command's promises: nothing written on a
 * refusal, never over an existing file without --force, the report on stdout, exit codes.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/cmds/import.js';
import { importSetup } from '../../src/import/import.js';
import { formatProblem } from '../../src/import/problems.js';
import { tempDir } from '../helpers.js';

let dir: string;
beforeEach(() => { dir = tempDir('k3s-cilium-import-'); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function problems(paths: string[], set?: Map<string, string>): string[] {
  return importSetup(paths, set ? { set } : {}).problems.map(formatProblem);
}

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runImport(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

const VALUES = 'k8sServiceHost: 192.168.1.10\nkubeProxyReplacement: true\n';

describe('import refuses what it cannot read faithfully', () => {
  it('a Helm or Go template expression', () => {
    const f = write('values.yaml', 'k8sServiceHost: "{{ .Values.apiHost }}"\n');
    expect(problems([f])).toEqual([`${f}: k8sServiceHost: "{{ .Values.apiHost }}" is a Go-template expression. Render the template first (helm template, or the tool that fills it) and import the rendered file.`]);
  });

  it('a Flux variable without --set, and reads it with --set (a default in the variable needs none)', () => {
    const f = write('release.yaml', [
      'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata: { name: cilium, namespace: kube-system }',
      'spec:', '  chart: { spec: { chart: cilium, version: 1.19.4 } }', '  values:', '    k8sServiceHost: ${API_HOST}', '    k8sServicePort: ${API_PORT:=6443}', '',
    ].join('\n'));
    expect(problems([f])).toEqual([
      `${f}: spec.values.k8sServiceHost: \${API_HOST} is a Flux post-build variable import cannot know. Give its value: --set API_HOST=<value> (what the Kustomization's postBuild.substitute or substituteFrom sets).`,
    ]);
    const result = importSetup([f], { set: new Map([['API_HOST', '10.0.0.1']]) });
    expect(result.problems).toEqual([]);
    expect(result.spec?.k3s.apiServer).toEqual({ host: '10.0.0.1' });
  });

  it('a SOPS-encrypted file and a SOPS-encrypted value', () => {
    const file = write('secret-values.yaml', 'k8sServiceHost: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:x]\n  version: 3.9.0\n');
    expect(problems([file])).toEqual([`${file}: sops: the file is encrypted with SOPS. Import the decrypted file (sops -d <file> > plain.yaml, kept out of Git), or leave this file out.`]);
    const value = write('v.yaml', 'k8sServiceHost: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\n');
    expect(problems([value])).toEqual([`${value}: k8sServiceHost: the value is encrypted with SOPS. Import the decrypted file (sops -d <file> > plain.yaml, kept out of Git), or leave this file out.`]);
  });

  it('a plain-text BGP password, in a resource or in the Secret an authSecretRef names', () => {
    const bgp = write('bgp.yaml', 'apiVersion: cilium.io/v2\nkind: CiliumBGPPeerConfig\nmetadata: { name: tor }\nspec:\n  authSecretRef: tor-password\n  password: hunter2\n');
    expect(problems([bgp])).toEqual([
      `${bgp}: spec.password: a BGP password in plain text. Keep it in a Secret (kubectl -n kube-system create secret generic <name> --from-literal=password=...) and name the Secret in authSecretRef.`,
    ]);
    const secret = write('secret.yaml', 'apiVersion: cilium.io/v2\nkind: CiliumBGPPeerConfig\nmetadata: { name: tor }\nspec:\n  authSecretRef: tor-password\n---\n'
      + 'apiVersion: v1\nkind: Secret\nmetadata: { name: tor-password, namespace: kube-system }\nstringData:\n  password: hunter2\n');
    expect(problems([secret])).toEqual([
      `${secret}: stringData.password: Secret kube-system/tor-password holds a BGP password in plain text (base64 is not encryption). `
      + 'Keep the Secret out of Git (create it with kubectl, or through Sealed Secrets / SOPS / an external secret store) and import without this file.',
    ]);
  });

  it('a k3s config that names no node, unless --node names it', () => {
    const f = write('etc/rancher/k3s/config.yaml', 'node-ip: 10.0.0.2\nflannel-backend: none\n');
    expect(problems([f])[0]).toContain('cannot tell which node this k3s config belongs to');
    expect(importSetup([f], { nodes: ['cp-1'] }).spec?.nodes[0].name).toBe('cp-1');
  });

  it('YAML that does not parse, with its line', () => {
    const f = write('bad.yaml', 'a: [1, 2\n');
    expect(problems([f])[0]).toMatch(/bad\.yaml: line \d+, column \d+: not valid YAML/);
  });
});

describe('the import command', () => {
  it('writes nothing on a refusal, exit 1', () => {
    const f = write('values.yaml', 'k8sServiceHost: "{{ .Values.host }}"\n');
    const out = join(dir, 'clusters', 'x.yaml');
    const r = run([f, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing was written');
    expect(existsSync(out)).toBe(false);
  });

  it('never writes over an existing cluster file unless --force', () => {
    const f = write('values.yaml', VALUES);
    const out = write('clusters/lab.yaml', 'mine\n');
    const refused = run([f, '--name', 'lab', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exists; nothing was written');
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = run([f, '--name', 'lab', '--out', out, '--force']);
    expect(forced.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('name: lab');
    expect(forced.stdout).toContain('k8sServiceHost = 192.168.1.10  → k3s.apiServer.host');
  });

  it('writes over a temporary a killed import left beside the cluster file', () => {
    const f = write('values.yaml', VALUES);
    const out = join(dir, 'clusters', 'lab.yaml');
    write('clusters/.lab.yaml.k3s-cilium-cdk8s.tmp', 'half a fi');
    const done = run([f, '--name', 'lab', '--out', out]);
    expect(done.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('name: lab');
    expect(existsSync(join(dir, 'clusters', '.lab.yaml.k3s-cilium-cdk8s.tmp'))).toBe(false);
  });

  it('prints the file with --out - and the report on stderr; --verify passes on a faithful import', () => {
    const f = write('values.yaml', VALUES);
    const r = run([f, '--name', 'lab', '--out', '-', '--verify']);
    expect(r.stdout).toMatch(/^# Written by `k3s-cilium-cdk8s import`/);
    expect(r.stderr).toContain('verify: the rendered lab against the input: 0 differences, 0 unexplained');
    expect(r.code).toBe(0);
  });

  it('--set without a value and no input are usage errors (exit 2)', () => {
    expect(run([]).code).toBe(2);
    expect(run([write('v.yaml', VALUES), '--set', 'NOVALUE']).code).toBe(2);
  });

  it('keeps Hubble off (a small node\'s choice): hubble.enabled false is cilium.hubble.enabled, true is the default and left out', () => {
    const off = importSetup([write('off.yaml', `${VALUES}hubble:\n  enabled: false\n`)]);
    expect(off.report.entries.find((e) => e.path === 'hubble.enabled')?.to).toEqual({ kind: 'field', path: 'cilium.hubble.enabled' });
    expect(off.spec?.cilium.hubble).toEqual({ enabled: false });
    const on = importSetup([write('on.yaml', `${VALUES}hubble:\n  enabled: true\n`)]);
    expect(on.spec?.cilium.hubble).toBeUndefined();
    const r = run([join(dir, 'off.yaml'), '--name', 'lab', '--out', '-', '--verify']);
    expect(r.stderr).toContain('verify: the rendered lab against the input: 0 differences, 0 unexplained');
    expect(r.code).toBe(0);
  });

  it('tells a misspelt key from an overlay key', () => {
    const f = write('values.yaml', `${VALUES}l7Proxy: false\nhubble:\n  relay:\n    enabeld: true\n`);
    const entries = importSetup([f]).report.entries;
    expect(entries.find((e) => e.path === 'l7Proxy')?.to).toEqual({ kind: 'overlay', path: 'l7Proxy' });
    expect(entries.find((e) => e.path === 'hubble.relay.enabeld')?.to).toMatchObject({ kind: 'dropped', reason: expect.stringContaining('did you mean hubble.relay.enabled?') });
  });
});
