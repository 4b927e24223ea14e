/** Renders one resolved cluster to its files, through a fresh cdk8s App. */
import { App } from 'cdk8s';
import { K3sCiliumCluster } from '../constructs/k3s-cilium-cluster.js';
import type { ResolvedCluster } from '../constructs/resolved-cluster.js';
import { renderPlan } from './plan.js';

/** Files of one cluster: path relative to `<out>/<name>/` → content. */
export function renderCluster(cluster: ResolvedCluster, source: string): Map<string, string> {
  const app = new App({ outdir: '/dev/null' });
  const files = new K3sCiliumCluster(app, cluster.name, { spec: cluster.spec, source }).files();
  // PLAN.md sorts before every directory, so the sorted order of files() is kept.
  return new Map([['PLAN.md', renderPlan(cluster, source)], ...files]);
}
