/**
 * The real Cilium chart is the judge: for every representative cluster file and every held release,
 * `helm template` of the packaged upstream chart (../shared/cilium/<release>/chart/cilium-<release>.tgz)
 * with the rendered cilium/values.yaml succeeds, and what the chart deploys is what the cluster file
 * says: the agent's ConfigMap, its API endpoint, the operator's replicas, the Hubble objects. The
 * HelmChart's valuesContent is the same values, and `kubectl kustomize` builds every manifests/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { ciliumChart, helmTemplate, K8sObject, kubectlKustomize } from '../../tools/upstream/index.js';
import { describeWithReference } from '../conformance/reference.js';
import { docs, tempDir } from '../helpers.js';
import { loadValidFor, renderFor, representativeRuns } from '../representative.js';
import { expectDeploysIntent } from './intent.js';

/** Writes the rendered files under manifests/ to a temp dir (removed when the file ends) and returns it. */
function writeManifests(files: ReadonlyMap<string, string>): string {
  const root = tempDir('k3s-cilium-tree-');
  for (const [path, text] of files) {
    if (!path.startsWith('manifests/')) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, 'manifests');
}

/** Runs on different releases mostly render the same manifests/: each distinct tree is built once. */
const builds = new Map<string, Promise<K8sObject[]>>();
function kustomizeBuild(files: ReadonlyMap<string, string>): Promise<K8sObject[]> {
  const key = JSON.stringify([...files].filter(([p]) => p.startsWith('manifests/')));
  if (!builds.has(key)) builds.set(key, kubectlKustomize(writeManifests(files)));
  return builds.get(key)!;
}

const identity = (o: { kind: string; metadata: { name: string; namespace?: string } }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byIdentity = (a: K8sObject, b: K8sObject) => (identity(a) < identity(b) ? -1 : 1);

/** Many fixtures differ only outside the Cilium values: each distinct values file is rendered once per release. */
const charts = new Map<string, Promise<{ objects: K8sObject[] }>>();
function chartFor(release: string, values: string): Promise<{ objects: K8sObject[] }> {
  const key = `${release}\u0000${values.replace(/^(#[^\n]*\n)+/, '')}`;
  if (!charts.has(key)) charts.set(key, helmTemplate({ chart: ciliumChart(release), values }));
  return charts.get(key)!;
}

describeWithReference('the real Cilium chart and kustomize', (ref) => {
  const { runs } = representativeRuns(ref.ciliumReleases());

  test.concurrent.each(runs)('helm template: $file on Cilium $release deploys what the file says', async ({ release, file }) => {
    const files = renderFor(file, release);
    const values = files.get('cilium/values.yaml')!;
    const { objects } = await chartFor(release, values);
    expectDeploysIntent(objects, loadValidFor(file, release).cluster);

    // k3s installs the chart with the HelmChart's valuesContent: the same values, byte for byte, without the header comment.
    const chart = docs(files.get('k3s/manifests/cilium.yaml')!)[0];
    expect(chart.spec.version).toBe(release);
    expect(chart.spec.valuesContent).toBe(values.replace(/^(#[^\n]*\n)+/, ''));
  });

  test.concurrent.each(runs)('kubectl kustomize: $file on Cilium $release builds manifests/ into its objects', async ({ release, file }) => {
    const files = renderFor(file, release);
    const built = await kustomizeBuild(files);
    const written = [...files].filter(([p]) => p.startsWith('manifests/') && p !== 'manifests/kustomization.yaml').flatMap(([, t]) => docs(t));
    expect(built.length).toBeGreaterThan(0);
    expect([...built].sort(byIdentity)).toEqual([...written].sort(byIdentity));
  });
});
