/**
 * K3sCiliumCluster inside a user's own cdk8s app: its objects land in cdk8s's output beside the
 * app's charts under stable names that tell what k3s applies from what kubectl -k / Argo CD
 * applies, files() is the CLI's tree, and the checks' warnings reach the user.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { K3sCiliumCluster, writeTree } from '../../constructs/index.js';
import { renderClusterFile } from '../../src/cli/render.js';
import { docs, HOMELAB, loadValidFile, readProjectFile, tempDir } from '../helpers.js';
import { parse } from 'yaml';

const homelab = loadValidFile(HOMELAB);
const spec = homelab.cluster.spec;

/** A user's app with its own chart; `place` adds the clusters. Returns the files `app.synth()` wrote. */
function synthApp(place: (app: App, platform: Chart) => void): Record<string, string> {
  const outdir = tempDir('k3s-cilium-app-');
  const app = new App({ outdir });
  const platform = new Chart(app, 'platform');
  new ApiObject(platform, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'platform' } });
  place(app, platform);
  app.synth();
  return Object.fromEntries(readdirSync(outdir).sort().map((f) => [f, readFileSync(join(outdir, f), 'utf8')]));
}

const HOMELAB_FILES = [
  'homelab-k3s-manifests-cilium.k8s.yaml',
  'homelab-manifests-l2-announcement-policies.k8s.yaml',
  'homelab-manifests-lb-ipam-pools.k8s.yaml',
  'homelab-manifests-rp-filter.k8s.yaml',
  'platform.k8s.yaml',
];

afterEach(() => vi.restoreAllMocks());

describe('K3sCiliumCluster in a cdk8s app', () => {
  it('writes one hash-free file per output beside the app\'s own charts, k3s\'s apart from what kubectl applies', () => {
    const files = synthApp((app) => new K3sCiliumCluster(app, 'lab', { spec }));
    expect(Object.keys(files)).toEqual(HOMELAB_FILES);
    // The same objects as the CLI's tree: k3s/manifests/cilium.yaml and manifests/*.yaml.
    const tree = renderClusterFile(homelab);
    expect(docs(files['homelab-k3s-manifests-cilium.k8s.yaml'])).toEqual(docs(tree.get('homelab/k3s/manifests/cilium.yaml')!));
    for (const name of ['l2-announcement-policies', 'lb-ipam-pools', 'rp-filter']) {
      expect(docs(files[`homelab-manifests-${name}.k8s.yaml`]), name).toEqual(docs(tree.get(`homelab/manifests/${name}.yaml`)!));
    }
  });

  it('gives the same names when the cluster is created inside one of the app\'s charts', () => {
    expect(Object.keys(synthApp((_app, platform) => new K3sCiliumCluster(platform, 'lab', { spec })))).toEqual(HOMELAB_FILES);
  });

  it('keeps two clusters of one app apart by their names, or by chartPrefix', () => {
    const office = { ...spec, name: 'office' };
    const names = Object.keys(synthApp((app) => {
      new K3sCiliumCluster(app, 'home', { spec });
      new K3sCiliumCluster(app, 'office', { spec: office });
      new K3sCiliumCluster(app, 'office-staging', { spec: office, chartPrefix: 'office-staging' });
    }));
    expect(names.filter((n) => n.endsWith('-lb-ipam-pools.k8s.yaml'))).toEqual([
      'homelab-manifests-lb-ipam-pools.k8s.yaml', 'office-manifests-lb-ipam-pools.k8s.yaml', 'office-staging-manifests-lb-ipam-pools.k8s.yaml',
    ]);
  });

  it('refuses a second cluster of the same name without its own chartPrefix, naming the fix', () => {
    const app = new App({ outdir: '/dev/null' });
    new K3sCiliumCluster(app, 'home', { spec });
    expect(() => new K3sCiliumCluster(app, 'home-again', { spec })).toThrow(
      'home-again: the app already has a chart "homelab-k3s-manifests-cilium" (another cluster named "homelab"?). '
      + 'Give each K3sCiliumCluster of an app its own chartPrefix.');
  });

  it('writes the CLI\'s complete tree with writeTree(dir, files(), { source })', () => {
    const out = tempDir('k3s-cilium-tree-');
    const cluster = new K3sCiliumCluster(new App({ outdir: out }), 'lab', { spec, source: HOMELAB });
    writeTree(out, cluster.files(), { source: HOMELAB });
    const written = (dir: string): string[] => readdirSync(join(out, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(out.length + 1)).sort();
    expect(written('homelab')).toEqual([...renderClusterFile(homelab).keys()].sort());
    expect(readFileSync(join(out, 'homelab/PLAN.md'), 'utf8')).toBe(renderClusterFile(homelab).get('homelab/PLAN.md'));
  });
});

describe('warnings of the checks in a cdk8s app', () => {
  const file = 'test/fixtures/valid/etp-local-warning.yaml';
  const warned = parse(readProjectFile(file));
  const expected = readProjectFile(file).split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));

  it('are printed on stderr once, in the CLI\'s format, and the synth goes on', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const app = new App({ outdir: tempDir('k3s-cilium-app-') });
    new K3sCiliumCluster(app, 'etp', { spec: warned, source: file });
    app.synth();
    expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual(expected.map((l) => `${l}\n`));
  });

  it('fail the synth with warnings: \'fail\', and are only returned by warnings() with \'ignore\'', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const strict = new App({ outdir: '/dev/null' });
    new K3sCiliumCluster(strict, 'etp', { spec: warned, source: file, warnings: 'fail' });
    expect(() => strict.synthYaml()).toThrow(expected[0]);
    const quiet = new App({ outdir: '/dev/null' });
    const cluster = new K3sCiliumCluster(quiet, 'etp', { spec: warned, warnings: 'ignore' });
    quiet.synthYaml();
    expect(stderr).not.toHaveBeenCalled();
    // Without a source, a message names the prop's field.
    expect(cluster.warnings()).toEqual([expected[0].replace(`${file}: loadBalancer.`, 'spec.loadBalancer.')]);
  });
});
