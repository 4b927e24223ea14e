/** Ordering for Argo CD and the kustomize base: sync waves, SkipDryRunOnMissingResource, kustomization.yaml. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlKustomize } from '../../tools/upstream/index.js';
import { SYNC_WAVES, syncWave } from '../../src/gitops/sync-waves.js';
import { docs, doc, HOMELAB, readProjectFile, renderFile, ROOT } from '../helpers.js';

const files = renderFile(HOMELAB);
const kustomization = doc(files.get('manifests/kustomization.yaml')!);
const objects = (kustomization.resources as string[]).flatMap((f) => docs(files.get(`manifests/${f}`)!));
const wave = (o: any) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);

describe('sync order', () => {
  it('syncs the rp-filter DaemonSet first, the pools next and the L2 policies last', () => {
    expect(objects.map((o) => [o.kind, wave(o)])).toEqual([
      ['DaemonSet', 0], ['CiliumLoadBalancerIPPool', 1], ['CiliumLoadBalancerIPPool', 1], ['CiliumL2AnnouncementPolicy', 2],
    ]);
  });

  it('skips the dry run of every Cilium custom resource (the operator registers the CRDs), and of nothing else', () => {
    for (const o of objects) {
      const options = o.metadata.annotations['argocd.argoproj.io/sync-options'];
      expect(options, o.kind).toBe(o.apiVersion.startsWith('cilium.io/') ? 'SkipDryRunOnMissingResource=true' : undefined);
    }
  });

  it('puts BGP objects that are referenced before the ones that announce', () => {
    expect(syncWave('cilium.io', 'CiliumBGPPeerConfig')).toBe(SYNC_WAVES.ciliumReferenced);
    expect(syncWave('cilium.io', 'CiliumBGPAdvertisement')).toBe(SYNC_WAVES.ciliumReferenced);
    expect(syncWave('cilium.io', 'CiliumBGPClusterConfig')).toBe(SYNC_WAVES.ciliumAnnouncing);
    expect(syncWave('apps', 'DaemonSet')).toBe(SYNC_WAVES.kubernetes);
  });

  it('leaves the k3s HelmChart alone: k3s applies it, not Argo CD', () => {
    expect(doc(files.get('k3s/manifests/cilium.yaml')!).metadata.annotations).toBeUndefined();
  });
});

describe('manifests/kustomization.yaml', () => {
  it('lists every other file of manifests/, and only those', () => {
    expect(kustomization).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: expect.any(Array) });
    const others = [...files.keys()].filter((p) => p.startsWith('manifests/') && p !== 'manifests/kustomization.yaml').map((p) => p.slice('manifests/'.length));
    expect([...kustomization.resources].sort()).toEqual(others.sort());
  });

  // The real kustomize: kubectl from the pinned dev dependency (tools/upstream), so it never skips.
  it('builds with `kubectl kustomize` to the same objects', async () => {
    const built = await kubectlKustomize(join(ROOT, 'test/snapshots/homelab/manifests'));
    const key = (o: any) => `${o.kind}/${o.metadata.name}`;
    const committed = (doc(readProjectFile('test/snapshots/homelab/manifests/kustomization.yaml')).resources as string[])
      .flatMap((f) => docs(readProjectFile(`test/snapshots/homelab/manifests/${f}`)));
    expect([...built].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(committed.sort((a, b) => key(a).localeCompare(key(b))));
  });
});
