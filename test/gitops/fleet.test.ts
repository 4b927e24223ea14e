/** The fleet output: one Argo CD Application per cluster, from fleet.yaml, valid against the Application CRD schema. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { describe, expect, it } from 'vitest';
import { clusterApplication, PLUGIN_NAME, renderFleet } from '../../src/fleet.js';
import { loadFleetText } from '../../src/fleet-file.js';
import { doc, readProjectFile, ROOT } from '../helpers.js';
import { run } from './run.js';

const clusters = join(ROOT, 'clusters');

function fleetFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'k3s-cilium-fleet-')), 'fleet.yaml');
  writeFileSync(file, text);
  return file;
}

describe('dist/argocd/', () => {
  const files = readdirSync(join(ROOT, 'dist/argocd')).sort();

  it('holds one Application per cluster file', () => {
    expect(files).toEqual(readdirSync(clusters).filter((f) => f.endsWith('.yaml')).sort());
  });

  it.each(files)('%s matches its snapshot, passes the CRD schema and points at a kustomize base that exists', async (file) => {
    const text = readProjectFile(`dist/argocd/${file}`);
    await expect(text).toMatchFileSnapshot(`__snapshots__/argocd/${file}`);
    const app = new Application(doc(text));
    expect(() => app.validate()).not.toThrow();
    expect(app.spec!.source!.path).toBe(`dist/${file.replace('.yaml', '')}/manifests`);
    expect(existsSync(join(ROOT, app.spec!.source!.path!, 'kustomization.yaml'))).toBe(true);
    expect(app.spec!.source!.repoURL).toBe(doc(readProjectFile('fleet.yaml')).repoURL);
    expect(app.spec!.syncPolicy!.automated).toEqual({ prune: true, selfHeal: true });
  });
});

describe('fleet.yaml', () => {
  const minimal = { repoURL: 'https://git.example/gitops.git' };

  it('applies its defaults: HEAD, argocd namespace, default project, in-cluster destination', () => {
    expect(clusterApplication(minimal, 'lab').toJSON()).toMatchObject({
      metadata: { name: 'lab-networking', namespace: 'argocd' },
      spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' }, source: { path: 'dist/lab/manifests', targetRevision: 'HEAD' } },
    });
  });

  it('gives each cluster its own destination', () => {
    const app = clusterApplication({ ...minimal, clusters: { lab: { destination: { name: 'lab' } } } }, 'lab');
    expect(app.spec!.destination).toEqual({ name: 'lab' });
  });

  it('renders plugin Applications on the cluster files when source is plugin', () => {
    const [text] = renderFleet({ ...minimal, source: 'plugin', clustersPath: 'fleet/clusters' }, ['lab']).values();
    expect(doc(text).spec.source).toEqual({
      path: 'fleet/clusters', repoURL: minimal.repoURL, targetRevision: 'HEAD',
      plugin: { name: PLUGIN_NAME, parameters: [{ name: 'cluster', string: 'lab' }] },
    });
    expect(doc(readProjectFile('argocd/plugin.yaml')).metadata.name).toBe(PLUGIN_NAME);
  });

  it('reports unknown keys, a cluster it does not know and a two-way destination', () => {
    const { fleet, diagnostics } = loadFleetText('repoURL: x\nrevision: main\nclusters: { lab: { destination: { name: a, server: https://b } } }\n', ['homelab']);
    expect(fleet).toBeUndefined();
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(expect.arrayContaining([
      'revision: unknown key "revision"',
      'clusters.lab.destination: needs exactly one of name or server',
    ]));
    expect(loadFleetText('repoURL: x\nclusters: { lab: { destination: { name: lab } } }\n', ['homelab']).diagnostics.map((d) => `${d.path}: ${d.message}`))
      .toEqual(['clusters.lab: no cluster file is named "lab"']);
  });

  it('makes synth exit 1 and write nothing when it is invalid', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'k3s-cilium-out-')), 'dist');
    const file = fleetFile('repoURL: https://git.example/gitops.git\ndestination: { server: http://insecure }\n');
    const r = run(['--config', clusters, '--out', out, '--fleet', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: destination.server: must match pattern "^https://"`);
    expect(existsSync(out)).toBe(false);
  });

  it('is only read for a whole clusters directory, so one cluster file never drops the others\' Applications', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'k3s-cilium-out-')), 'dist');
    expect(run(['--config', join(clusters, 'homelab.yaml'), '--out', out]).code).toBe(0);
    expect(existsSync(join(out, 'argocd'))).toBe(false);
  });
});
