/** The synth command's contract: exit codes, messages, and nothing written on bad input. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOMELAB, readProjectFile } from '../helpers.js';
import { run } from './run.js';

function clusterFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'k3s-cilium-cli-'));
  writeFileSync(join(dir, 'c.yaml'), text);
  return join(dir, 'c.yaml');
}

describe('npm run synth', () => {
  it('exits 2 with the usage on an unknown option', () => {
    const r = run(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: k3s-cilium-cdk8s synth [--config');
  });

  it('exits 2 when --config does not exist', () => {
    const r = run(['--config', '/nonexistent/clusters']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--config /nonexistent/clusters: no such file or directory');
  });

  it('exits 1, names file and field, suggests the key, and writes nothing for a typo', () => {
    const file = clusterFile(readProjectFile(HOMELAB).replace('bandwidthManager:', 'bandwithManager:'));
    const out = join(mkdtempSync(join(tmpdir(), 'k3s-cilium-out-')), 'dist');
    const r = run(['--config', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: cilium.bandwithManager: unknown key "bandwithManager". Did you mean "bandwidthManager"?`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('reports YAML syntax errors with their position', () => {
    const r = run(['--config', clusterFile('name: [unclosed\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/c\.yaml: line \d+, column \d+: invalid YAML: /);
  });

  it('rejects an unsupported Cilium release with the supported range', () => {
    const r = run(['--config', clusterFile(readProjectFile(HOMELAB).replace('version: 1.20.0', 'version: 1.15.3'))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cilium.version: Cilium 1.15.3 is not supported; supported releases are 1.18.x–1.20.x.');
  });
});

describe('npm run synth of another directory of cluster files', () => {
  it('renders it without the repository fleet.yaml, which describes clusters/ only', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'k3s-cilium-out-')), 'dist');
    const r = run(['--config', 'examples', '--out', out]);
    expect(r.stderr).not.toContain('fleet.yaml');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'bgp-tor', 'manifests', 'bgp.yaml'))).toBe(true);
    expect(existsSync(join(out, 'argocd'))).toBe(false);
  });
});
