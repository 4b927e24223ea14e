/** The one cluster a command works on (`--stdout`, `plan`): the one named by `--cluster`, else the only one. */
import type { ValidClusterFile } from './render.js';

/** The chosen cluster, or the message saying why none is (the command adds its name and exits 2). */
export function pickCluster(clusters: readonly ValidClusterFile[], name: string | undefined, what: string): ValidClusterFile | { problem: string } {
  const names = clusters.map((c) => c.cluster.name);
  // Run by the Argo CD plugin (argocd/plugin.yaml), whose users set the Application's `cluster` parameter, not a flag.
  const how = process.env.ARGOCD_APP_NAME ? 'set the Application\'s plugin parameter `cluster`' : 'pick one with --cluster';
  const chosen = name === undefined && clusters.length === 1 ? clusters[0] : clusters.find((c) => c.cluster.name === name);
  if (chosen) return chosen;
  return {
    problem: name === undefined
      ? `${what} one cluster and there are ${clusters.length}: ${how} (${names.join(', ')})`
      : `--cluster ${name}: no cluster file has this name (clusters: ${names.join(', ')})`,
  };
}
