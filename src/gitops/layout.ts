/**
 * The layout of the rendered tree under `--out`: one directory per cluster, plus the Argo CD
 * Applications. k3s reads `k3s/`, Helm users `cilium/`, kubectl -k and Argo CD `manifests/`.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** Directory, relative to `<out>/<cluster>/`, of the objects applied once Cilium runs (by kubectl -k or Argo CD). */
export const MANIFESTS_DIR = 'manifests';
/** The kustomization that makes `manifests/` a kustomize base. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/** Paths relative to `<out>/<cluster>/`. */
export const CLUSTER_FILES = {
  plan: 'PLAN.md',
  ciliumValues: 'cilium/values.yaml',
  ciliumHelmChart: 'k3s/manifests/cilium.yaml',
  nodeConfig: (node: string) => `k3s/config/${node}.yaml`,
  rpFilter: `${MANIFESTS_DIR}/rp-filter.yaml`,
  lbIpPools: `${MANIFESTS_DIR}/lb-ipam-pools.yaml`,
  l2Policies: `${MANIFESTS_DIR}/l2-announcement-policies.yaml`,
  bgp: `${MANIFESTS_DIR}/bgp.yaml`,
  kustomization: `${MANIFESTS_DIR}/${KUSTOMIZATION_FILE}`,
} as const;

/** Top-level directory of the Argo CD Applications; a cluster cannot take this name. */
export const ARGOCD_DIR = 'argocd';

/** Path, relative to `<out>/`, of one cluster's Argo CD Application. */
export function applicationFile(cluster: string): string {
  return `${ARGOCD_DIR}/${cluster}.yaml`;
}

/** The first line of every `cilium/values.yaml` (constructs/k3s-cilium-cluster.ts writes it). */
export function ciliumValuesHeader(version: string, cluster: string): string {
  return `# Cilium ${version} Helm values for cluster ${cluster}; the same values as ${CLUSTER_FILES.ciliumHelmChart}.`;
}

/**
 * Whether `path` under `out` is recognisably this tool's output although no manifest records it (a
 * tree written before ownership was recorded), so a write may replace it: a file of a cluster
 * directory whose `cilium/values.yaml` starts with the header synth writes for that cluster, or an
 * Argo CD Application labelled as this tool's. A user's `platform/cilium/values.yaml` is neither.
 */
export function recogniseOlderOutput(out: string, path: string): boolean {
  const [top, ...rest] = path.split('/');
  const firstLines = (file: string, bytes: number): string => {
    try {
      const fd = openSync(file, 'r');
      try {
        const buf = Buffer.alloc(bytes);
        return buf.subarray(0, readSync(fd, buf, 0, bytes, 0)).toString('utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return '';
    }
  };
  if (top === ARGOCD_DIR) {
    const text = firstLines(join(out, path), 4096);
    return rest.length === 1 && text.startsWith('apiVersion: argoproj.io/') && text.includes('\nkind: Application\n')
      && text.includes('app.kubernetes.io/part-of: k3s-cilium-cdk8s');
  }
  const first = firstLines(join(out, top, CLUSTER_FILES.ciliumValues), 512).split('\n')[0];
  const [prefix, suffix] = ciliumValuesHeader('\u0000', top).split('\u0000');
  return first.startsWith(prefix) && first.endsWith(suffix) && first.length - prefix.length - suffix.length <= 32;
}
