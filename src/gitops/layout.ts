/**
 * The layout of the rendered tree under `--out`: one directory per cluster, plus the Argo CD
 * Applications. k3s reads `k3s/`, Helm users `cilium/`, kubectl -k and Argo CD `manifests/`.
 */

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
