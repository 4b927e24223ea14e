/** `--stdout`: the objects of one cluster's manifests/, as one valid YAML stream and nothing else. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { renderOnce } from '../constructs/render-once.js';
import { docs, HOMELAB, readProjectFile, renderFile, tempDir } from '../helpers.js';
import { run } from './run.js';

const homelab = readProjectFile(HOMELAB);

function configDir(files: Record<string, string>): string {
  const dir = tempDir('k3s-cilium-stdout-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const clusters = configDir({ 'homelab.yaml': homelab });

describe('npm run synth -- --stdout', () => {
  // Printed by the first test that reads it, not in the describe block: StrykerJS counts code run outside a test as covered by every test.
  const printed = renderOnce(() => run(['--stdout', '--cluster', 'homelab', '--config', clusters]));

  it('prints the stream on stdout and its log on stderr only', async () => {
    const r = printed();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`synth: ${join(clusters, 'homelab.yaml')} → stdout (manifests/ of homelab)\n`);
    await expect(r.stdout).toMatchFileSnapshot('../snapshots/homelab.stream.yaml');
  });

  it('is one valid multi-document stream: every file starts a new document, no merged keys', () => {
    const r = printed();
    const parsed = parseAllDocuments(r.stdout, { uniqueKeys: true });
    expect(parsed.flatMap((d) => d.errors)).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l === '---')).toHaveLength(parsed.length - 1);
  });

  it('holds exactly the objects of the rendered manifests/, rp-filter first, in the kustomization order', () => {
    const r = printed();
    const files = renderFile(HOMELAB);
    const resources = parse(files.get('manifests/kustomization.yaml')!).resources as string[];
    expect(resources[0]).toBe('rp-filter.yaml');
    expect(docs(r.stdout)).toEqual(resources.flatMap((f) => docs(files.get(`manifests/${f}`)!)));
    expect(docs(r.stdout).map((o) => o.kind)).not.toContain('Kustomization');
  });

  it('is byte-identical every time', () => {
    expect(run(['--stdout', '--config', clusters]).stdout).toBe(printed().stdout);
  });

  it('prints nothing and exits 1 for an invalid cluster file', () => {
    const bad = run(['--stdout', '--config', configDir({ 'homelab.yaml': homelab.replace('bandwidthManager:', 'bandwithManager:') })]);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toContain('unknown key "bandwithManager"');
    expect(bad.stderr).toContain('nothing was printed');
  });

  it('prints nothing and exits 2 when the cluster is unknown or ambiguous', () => {
    const dir = configDir({ 'a.yaml': homelab, 'b.yaml': homelab.replace('name: homelab', 'name: office') });
    expect(run(['--stdout', '--config', dir])).toEqual({
      code: 2, stdout: '', stderr: 'synth: --stdout prints one cluster and there are 2: pick one with --cluster (homelab, office); nothing was printed\n',
    });
    const unknown = run(['--stdout', '--cluster', 'lab', '--config', dir]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('--cluster lab: no cluster file has this name (clusters: homelab, office)');
    expect(run(['--stdout', '--cluster', 'office', '--config', dir])).toMatchObject({ code: 0 });
  });

  it('rejects --cluster without --stdout, and --stdout with --check, as usage errors', () => {
    expect(run(['--cluster', 'homelab']).code).toBe(2);
    expect(run(['--stdout', '--check']).code).toBe(2);
  });
});
