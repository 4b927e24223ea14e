/**
 * The fleet output: one Argo CD Application per cluster in `<out>/argocd/<name>.yaml`, typed and
 * checked against the Application CRD schema by @kubernetes-models/argo-cd. One Application per
 * cluster (not an ApplicationSet) because each cluster has its own destination, and a reviewer
 * sees exactly what Argo CD will be told in the pull request.
 */
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { Yaml } from 'cdk8s';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { sortKeys } from '../constructs/yaml-text.js';
import { MANIFESTS_DIR } from '../constructs/k3s-cilium-cluster.js';
import type { Diagnostic } from '../constructs/diagnostics.js';
import { FleetFile, loadFleetFile } from './fleet-file.js';

/** The repo-level fleet settings, read from the working directory. */
export const DEFAULT_FLEET_FILE = 'fleet.yaml';

/** Top-level directory of the fleet output; a cluster cannot take this name. */
export const FLEET_DIR = 'argocd';
/** `metadata.name` of the ConfigManagementPlugin in argocd/plugin.yaml (no `spec.version`, so Applications use it as is). */
export const PLUGIN_NAME = 'k3s-cilium-cdk8s';
/** The plugin parameter that picks the cluster; Argo CD passes it as PARAM_CLUSTER. */
export const PLUGIN_CLUSTER_PARAMETER = 'cluster';

/** The Application of one cluster, validated against the CRD schema (throws on a schema violation: a bug, not user input). */
export function clusterApplication(fleet: FleetFile, clusterName: string): Application {
  const source = fleet.source === 'plugin'
    ? { path: fleet.clustersPath ?? 'clusters', plugin: { name: PLUGIN_NAME, parameters: [{ name: PLUGIN_CLUSTER_PARAMETER, string: clusterName }] } }
    : { path: posix.join(fleet.distPath ?? 'dist', clusterName, MANIFESTS_DIR.replace(/\/$/, '')) };
  const app = new Application({
    metadata: {
      name: `${clusterName}-networking`,
      namespace: fleet.namespace ?? 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'k3s-cilium-cdk8s', 'k3s-cilium-cdk8s/cluster': clusterName },
    },
    spec: {
      project: fleet.project ?? 'default',
      source: { repoURL: fleet.repoURL, targetRevision: fleet.targetRevision ?? 'HEAD', ...source },
      destination: fleet.clusters?.[clusterName]?.destination ?? fleet.destination ?? { server: 'https://kubernetes.default.svc' },
      // Prune removes a pool or policy deleted from the cluster file; self-heal reverts hand edits.
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });
  app.validate();
  return app;
}

/** Files of the fleet output: path relative to `<out>/` → content. */
export function renderFleet(fleet: FleetFile, clusterNames: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of [...clusterNames].sort()) {
    files.set(`${FLEET_DIR}/${name}.yaml`, Yaml.stringify(sortKeys(clusterApplication(fleet, name).toJSON())));
  }
  return files;
}

/**
 * The fleet output of a synth: rendered from `fleetFile` when given, else from `fleet.yaml` in the
 * working directory when it exists and the default clusters directory is rendered (fleet.yaml
 * describes that directory: a single cluster file would drop the other clusters' Applications, and
 * another directory, e.g. examples/, has other clusters). No output and no findings without one.
 */
export function fleetOutput(fleetFile: string | undefined, defaultClusters: boolean, clusterNames: string[]): { files: Map<string, string>; findings: { file: string; d: Diagnostic }[] } {
  const file = fleetFile ?? (defaultClusters && existsSync(DEFAULT_FLEET_FILE) ? DEFAULT_FLEET_FILE : undefined);
  if (file === undefined) return { files: new Map(), findings: [] };
  const { fleet, diagnostics } = loadFleetFile(file, clusterNames);
  const findings = diagnostics.map((d) => ({ file, d }));
  if (clusterNames.includes(FLEET_DIR)) {
    findings.push({ file, d: { severity: 'error', path: '', message: `a cluster is named "${FLEET_DIR}", the directory of the Argo CD Applications`, fix: 'Rename that cluster.' } });
  }
  return { files: fleet && findings.length === 0 ? renderFleet(fleet, clusterNames) : new Map(), findings };
}
