/**
 * `k3s-cilium-cdk8s synth` (`npm run synth` here): validates every cluster file, renders each into
 * `<out>/<name>/`, and writes nothing unless every cluster is valid. Exit codes: 0 ok, 1 invalid
 * cluster or fleet file (or, with --check, a tree that differs), 2 usage error.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ARGOCD_DIR, MANIFESTS_DIR } from '../../gitops/layout.js';
import { loadFleetFile } from '../../load/fleet-file.js';
import type { FleetSpec } from '../../model/fleet-spec.js';
import { argoCdApplicationSettings } from '../../model/resolve/fleet.js';
import { reportCheck } from '../check.js';
import { clusterFiles, DEFAULT_CONFIG, errorCount, Finding, loadClusters, reportFindings } from '../cluster-files.js';
import { CliIo, isUsageError, processIo, UsageError } from '../io.js';
import { renderClusterFile } from '../render.js';
import { printClusterStream } from '../stdout.js';
import { renderedClusterDirs, writeTreeAtomically } from '../../write/tree.js';

/** The repo-level fleet settings, read from the working directory. */
export const DEFAULT_FLEET_FILE = 'fleet.yaml';

/** The synth command's usage; `program` is how it is typed (`k3s-cilium-cdk8s synth`, `npm run synth --`). */
export function synthUsage(program: string): string {
  return `usage: ${program} [--config <file|dir>] [--out <dir>] [--fleet <file>] [--check | --stdout [--cluster <name>]]
  --config   a cluster file, or a directory of them (default: clusters/)
  --out      output directory; each cluster renders to <out>/<name>/ (default: $CDK8S_OUTDIR or dist/)
  --fleet    Argo CD settings; renders <out>/argocd/ (default: fleet.yaml when it exists and --config is clusters/)
  --check    render to a temporary directory and exit 1 if <out>/ differs; writes nothing
  --stdout   print the manifests/ objects of one cluster as one YAML stream; writes nothing
  --cluster  the cluster --stdout prints (default: the only one)
Invalid input exits 1 and writes nothing; a usage error exits 2.`;
}

/**
 * The fleet settings of a synth: `fleetFile` when given, else `fleet.yaml` in the working
 * directory when it exists and the default clusters directory is rendered (fleet.yaml describes
 * that directory: a single cluster file would drop the other clusters' Applications, and another
 * directory, e.g. examples/, has other clusters). Nothing, and no findings, without one.
 */
function loadFleet(fleetFile: string | undefined, defaultClusters: boolean, clusterNames: string[]): { fleet?: FleetSpec; findings: Finding[] } {
  const file = fleetFile ?? (defaultClusters && existsSync(DEFAULT_FLEET_FILE) ? DEFAULT_FLEET_FILE : undefined);
  if (file === undefined) return { findings: [] };
  const loaded = loadFleetFile(file, clusterNames);
  return { fleet: loaded.fleet, findings: loaded.diagnostics.map((d) => ({ file, d })) };
}

export function runSynth(argv: string[], io: CliIo = processIo, program = 'k3s-cilium-cdk8s synth'): number {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' }, out: { type: 'string' }, fleet: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        check: { type: 'boolean' }, stdout: { type: 'boolean' }, cluster: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout(`${synthUsage(program)}\n`);
      return 0;
    }
    if (values.cluster !== undefined && !values.stdout) throw new UsageError('--cluster only goes with --stdout');
    if (values.stdout && (values.check || values.fleet !== undefined)) {
      throw new UsageError('--stdout prints one cluster; it does not go with --check or --fleet');
    }
    const config = values.config ?? DEFAULT_CONFIG;
    const out = values.out ?? process.env.CDK8S_OUTDIR ?? 'dist';
    const files = clusterFiles(config);
    const { clusters, findings } = loadClusters(files);
    const errors = reportFindings(findings, io.stderr);
    if (errors > 0) {
      io.stderr(`synth: ${errorCount(errors)}; nothing was ${values.stdout ? 'printed' : `written to ${out}/`}\n`);
      return 1;
    }
    if (values.stdout) return printClusterStream(clusters, values.cluster, io);
    const wholeDirectory = statSync(config).isDirectory();
    const names = new Set(clusters.map((c) => c.cluster.name));
    const fleet = loadFleet(values.fleet, resolve(config) === resolve(DEFAULT_CONFIG), [...names]);
    const fleetErrors = reportFindings(fleet.findings, io.stderr);
    if (fleetErrors > 0) {
      io.stderr(`synth: ${errorCount(fleetErrors)} in the fleet file; nothing was written to ${out}/\n`);
      return 1;
    }
    const tree = new Map<string, string>();
    for (const loaded of clusters) {
      const argoCd = fleet.fleet && argoCdApplicationSettings(fleet.fleet, loaded.cluster.name, MANIFESTS_DIR);
      for (const [path, content] of renderClusterFile(loaded, argoCd)) tree.set(path, content);
    }
    const applications = [...tree.keys()].filter((p) => p.startsWith(`${ARGOCD_DIR}/`)).length;
    // A cluster file that was removed from a rendered directory leaves no stale output behind.
    const stale = wholeDirectory ? renderedClusterDirs(out).filter((dir) => !names.has(dir)) : [];
    if (values.check) return reportCheck(out, tree, [...new Set([...tree.keys()].map((p) => p.split('/')[0])), ...stale].sort(), io);
    writeTreeAtomically(out, tree);
    for (const dir of stale) rmSync(join(out, dir), { recursive: true, force: true });
    for (const { file, cluster } of clusters) {
      const count = [...tree.keys()].filter((p) => p.startsWith(`${cluster.name}/`)).length;
      io.stderr(`synth: ${file} → ${relative('.', join(out, cluster.name)) || '.'}/ (${count} files)\n`);
    }
    if (applications > 0) {
      const where = relative('.', join(out, ARGOCD_DIR)) || '.';
      io.stderr(`synth: Argo CD Applications → ${where}/ (${applications} Application${applications === 1 ? '' : 's'})\n`);
    }
    // The IP plan of each cluster (the same text as its PLAN.md) on stdout; diagnostics stay on stderr.
    io.stdout(clusters.map(({ cluster }) => tree.get(`${cluster.name}/PLAN.md`) ?? '').join('\n'));
    return 0;
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr(`synth: ${e.message}\n${synthUsage(program)}\n`);
      return 2;
    }
    throw e;
  }
}
