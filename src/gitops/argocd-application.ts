/**
 * The Argo CD Application of one cluster (`<out>/argocd/<name>.yaml`), typed by the Application
 * CRD's interface from @kubernetes-models/argo-cd (a type only: the package stays out of the
 * library's runtime dependencies; the tests check every rendered Application against the CRD
 * schema). One Application per cluster (not an ApplicationSet) because each cluster has its own
 * destination, and a reviewer sees exactly what Argo CD will be told in the pull request.
 */
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { ArgoCdApplicationSettings } from '../model/resolve/fleet.js';
import { objectsYaml, sortKeys } from '../text/yaml.js';

/** `metadata.name` of the ConfigManagementPlugin in argocd/plugin.yaml (no `spec.version`, so Applications use it as is). */
export const PLUGIN_NAME = 'k3s-cilium-cdk8s';
/** The plugin parameter that picks the cluster; Argo CD passes it as PARAM_CLUSTER. */
export const PLUGIN_CLUSTER_PARAMETER = 'cluster';

/** The Application object. */
export function argoCdApplication(settings: ArgoCdApplicationSettings, clusterName: string): IApplication {
  const source = settings.source.kind === 'plugin'
    ? { path: settings.source.path, plugin: { name: PLUGIN_NAME, parameters: [{ name: PLUGIN_CLUSTER_PARAMETER, string: clusterName }] } }
    : { path: settings.source.path };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${clusterName}-networking`,
      namespace: settings.namespace,
      labels: { 'app.kubernetes.io/part-of': 'k3s-cilium-cdk8s', 'k3s-cilium-cdk8s/cluster': clusterName },
    },
    spec: {
      project: settings.project,
      source: { repoURL: settings.repoURL, targetRevision: settings.targetRevision, ...source },
      destination: { ...settings.destination },
      // Prune removes a pool or policy deleted from the cluster file; self-heal reverts hand edits.
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/** The Application's file text. */
export function argoCdApplicationYaml(settings: ArgoCdApplicationSettings, clusterName: string): string {
  return objectsYaml(sortKeys(argoCdApplication(settings, clusterName)));
}
