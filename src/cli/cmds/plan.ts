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
import { clusterDirectory, renderClusterFile, renderedKinds, type ValidClusterFile } from '../render.js';
import { checkCluster } from '../../checks/index.js';
import { compareClusters } from '../../diff/compare.js';
import { reviewMarkdown } from '../../diff/markdown.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import { resolveCluster } from '../../model/resolve/cluster.js';

/** The plan command's usage; `program` is how it is typed. */
export function planUsage(program: string): string {
  return `usage: ${program} [<file|dir>] [--cluster <name>] [--upgrade-to <version>]
  <file|dir>     a cluster file, or a directory of them (default: clusters/); --config <file|dir> says the same
  --cluster      the cluster whose plan is printed (default: the only one)
  --upgrade-to   print the review of upgrading the cluster's Cilium to this release instead (what diff shows once cilium.version is edited)
Prints PLAN.md on stdout, findings on stderr; writes nothing. Exit codes: 0 printed, 1 invalid cluster file, 2 usage error.`;
}

/** The review of a planned `cilium.version` change, before the file is edited: the same as diff's once it is. */
function upgradePlan(chosen: ValidClusterFile, version: string): string {
  if (!/^[0-9]+\.[0-9]+\.[0-9]+$/.test(version)) throw new UsageError(`--upgrade-to ${version}: give a Cilium release, e.g. 1.20.0`);
  const spec = { ...chosen.cluster.spec, cilium: { ...chosen.cluster.spec.cilium, version } };
  const cluster = resolveCluster(spec);
  const target: ValidClusterFile = { file: chosen.file, cluster, diagnostics: checkCluster(cluster) };
  const refused = target.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(`${chosen.file} (cilium.version: ${version})`, d));
  const review = compareClusters(chosen.cluster.name, chosen.cluster, cluster, [], refused, { rendered: renderedKinds(target) });
  return reviewMarkdown({ base: `${chosen.file} (Cilium ${chosen.cluster.cilium.version})`, head: `Cilium ${version}`, clusters: [review] });
}

export const runPlan = command({
  name: 'plan',
  usage: planUsage,
  options: { config: { type: 'string' }, cluster: { type: 'string' }, 'upgrade-to': { type: 'string' } },
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
    if (values['upgrade-to'] !== undefined) {
      io.stdout(upgradePlan(chosen, values['upgrade-to']));
      return EXIT.OK;
    }
    // The same render as synth's, so the text is exactly the PLAN.md synth writes.
    io.stdout(clusterDirectory(renderClusterFile(chosen), chosen.cluster.name).get(CLUSTER_FILES.plan)!);
    return EXIT.OK;
  },
});
