/** The fleet file with its defaults applied, and the Argo CD Application settings of each cluster. */
import { posix } from 'node:path';
import { FLEET_DEFAULTS } from '../defaults.js';
import type { FleetDestination, FleetSpec } from '../fleet-spec.js';

/** Everything one cluster's Argo CD Application is rendered from. */
export interface ArgoCdApplicationSettings {
  /** Git repository Argo CD reads. */
  readonly repoURL: string;
  /** Branch, tag or commit. */
  readonly targetRevision: string;
  /** Namespace the Application lives in (where Argo CD runs). */
  readonly namespace: string;
  /** Argo CD project. */
  readonly project: string;
  /** Where the cluster is registered in Argo CD. */
  readonly destination: FleetDestination;
  /** What Argo CD syncs: the committed manifests directory, or the cluster files rendered by the plugin. */
  readonly source: { readonly kind: 'dist'; readonly path: string } | { readonly kind: 'plugin'; readonly path: string };
}

/** The settings of one cluster's Application; `manifestsDir` is the directory under dist/<name>/ that Argo CD syncs. */
export function argoCdApplicationSettings(fleet: FleetSpec, clusterName: string, manifestsDir: string): ArgoCdApplicationSettings {
  const source = fleet.source ?? FLEET_DEFAULTS.source;
  const clusters: FleetSpec['clusters'] = fleet.clusters ?? FLEET_DEFAULTS.clusters;
  return {
    repoURL: fleet.repoURL,
    targetRevision: fleet.targetRevision ?? FLEET_DEFAULTS.targetRevision,
    namespace: fleet.namespace ?? FLEET_DEFAULTS.namespace,
    project: fleet.project ?? FLEET_DEFAULTS.project,
    destination: (Object.hasOwn(clusters, clusterName) ? clusters[clusterName].destination : undefined) ?? fleet.destination ?? FLEET_DEFAULTS.destination,
    source: source === 'plugin'
      ? { kind: 'plugin', path: fleet.clustersPath ?? FLEET_DEFAULTS.clustersPath }
      : { kind: 'dist', path: posix.join(fleet.distPath ?? FLEET_DEFAULTS.distPath, clusterName, manifestsDir) },
  };
}
