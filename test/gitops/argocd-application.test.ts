/** The fleet output: one Argo CD Application per cluster, from the fleet file, valid against the Application CRD schema. */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { describe, expect, it } from 'vitest';
import { argoCdApplication, argoCdApplicationYaml, PLUGIN_NAME } from '../../src/gitops/argocd-application.js';
import { isPlaceholderRepoURL, loadFleetText } from '../../src/load/fleet-file.js';
import type { FleetSpec } from '../../src/model/fleet-spec.js';
import { argoCdApplicationSettings } from '../../src/model/resolve/fleet.js';
import { run } from '../cli/run.js';
import { doc, HOMELAB, loadValid, readProjectFile, ROOT, tempDir } from '../helpers.js';

const clusters = join(ROOT, 'clusters');
const application = (fleet: FleetSpec, name: string) => argoCdApplication(argoCdApplicationSettings(fleet, name, 'manifests'), name);

function fleetFile(text: string): string {
  const file = join(tempDir('k3s-cilium-fleet-'), 'fleet.yaml');
  writeFileSync(file, text);
  return file;
}

describe('dist/argocd/', () => {
  const files = readdirSync(join(ROOT, 'dist/argocd')).sort();

  it('holds one Application per cluster of clusters/, named after the cluster (not its file)', () => {
    const names = readdirSync(clusters).filter((f) => /\.ya?ml$/.test(f)).map((f) => loadValid(join('clusters', f)).name);
    expect(files).toEqual(names.map((n) => `${n}.yaml`).sort());
  });

  it.each(files)('%s passes the CRD schema and points at a kustomize base that exists', (file) => {
    const app = new Application(doc(readProjectFile(`dist/argocd/${file}`)));
    expect(() => app.validate()).not.toThrow();
    expect(app.spec!.source!.path).toBe(`dist/${file.replace('.yaml', '')}/manifests`);
    expect(existsSync(join(ROOT, app.spec!.source!.path!, 'kustomization.yaml'))).toBe(true);
    expect(app.spec!.source!.repoURL).toBe(doc(readProjectFile('fleet.yaml')).repoURL);
    expect(app.spec!.syncPolicy!.automated).toEqual({ prune: true, selfHeal: true });
  });
});

describe('the fleet file', () => {
  const minimal = { repoURL: 'https://git.example/gitops.git' };

  it('renders the fixture fleet\'s Application as in its snapshot', async () => {
    const fleet = doc(readProjectFile('test/fixtures/fleet/fleet.yaml')) as FleetSpec;
    await expect(argoCdApplicationYaml(argoCdApplicationSettings(fleet, 'homelab', 'manifests'), 'homelab')).toMatchFileSnapshot(
      '../snapshots/argocd/homelab.yaml',
    );
  });

  it('applies its defaults: HEAD, argocd namespace, default project, in-cluster destination', () => {
    expect(application(minimal, 'lab')).toMatchObject({
      metadata: { name: 'lab-networking', namespace: 'argocd' },
      spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' }, source: { path: 'dist/lab/manifests', targetRevision: 'HEAD' } },
    });
  });

  it('gives each cluster its own destination, even one named like an Object member', () => {
    expect(application({ ...minimal, clusters: { lab: { destination: { name: 'lab' } } } }, 'lab').spec!.destination).toEqual({ name: 'lab' });
    expect(application(minimal, 'constructor').spec!.destination).toEqual({ server: 'https://kubernetes.default.svc' });
  });

  it('renders plugin Applications on the cluster files when source is plugin', () => {
    const plugin = application({ ...minimal, source: 'plugin', clustersPath: 'fleet/clusters' }, 'lab');
    expect(() => new Application(plugin).validate()).not.toThrow();
    expect(plugin.spec!.source).toEqual({
      path: 'fleet/clusters', repoURL: minimal.repoURL, targetRevision: 'HEAD',
      plugin: { name: PLUGIN_NAME, parameters: [{ name: 'cluster', string: 'lab' }] },
    });
    expect(doc(readProjectFile('argocd/plugin.yaml')).metadata.name).toBe(PLUGIN_NAME);
  });

  it('reports unknown keys, a cluster it does not know and a two-way destination, in the cluster file\'s format', () => {
    const { fleet, diagnostics } = loadFleetText('f.yaml', 'repoURL: x\ntargetRevison: main\nclusters: { lab: { destination: { name: a, server: https://b } } }\n', ['homelab']);
    expect(fleet).toBeUndefined();
    expect(diagnostics.map((d) => `${d.path}: ${d.message}. ${d.fix}`)).toEqual([
      'targetRevison: unknown key "targetRevison". Did you mean "targetRevision"?',
      "clusters.lab.destination: needs exactly one of name or server."
      + " An Argo CD destination: the cluster's name as registered in Argo CD, or its API server URL.",
    ]);
    expect(
      loadFleetText('f.yaml', 'repoURL: x\nclusters: { lab: { destination: { name: lab } } }\n', ['homelab']).diagnostics.map((d) => `${d.path}: ${d.message}`),
    ).toEqual(['clusters.lab: no cluster is named "lab" (a cluster\'s name is the `name` in its file)']);
  });

  it('makes synth exit 1 and write nothing when it is invalid', () => {
    const out = join(tempDir('k3s-cilium-out-'), 'dist');
    const file = fleetFile('repoURL: https://git.example/gitops.git\ndestination: { server: http://insecure }\n');
    const config = join(ROOT, HOMELAB);
    const r = run(['--config', config, '--out', out, '--fleet', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: destination.server: "http://insecure" does not match ^https://. The cluster's API server URL as registered in Argo CD.`);
    expect(existsSync(out)).toBe(false);
  });

  it('is only read for a whole clusters directory, so one cluster file never drops the others\' Applications', () => {
    const out = join(tempDir('k3s-cilium-out-'), 'dist');
    expect(run(['--config', join(ROOT, HOMELAB), '--out', out]).code).toBe(0);
    expect(existsSync(join(out, 'argocd'))).toBe(false);
  });

  it('warns about a placeholder repoURL, such as this template\'s, and still renders', () => {
    const out = join(tempDir('k3s-cilium-out-'), 'dist');
    // The placeholder of this template's fleet.yaml (which a user of the template replaces).
    const file = fleetFile('repoURL: https://github.com/example/k3s-cilium-cdk8s.git\n');
    const r = run(['--config', join(ROOT, HOMELAB), '--out', out, '--fleet', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}: repoURL: warning: https://github.com/example/k3s-cilium-cdk8s.git is a placeholder, so Argo CD would read a `
      + 'repository that is not yours. Set repoURL to the Git repository Argo CD reads (the one dist/ is committed to), and targetRevision to its branch.');
    expect(existsSync(join(out, 'argocd', 'homelab.yaml'))).toBe(true);
    const real = run(['--config', join(ROOT, HOMELAB), '--out', out, '--fleet', fleetFile('repoURL: https://git.home.arpa/infra/gitops.git\n')]);
    expect(real.stderr).not.toContain('warning');
  });

  it.each([
    ['https://github.com/example/k3s-cilium-cdk8s.git', true], ['git@github.com:example/gitops.git', true], ['https://gitlab.com/Example/x', true],
    ['https://git.example.com/infra.git', true], ['ssh://git@example.org/x.git', true], ['https://git.example/gitops.git', true],
    ['https://github.com/example-org/gitops.git', false], ['https://github.com/me/example.git', false], ['https://examples.com/x.git', false],
    ['git@git.home.arpa:infra/gitops.git', false],
  ])('tells %s a placeholder: %s', (url, placeholder) => {
    expect(isPlaceholderRepoURL(url)).toBe(placeholder);
  });
});
