/** argocd/: the sidecar patch for argocd-repo-server, applied through the kustomize Component. */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlKustomize } from '../../tools/upstream/index.js';
import { Yaml } from 'cdk8s';
import { doc, readProjectFile, ROOT, tempDir } from '../helpers.js';

const patch = doc(readProjectFile('argocd/repo-server-patch.yaml'));
const [sidecar] = patch.spec.template.spec.containers;

/** The parts of the stock argocd-repo-server Deployment the patch relies on. */
const stockRepoServer = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'argocd-repo-server' },
  spec: {
    selector: { matchLabels: { 'app.kubernetes.io/name': 'argocd-repo-server' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'argocd-repo-server' } },
      spec: {
        containers: [{ name: 'argocd-repo-server', image: 'quay.io/argoproj/argocd:v2.14.11', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
        volumes: [{ name: 'var-files', emptyDir: {} }, { name: 'plugins', emptyDir: {} }, { name: 'tmp', emptyDir: {} }],
      },
    },
  },
};

describe('argocd/repo-server-patch.yaml', () => {
  it('runs argocd-cmp-server as uid 999, read-only, without capabilities, under RuntimeDefault seccomp', () => {
    expect(sidecar.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
    expect(sidecar.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('mounts the documented volumes and a /tmp of its own', () => {
    expect(sidecar.volumeMounts).toEqual([
      { name: 'var-files', mountPath: '/var/run/argocd' },
      { name: 'plugins', mountPath: '/home/argocd/cmp-server/plugins' },
      { name: 'k3s-cilium-cdk8s-tmp', mountPath: '/tmp' },
    ]);
    expect(patch.spec.template.spec.volumes).toEqual([{ name: 'k3s-cilium-cdk8s-tmp', emptyDir: {} }]);
  });

  // The real kustomize: kubectl from the pinned dev dependency (tools/upstream), so it never skips.
  it('patches the stock repo-server when used as a kustomize Component, keeping its own container', async () => {
    const overlay = tempDir('argocd-overlay-');
    writeFileSync(join(overlay, 'repo-server.yaml'), Yaml.stringify(stockRepoServer));
    writeFileSync(join(overlay, 'kustomization.yaml'), Yaml.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'argocd',
      resources: ['repo-server.yaml'], components: [relative(overlay, join(ROOT, 'argocd'))],
      images: [{ name: 'k3s-cilium-cdk8s-cmp', newName: 'registry.example/k3s-cilium-cdk8s-cmp', newTag: '1.0.0' }],
    }));
    const [deployment] = (await kubectlKustomize(overlay)) as any[];
    const containers = deployment.spec.template.spec.containers;
    expect(containers.map((c: any) => c.name).sort()).toEqual(['argocd-repo-server', 'k3s-cilium-cdk8s']);
    expect(containers.find((c: any) => c.name === 'k3s-cilium-cdk8s').image).toBe('registry.example/k3s-cilium-cdk8s-cmp:1.0.0');
    expect(deployment.spec.template.spec.volumes.map((v: any) => v.name).sort()).toEqual(['k3s-cilium-cdk8s-tmp', 'plugins', 'tmp', 'var-files']);
  });
});
