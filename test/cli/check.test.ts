/** `--check`: exit 0 when the committed output is what the code renders, else 1 with the files and objects that differ. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTrees } from '../../src/cli/check.js';
import { HOMELAB, ROOT } from '../helpers.js';
import { run } from './run.js';

const clusters = join(ROOT, 'clusters');
/** A directory holding the default-cluster fixture only. */
const fixtureDir = mkdtempSync(join(tmpdir(), 'k3s-cilium-check-config-'));
cpSync(join(ROOT, HOMELAB), join(fixtureDir, 'homelab.yaml'));

/** The fixture rendered into a fresh directory, to tamper with. */
function renderedCopy(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'k3s-cilium-check-')), 'dist');
  expect(run(['--config', fixtureDir, '--out', out]).code).toBe(0);
  return out;
}

describe('npm run synth -- --check', () => {
  it('passes on the committed dist/ (run `npm run synth` and commit dist/ when this fails)', () => {
    const r = run(['--check', '--config', clusters, '--out', join(ROOT, 'dist')]);
    expect(r.stderr).toContain('is what the code renders');
    expect(r.code).toBe(0);
  });

  it('names the changed objects, missing files and stale clusters, and writes nothing', () => {
    const out = renderedCopy();
    const pools = join(out, 'homelab/manifests/lb-ipam-pools.yaml');
    writeFileSync(pools, readFileSync(pools, 'utf8').replace('192.168.1.115', '192.168.1.120'));
    rmSync(join(out, 'homelab/k3s/config/cp-1.yaml'));
    mkdirSync(join(out, 'gone/cilium'), { recursive: true });
    writeFileSync(join(out, 'gone/cilium/values.yaml'), '{}\n');
    const r = run(['--check', '--config', fixtureDir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(1)).toEqual([
      '  stale    gone/cilium/values.yaml',
      '  missing  homelab/k3s/config/cp-1.yaml',
      '  changed  homelab/manifests/lb-ipam-pools.yaml',
      '             ~ CiliumLoadBalancerIPPool default-pool',
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
