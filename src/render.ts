/** Renders one resolved cluster to its files, through a fresh cdk8s App. */
import { App } from 'cdk8s';
import { K3sCiliumCluster } from '../constructs/k3s-cilium-cluster.js';
import type { ResolvedCluster } from '../constructs/resolved-cluster.js';
import { renderPlan } from './plan.js';

/** The construct's files of one cluster (no PLAN.md): what `--stdout` needs from a render. */
export function renderClusterFiles(cluster: ResolvedCluster, source: string): Map<string, string> {
  const app = new App({ outdir: '/dev/null' });
  return new K3sCiliumCluster(app, cluster.name, { spec: cluster.spec, resolved: cluster, source }).files();
}

/** Files of one cluster: path relative to `<out>/<name>/` → content. */
export function renderCluster(cluster: ResolvedCluster, source: string): Map<string, string> {
  // PLAN.md sorts before every directory, so the sorted order of files() is kept.
  return new Map([['PLAN.md', renderPlan(cluster, source)], ...renderClusterFiles(cluster, source)]);
}
