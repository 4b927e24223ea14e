/**
 * K3sCiliumCluster inside a user's own cdk8s app, as a consumer uses it: its charts are its own
 * children (aspects and findAll on the app see every object, two clusters do not clash), cdk8s
 * writes its objects beside the app's charts, files() is the CLI's tree, every problem is reported
 * at app.synth() in the CLI's words, and the library writes nothing on stderr.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { K3sCiliumCluster, LoadBalancerPool, RpFilterDaemonSet, writeTree } from '../../constructs/index.js';
import { renderClusterFile } from '../../src/cli/render.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { docs, HOMELAB, loadValidFile, readProjectFile, tempDir } from '../helpers.js';

const homelab = loadValidFile(HOMELAB);
const spec = homelab.cluster.spec;
const bgpFile = 'test/fixtures/examples/bgp-tor.yaml';
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

/** The message of what `run` throws, one validation error per line (cdk8s's header dropped); empty when nothing is thrown. */
function thrownLines(run: () => void): string[] {
  try {
    run();
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
}

/** cdk8s's file of a chart of the cluster at `path`: `<construct path>-<output path>-<hash of the construct path>.k8s.yaml`. */
const fileOf = (files: Record<string, string>, prefix: string, output: string) => {
  const names = Object.keys(files).filter((f) => new RegExp(`^${prefix}-${output}-c8[0-9a-f]{6}\\.k8s\\.yaml$`).test(f));
  expect(names, `${prefix}-${output}`).toHaveLength(1);
  return files[names[0]];
};

/**
 * An aspect as a cdk8s app applies one (cdk8s has no Aspects class): a visitor of every construct
 * of `scope` (`node.findAll()`), run when the app synthesizes, before any chart renders.
 */
function applyAspect(scope: IConstruct, visit: (node: IConstruct) => void): void {
  // cdk8s validates the app again for every chart it renders: each construct is visited once.
  const seen = new Set<IConstruct>();
  scope.node.addValidation({ validate: () => {
    for (const node of scope.node.findAll().filter((n) => !seen.has(n))) {
      seen.add(node);
      visit(node);
    }
    return [];
  } });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('K3sCiliumCluster in a cdk8s app', () => {
  it('writes one file per output beside the app\'s own charts, with the objects of the CLI\'s tree', () => {
    const files = synthApp((app) => new K3sCiliumCluster(app, 'lab', { spec }));
    expect(Object.keys(files)).toHaveLength(5);
    expect(files['platform.k8s.yaml']).toContain('kind: Namespace');
    const tree = renderClusterFile(homelab);
    expect(docs(fileOf(files, 'lab', 'k3s-manifests-cilium'))).toEqual(docs(tree.get('homelab/k3s/manifests/cilium.yaml')!));
    for (const name of ['l2-announcement-policies', 'lb-ipam-pools', 'rp-filter']) {
      expect(docs(fileOf(files, 'lab', `manifests-${name}`)), name).toEqual(docs(tree.get(`homelab/manifests/${name}.yaml`)!));
    }
  });

  it('creates its charts inside itself: found from the cluster and from the chart it sits in', () => {
    const app = new App({ outdir: '/dev/null' });
    const platform = new Chart(app, 'platform');
    const cluster = new K3sCiliumCluster(platform, 'lab', { spec });
    expect([...cluster.charts.values()].every((c) => c.node.scope === cluster)).toBe(true);
    const objects = cluster.node.findAll().filter((c) => c instanceof ApiObject);
    expect(objects.length).toBe([...cluster.manifestObjects()].flatMap(([, o]) => o).length + 1);
    expect(platform.node.findAll().filter((c) => c instanceof ApiObject)).toHaveLength(objects.length);
  });

  it('synthesizes two clusters of one app, even of the same cluster name, each in files of its own', () => {
    const bgp = parse(readProjectFile(bgpFile));
    const files = synthApp((app, platform) => {
      new K3sCiliumCluster(app, 'home', { spec });
      new K3sCiliumCluster(platform, 'home', { spec });
      new K3sCiliumCluster(app, 'tor', { spec: bgp });
    });
    const tree = renderClusterFile(homelab);
    for (const prefix of ['home', 'platform-home']) {
      expect(docs(fileOf(files, prefix, 'manifests-lb-ipam-pools'))).toEqual(docs(tree.get('homelab/manifests/lb-ipam-pools.yaml')!));
    }
    const torTree = new K3sCiliumCluster(new App({ outdir: '/dev/null' }), 'x', { spec: bgp }).files();
    expect(docs(fileOf(files, 'tor', 'manifests-bgp'))).toEqual(docs(torTree.get(`${bgp.name}/manifests/bgp.yaml`)!));
  });

  it('lets an aspect applied to the app visit every Kubernetes object of both clusters, as many as they render', () => {
    const bgp = parse(readProjectFile(bgpFile));
    const outdir = tempDir('k3s-cilium-app-');
    const app = new App({ outdir });
    const clusters = [new K3sCiliumCluster(app, 'home', { spec }), new K3sCiliumCluster(app, 'tor', { spec: bgp })];
    const visited: string[] = [];
    applyAspect(app, (node) => {
      if (!(node instanceof ApiObject)) return;
      visited.push(`${node.node.path} ${node.kind}/${node.name}`);
      node.metadata.addLabel('example.com/owner', 'platform-team');
    });
    app.synth();
    const written = readdirSync(outdir).flatMap((f) => docs(readFileSync(join(outdir, f), 'utf8')));
    expect(visited).toHaveLength(written.length);
    // Each cluster's own objects: its k3s manifest and its manifests/ files, as files() renders them.
    const objectFile = /\/(k3s\/)?manifests\/(?!kustomization)[^/]+\.yaml$/;
    const rendered = clusters.flatMap((c) => [...c.files()].filter(([p]) => objectFile.test(p)).flatMap(([, t]) => docs(t)));
    expect(written.length).toBe(rendered.length);
    expect(visited.filter((v) => v.startsWith('home/'))).toHaveLength(visited.length - visited.filter((v) => v.startsWith('tor/')).length);
    expect(visited.filter((v) => v.startsWith('tor/')).some((v) => v.includes('CiliumBGPClusterConfig/'))).toBe(true);
    // The aspect's change reached every object cdk8s wrote.
    expect(written.every((o) => o.metadata.labels?.['example.com/owner'] === 'platform-team')).toBe(true);
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

describe('problems in a cdk8s app', () => {
  const file = 'test/fixtures/invalid/special-addresses.yaml';
  const expected = readProjectFile(file).split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));

  it('are all reported at app.synth(), not at construction, in the CLI\'s words, beside those of constructs used alone', () => {
    const app = new App({ outdir: tempDir('k3s-cilium-app-') });
    const build = () => {
      new K3sCiliumCluster(app, 'broken', { spec: parse(readProjectFile(file)), source: file });
      const own = new Chart(app, 'own');
      new LoadBalancerPool(own, 'pool', { name: 'lan', blocks: [{ cidr: '10.0.0.201/30' }], allowFirstLastIPs: true, disabled: false });
      new RpFilterDaemonSet(own, 'rp', { rpFilter: 1, interfaces: ['^eth\\d+'], intervalSeconds: 30, image: 'busybox:1.37.0', namespace: 'kube-system' });
    };
    expect(build).not.toThrow();
    const lines = thrownLines(() => app.synth());
    expect(lines.filter((l) => l.startsWith('[broken] ')).map((l) => l.slice('[broken] '.length)).sort())
      .toEqual(expected.filter((l) => !l.includes(': warning: ')).sort());
    expect(lines.filter((l) => !l.startsWith('[broken] '))).toEqual([
      '[own/pool] blocks[0].cidr: 10.0.0.201/30 has host bits set; the block is 10.0.0.200/30 (.200–.203). '
      + 'Write cidr: 10.0.0.200/30 for that block, or start: 10.0.0.201 and stop: 10.0.0.204 if 4 addresses from 10.0.0.201 were meant.',
      '[own/rp] rpFilter: rpFilter 1 (strict) drops return packets that leave by another interface than they arrived on, which Cilium\'s datapath does. '
      + 'Use 0 (off) or 2 (loose).',
      '[own/rp] interfaces[0]: "^eth\\\\d+" uses \\d, which busybox grep -E (POSIX ERE) in the rp-filter DaemonSet does not understand. Use [0-9].',
    ]);
  });

  it('include what the cluster file schema refuses (check 14), as the CLI words it, where a malformed spec would have thrown', () => {
    const homelabSpec = parse(readProjectFile(HOMELAB));
    const bad = {
      ...homelabSpec, k3s: { ...homelabSpec.k3s, version: 'garbage' }, cilium: { ...homelabSpec.cilium, k8sClientRateLimit: { qps: -1, burst: 0 } },
    };
    const cli = loadClusterText('lab.yaml', stringify(bad)).diagnostics.map((d) => formatDiagnostic('lab.yaml', d));
    expect(cli.length).toBeGreaterThan(1);
    const app = new App({ outdir: '/dev/null' });
    new K3sCiliumCluster(app, 'lab', { spec: bad, source: 'lab.yaml' });
    // A spec from JavaScript or an untyped parse may miss required fields altogether.
    const { k3s: _missing, ...noK3s } = homelabSpec;
    expect(() => new K3sCiliumCluster(app, 'no-k3s', { spec: noK3s })).not.toThrow();
    const lines = thrownLines(() => app.synthYaml());
    expect(lines.filter((l) => l.startsWith('[lab] ')).map((l) => l.slice('[lab] '.length))).toEqual(cli);
    expect(lines.filter((l) => l.startsWith('[no-k3s] '))).toEqual([expect.stringMatching(/^\[no-k3s\] spec\.k3s: /)]);
  });

  it('render nothing: a cluster with errors has no objects, and its tree is refused with the same messages', () => {
    const app = new App({ outdir: '/dev/null' });
    const cluster = new K3sCiliumCluster(app, 'broken', { spec: parse(readProjectFile(file)), source: file });
    expect(cluster.node.findAll().filter((c) => c instanceof ApiObject)).toEqual([]);
    expect(() => cluster.files()).toThrow(expected[0]);
  });
});

describe('warnings in a cdk8s app', () => {
  const file = 'test/fixtures/valid/etp-local-warning.yaml';
  const warned = parse(readProjectFile(file));
  const expected = readProjectFile(file).split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));

  it('are collected in `warnings` in the CLI\'s format, and the library writes nothing on stderr or the console', () => {
    const written = [vi.spyOn(process.stderr, 'write'), vi.spyOn(process.stdout, 'write')];
    const logged = (['log', 'warn', 'error', 'info', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const outdir = tempDir('k3s-cilium-app-');
    const app = new App({ outdir });
    const cluster = new K3sCiliumCluster(app, 'etp', { spec: warned, source: file });
    const quiet = new K3sCiliumCluster(app, 'etp-2', { spec: warned });
    app.synth();
    writeTree(tempDir('k3s-cilium-tree-'), cluster.files(), { source: file });
    for (const spy of [...written, ...logged]) expect(spy).not.toHaveBeenCalled();
    expect(cluster.warnings).toEqual(expected);
    // Without a source, a message names the prop's field.
    expect(quiet.warnings).toEqual([expected[0].replace(`${file}: loadBalancer.`, 'spec.loadBalancer.')]);
  });

  it('fail the synth with failOnWarnings, in the same words', () => {
    const strict = new App({ outdir: '/dev/null' });
    new K3sCiliumCluster(strict, 'etp', { spec: warned, source: file, failOnWarnings: true });
    expect(thrownLines(() => strict.synthYaml())).toEqual(expected.map((l) => `[etp] ${l}`));
  });
});
