/** `--check`: exit 0 when the committed output is what the code renders, else 1 with the files and objects that differ. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTrees } from '../../src/cli/check.js';
import { HOMELAB, ROOT } from '../helpers.js';
import { run } from './run.js';

const clusters = join(ROOT, 'clusters');
describe('npm run synth -- --check', () => {
  it('passes on the committed dist/ (run `npm run synth` and commit dist/ when this fails)', () => {
    const r = run(['--check', '--config', clusters, '--out', join(ROOT, 'dist')]);
    expect(r.stderr).toContain('is what the code renders');
    expect(r.code).toBe(0);
  });

  it('names the changed objects, missing files and stale clusters, and writes nothing', () => {
    const config = mkdtempSync(join(tmpdir(), 'k3s-cilium-check-config-'));
    cpSync(join(ROOT, HOMELAB), join(config, 'homelab.yaml'));
    writeFileSync(join(config, 'office.yaml'), readFileSync(join(ROOT, HOMELAB), 'utf8').replace('name: homelab', 'name: office'));
    const out = join(mkdtempSync(join(tmpdir(), 'k3s-cilium-check-')), 'dist');
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    rmSync(join(config, 'office.yaml'));
    const pools = join(out, 'homelab/manifests/lb-ipam-pools.yaml');
    writeFileSync(pools, readFileSync(pools, 'utf8').replace('192.168.1.115', '192.168.1.120'));
    rmSync(join(out, 'homelab/k3s/config/cp-1.yaml'));
    // A user's directory that looks like output is not synth's: never reported, never deleted.
    mkdirSync(join(out, 'gone/cilium'), { recursive: true });
    writeFileSync(join(out, 'gone/cilium/values.yaml'), '{}\n');
    const r = run(['--check', '--config', config, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(1)).toEqual([
      '  changed  .k3s-cilium-cdk8s/manifest.json',
      '  missing  homelab/k3s/config/cp-1.yaml',
      '  changed  homelab/manifests/lb-ipam-pools.yaml',
      '             ~ CiliumLoadBalancerIPPool default-pool',
      ...['PLAN.md', 'cilium/values.yaml', 'k3s/config/cp-1.yaml', 'k3s/manifests/cilium.yaml', 'manifests/kustomization.yaml',
        'manifests/l2-announcement-policies.yaml', 'manifests/lb-ipam-pools.yaml', 'manifests/rp-filter.yaml'].map((f) => `  stale    office/${f}`),
      '',
    ]);
    expect(readFileSync(pools, 'utf8')).toContain('192.168.1.120');
  });

  it('tells added, removed and reformatted objects apart', () => {
    const a = 'kind: A\nmetadata: { name: a }\n';
    const b = 'kind: B\nmetadata: { name: b, namespace: ns }\n';
    expect(diffTrees(new Map([['f.yaml', a]]), new Map([['f.yaml', `${a}---\n${b}`]]))).toEqual(['changed  f.yaml', '           + B ns/b']);
    expect(diffTrees(new Map([['f.yaml', `${a}---\n${b}`]]), new Map([['f.yaml', a]]))).toEqual(['changed  f.yaml', '           - B ns/b']);
    expect(diffTrees(new Map([['f.yaml', a]]), new Map([['f.yaml', `# c\n${a}`]]))).toEqual(['changed  f.yaml', '           ~ formatting or object order']);
    expect(diffTrees(new Map([['v.yaml', 'x: 1\n']]), new Map([['v.yaml', 'x: 2\n']]))).toEqual(['changed  v.yaml']);
  });
});
