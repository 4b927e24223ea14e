/**
 * The fleet file's model: `fleet.yaml`, the repository-level settings of the Argo CD Applications
 * rendered into `dist/argocd/` (one per cluster). `schema/fleet.schema.json` is generated from
 * these interfaces (`npm run schema`), like the cluster schema.
 */

/**
 * An Argo CD destination: the cluster's name as registered in Argo CD, or its API server URL.
 * @minProperties 1
 * @maxProperties 1
 */
export interface FleetDestination {
  /**
   * The cluster's name in Argo CD (`argocd cluster add <context> --name <name>`).
   * @minLength 1
   */
  name?: string;
  /**
   * The cluster's API server URL as registered in Argo CD.
   * @pattern ^https://
   */
  server?: string;
}

/** Per-cluster settings of the fleet. */
export interface FleetClusterSpec {
  /** Where this cluster is registered in Argo CD. */
  destination: FleetDestination;
}

/** The whole fleet file. */
export interface FleetSpec {
  /**
   * Git repository Argo CD reads.
   * @minLength 1
   */
  repoURL: string;
  /**
   * Branch, tag or commit.
   * @minLength 1
   * @default "HEAD"
   */
  targetRevision?: string;
  /**
   * How Argo CD gets the objects: `dist` (the committed dist/<name>/manifests) or `plugin` (renders the cluster file with the CMP).
   * @default "dist"
   */
  source?: 'dist' | 'plugin';
  /**
   * Path of the rendered tree in the repository.
   * @minLength 1
   * @default "dist"
   */
  distPath?: string;
  /**
   * Path of the directory of cluster files in the repository (source: plugin).
   * @minLength 1
   * @default "clusters"
   */
  clustersPath?: string;
  /**
   * Namespace Argo CD runs in and the Applications live in.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @default "argocd"
   */
  namespace?: string;
  /**
   * Argo CD project.
   * @minLength 1
   * @default "default"
   */
  project?: string;
  /**
   * Destination of every cluster without its own.
   * @default {"server":"https://kubernetes.default.svc"}
   */
  destination?: FleetDestination;
  /**
   * Per cluster name: its settings.
   * @default {}
   */
  clusters?: Record<string, FleetClusterSpec>;
}
