/**
 * What K3sCiliumCluster hands a user beyond the objects: files() in path order with the Argo CD
 * Application, a chart only for what the cluster has (no empty pools or policies file), warnings
 * that hold warnings only, the refusal of files() that names the errors and nothing else, and
 * objects a user adds to one of its charts named without cdk8s's hash.
 */
import { ApiObject, App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { K3sCiliumCluster } from '../../constructs/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { docs, HOMELAB, readProjectFile } from '../helpers.js';

const spec = (file: string): ClusterSpec => parse(readProjectFile(file));
/** The `# expect:` lines of a fixture: the CLI's messages for it. */
const expected = (file: string) => readProjectFile(file).split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));
const cluster = (s: ClusterSpec, props: Partial<ConstructorParameters<typeof K3sCiliumCluster>[2]> = {}) =>
  new K3sCiliumCluster(new App({ outdir: '/dev/null' }), 'lab', { spec: s, ...props });

describe('K3sCiliumCluster outputs', () => {
  it('lists files() in path order, the Argo CD Application (added last) included', () => {
    const paths = [...cluster(spec(HOMELAB), {
      argoCd: {
        repoURL: 'https://git.example.com/fleet.git', targetRevision: 'main', namespace: 'argocd', project: 'default',
        destination: { name: 'in-cluster' }, source: { kind: 'dist', path: 'dist' },
      },
    }).files().keys()];
    expect(paths[0]).toBe('argocd/homelab.yaml');
    expect(paths).toContain('homelab/PLAN.md');
    expect(paths).toEqual([...paths].sort());
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('makes a chart only for what the cluster has: no pools file without pools, no policies file without L2 policies', () => {
    const homelab = spec(HOMELAB);
    const { loadBalancer: _none, ...noLoadBalancer } = homelab;
    const bare = cluster(noLoadBalancer as ClusterSpec);
    expect([...bare.charts.keys()]).toEqual(['k3s/manifests/cilium.yaml', 'manifests/rp-filter.yaml']);
    expect(bare.manifests().get('manifests/kustomization.yaml')).not.toMatch(/lb-ipam|l2-announcement/);
    const bgp = cluster(spec('test/fixtures/examples/bgp-tor.yaml'));
    expect([...bgp.charts.keys()]).toEqual(['k3s/manifests/cilium.yaml', 'manifests/rp-filter.yaml', 'manifests/lb-ipam-pools.yaml', 'manifests/bgp.yaml']);
  });

  it('keeps warnings apart from errors: `warnings` holds only warnings, files() names only the errors', () => {
    const file = 'test/fixtures/invalid/special-addresses.yaml';
    const lines = expected(file);
    const broken = new K3sCiliumCluster(new App({ outdir: '/dev/null' }), 'broken', { spec: spec(file), source: file });
    expect(lines.filter((l) => l.includes(': warning: '))).toHaveLength(1);
    expect(broken.warnings).toEqual(lines.filter((l) => l.includes(': warning: ')));
    const errors = lines.filter((l) => !l.includes(': warning: '));
    let message = '';
    try {
      broken.files();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')[0]).toBe('broken: the cluster has errors, nothing is rendered:');
    expect(message.split('\n').slice(1).sort()).toEqual(errors.map((l) => `  ${l}`).sort());
  });

  it('names an object a user adds to one of its charts without a name after its path, with no hash', () => {
    const app = Testing.app();
    const lab = new K3sCiliumCluster(app, 'lab', { spec: spec(HOMELAB) });
    const chart = lab.charts.get('manifests/rp-filter.yaml')!;
    new ApiObject(chart, 'extra', { apiVersion: 'v1', kind: 'ConfigMap' });
    const configMap = docs(lab.manifests().get('manifests/rp-filter.yaml')!).find((o) => o.kind === 'ConfigMap');
    // With cdk8s's default the name would end in a hash of the construct path (`-c8…`), different in every app.
    expect(configMap.metadata.name).toBe('lab-manifests-rp-filter-extra');
  });
});
