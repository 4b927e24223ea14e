/** The synth command's contract: exit codes, messages, and nothing written on bad input. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOMELAB, readProjectFile, tempDir } from '../helpers.js';
import { firstControlCharacter } from '../../src/model/control-characters.js';
import { run } from './run.js';

function clusterFile(text: string): string {
  const dir = tempDir('k3s-cilium-cli-');
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

  it('names the parent that is a file when --config goes through one (ENOTDIR), however deep', () => {
    const file = clusterFile(readProjectFile(HOMELAB));
    for (const config of [join(file, 'x.yaml'), join(file, 'a', 'b.yaml')]) {
      const r = run(['--config', config]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--config ${config}: ${file} is a file, not a directory`);
    }
    // A missing parent directory is still missing, not a file.
    const missing = join(tempDir('k3s-cilium-cli-'), 'none', 'c.yaml');
    expect(run(['--config', missing]).stderr).toContain(`--config ${missing}: no such file or directory`);
  });

  it('exits 1, names file and field, suggests the key, and writes nothing for a typo', () => {
    const file = clusterFile(readProjectFile(HOMELAB).replace('bandwidthManager:', 'bandwithManager:'));
    const out = join(tempDir('k3s-cilium-out-'), 'dist');
    const r = run(['--config', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: cilium.bandwithManager: unknown key "bandwithManager". Did you mean "bandwidthManager"?`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    // The output directory is named once, with one slash, however --out was typed.
    expect(r.stderr).toMatch(new RegExp(`nothing was written to ${out}/\\n$`));
    expect(run(['--config', file, '--out', `${out}/`]).stderr).toMatch(new RegExp(`nothing was written to ${out}/\\n$`));
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
    const out = join(tempDir('k3s-cilium-out-'), 'dist');
    const r = run(['--config', 'test/fixtures/examples', '--out', out]);
    expect(r.stderr).not.toContain('fleet.yaml');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'bgp-tor', 'manifests', 'bgp.yaml'))).toBe(true);
    expect(existsSync(join(out, 'argocd'))).toBe(false);
  });
});

describe('what synth prints', () => {
  it('never passes a control character (a terminal escape sequence) from a file name or value to the terminal', () => {
    const dir = tempDir('k3s-cilium-cli-');
    const file = join(dir, 'evil\u001b[2J.yaml');
    writeFileSync(file, readProjectFile(HOMELAB).replace("interfaces: ['^eth[0-9]+']\n", 'interfaces: ["^eth[0-9]+\\u001b[31m"]\n'));
    const r = run(['--config', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(firstControlCharacter(r.stderr.replaceAll('\n', ''))).toBe(-1);
    expect(r.stderr).toContain('evil\\x1b[2J.yaml: line 34, column 16: the string holds U+001B (escape) (written as an escape). Remove it.');
  });
});
