/** `kubectl kustomize` of a rendered `manifests/` directory, offline (the kustomize inside kubectl 1.34). */
import { upstreamTools } from './binaries.js';
import { K8sObject, objectsOf } from './helm.js';
import { runOffline } from './run.js';

/** The objects kustomize builds from a directory (kustomize orders them by kind, then name). */
export async function kubectlKustomize(dir: string): Promise<K8sObject[]> {
  const { kubectl } = await upstreamTools();
  return objectsOf(await runOffline(kubectl, ['kustomize', dir]));
}

/** The versions of helm and kubectl, for messages. */
export async function upstreamVersions(): Promise<{ helm: string; kubectl: string }> {
  const { helm, kubectl } = await upstreamTools();
  return {
    helm: (await runOffline(helm, ['version', '--short'])).trim(),
    kubectl: JSON.parse(await runOffline(kubectl, ['version', '--client', '-o', 'json'])).clientVersion.gitVersion as string,
  };
}
