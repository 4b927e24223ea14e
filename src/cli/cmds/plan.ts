/**
 * `k3s-cilium-cdk8s plan [<file|dir>]`: prints the PLAN.md of one cluster file (the IP plan and
 * verification checklist `synth` writes to <out>/<name>/PLAN.md) and writes nothing. Findings go
 * to stderr, as with synth. Exit codes: 0 printed, 1 invalid cluster file, 2 usage error.
 */
import { CLUSTER_FILES } from '../../gitops/layout.js';
import { clusterFiles, DEFAULT_CONFIG, errorCount, loadClusters, reportFindings } from '../cluster-files.js';
import { command, EXIT } from '../command.js';
import { UsageError } from '../io.js';
import { pickCluster } from '../pick.js';
import { clusterDirectory, renderClusterFile } from '../render.js';

/** The plan command's usage; `program` is how it is typed. */
export function planUsage(program: string): string {
  return `usage: ${program} [<file|dir>] [--cluster <name>]
  <file|dir>  a cluster file, or a directory of them (default: clusters/); --config <file|dir> says the same
  --cluster   the cluster whose plan is printed (default: the only one)
Prints PLAN.md on stdout, findings on stderr; writes nothing. Exit codes: 0 printed, 1 invalid cluster file, 2 usage error.`;
}

export const runPlan = command({
  name: 'plan',
  usage: planUsage,
  options: { config: { type: 'string' }, cluster: { type: 'string' } },
  positionals: true,
  run({ values, positionals }, io) {
    if (positionals.length > 1 || (positionals.length === 1 && values.config !== undefined)) {
      throw new UsageError('give one cluster file or directory');
    }
    const config = positionals[0] ?? values.config ?? DEFAULT_CONFIG;
    const { clusters, findings } = loadClusters(clusterFiles(config));
    const errors = reportFindings(findings, io.stderr);
    if (errors > 0) {
      io.stderr(`plan: ${errorCount(errors)}; nothing was printed\n`);
      return EXIT.FOUND;
    }
    const chosen = pickCluster(clusters, values.cluster, 'plan prints');
    if ('problem' in chosen) throw new UsageError(chosen.problem);
    // The same render as synth's, so the text is exactly the PLAN.md synth writes.
    io.stdout(clusterDirectory(renderClusterFile(chosen), chosen.cluster.name).get(CLUSTER_FILES.plan)!);
    return EXIT.OK;
  },
});
