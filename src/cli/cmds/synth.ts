/**
 * `k3s-cilium-cdk8s synth` (`npm run synth` here): validates every cluster file, then renders and
 * writes them one cluster at a time into `<out>/<name>/` (src/write/tree.ts: each file complete or
 * absent, only files that still hold what synth wrote are replaced or deleted). Nothing is written
 * unless every cluster file is valid. Exit codes: command.ts's EXIT.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ARGOCD_DIR, MANIFESTS_DIR } from '../../gitops/layout.js';
import { loadFleetFile } from '../../load/fleet-file.js';
import type { FleetSpec } from '../../model/fleet-spec.js';
import { argoCdApplicationSettings } from '../../model/resolve/fleet.js';
import { shown } from '../../write/io-error.js';
import { OutputTree } from '../../write/tree.js';
import { reportCheck } from '../check.js';
import {
  type CheckedClusterFile, checkClusters, clusterFiles, DEFAULT_CONFIG, errorCount, type Finding, loadClusters, reportFindings, resolveChecked,
} from '../cluster-files.js';
import { command, CommandError, EXIT } from '../command.js';
import { asDir, type CliIo, UsageError } from '../io.js';
import { renderClusterFile, type ValidClusterFile } from '../render.js';
import { printClusterStream } from '../stdout.js';

/** The repo-level fleet settings, read from the working directory. */
export const DEFAULT_FLEET_FILE = 'fleet.yaml';

/** The synth command's usage; `program` is how it is typed (`k3s-cilium-cdk8s synth`, `npm run synth --`). */
export function synthUsage(program: string): string {
  return `usage: ${program} [--config <file|dir|->] [--out <dir>] [--fleet <file>] [--take-over] [--check | --stdout [--cluster <name>]]
  --config     a cluster file, a directory of them, or - for standard input (default: clusters/)
  --out        output directory; each cluster renders to <out>/<name>/ (default: $CDK8S_OUTDIR or dist/)
  --fleet      Argo CD settings; renders <out>/argocd/ (default: fleet.yaml when it exists and --config is clusters/)
  --take-over  replace files in <out>/ that someone else changed or added where synth writes its own (default: refuse them)
  --check      exit 1 if <out>/ differs from what synth would write; writes nothing
  --stdout     print the manifests/ objects of one cluster as one YAML stream; writes nothing
  --cluster    the cluster --stdout prints (default: the only one)
Exit codes: 0 ok; 1 invalid input (nothing written) or, with --check, a tree that differs; 2 usage error;
3 the output cannot be written (an I/O error, another run holding the lock, a file synth did not write in the way).`;
}

/** Test hook of the tree writer (the writer tests' harness sets it): called before every change on disk. @internal */
export const synthTestHooks: { onStep?: (what: string) => void } = {};

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

/** Each cluster resolved and rendered in turn: only one cluster's model and files are held at a time. */
export function* renderEach(clusters: readonly CheckedClusterFile[], fleet: FleetSpec | undefined): Generator<[ValidClusterFile, Map<string, string>]> {
  for (const checked of clusters) {
    const loaded = resolveChecked(checked);
    const argoCd = fleet && argoCdApplicationSettings(fleet, checked.name, MANIFESTS_DIR);
    yield [loaded, renderClusterFile(loaded, argoCd)];
  }
}

/** The refusal of files that are not synth's, listed. */
function refusal(out: string, refused: readonly { cluster: string; why: string }[]): string {
  const n = refused.length;
  const names = [...new Set(refused.map((r) => r.cluster))];
  return `${n} path${n === 1 ? '' : 's'} in ${shown(out)}/ ${n === 1 ? 'is' : 'are'} not synth's to replace or delete:\n`
    + `${refused.map((r) => `  ${r.why}\n`).join('')}`
    + `The cluster${names.length === 1 ? '' : 's'} holding them (${names.join(', ')}) ${names.length === 1 ? 'was' : 'were'} left as `
    + `${names.length === 1 ? 'it was' : 'they were'}; every other cluster is written. Move these files away, `
    + 'or run synth again with --take-over to let synth replace them';
}

function write(out: string, clusters: readonly CheckedClusterFile[], fleet: FleetSpec | undefined, takeOver: boolean, io: CliIo): number {
  const tree = OutputTree.open(out, { takeOver, onStep: synthTestHooks.onStep });
  const refused: { cluster: string; why: string }[] = [];
  const log = (plan: { removes: readonly string[]; released: readonly string[] }) => {
    for (const path of plan.removes) io.stderr(`synth: removed ${shown(join(out, path))}\n`);
    for (const path of plan.released) io.stderr(`synth: kept ${shown(join(out, path))}: changed since synth wrote it, and now yours (--take-over)\n`);
  };
  let applications = 0;
  let printed = 0;
  try {
    for (const [{ file, cluster }, rendered] of renderEach(clusters, fleet)) {
      const plan = tree.write(cluster.name, rendered, tree.source(file));
      refused.push(...plan.refused.map((why) => ({ cluster: cluster.name, why })));
      if (plan.refused.length > 0) continue;
      log(plan);
      const count = [...rendered.keys()].filter((p) => p.startsWith(`${cluster.name}/`)).length;
      applications += rendered.size - count;
      io.stderr(`synth: ${file} → ${shown(join(out, cluster.name))}/ (${count} files)\n`);
      // The IP plan (the same text as PLAN.md) on stdout; every message on stderr.
      io.stdout(`${printed++ > 0 ? '\n' : ''}${rendered.get(`${cluster.name}/PLAN.md`) ?? ''}`);
    }
    // Clusters this config rendered before and renders no more (a removed cluster file).
    for (const [name, plan] of tree.writeStale(new Set(clusters.map((c) => c.name)), clusters.map((c) => c.file))) {
      refused.push(...plan.refused.map((why) => ({ cluster: name, why })));
      if (plan.refused.length === 0) log(plan);
    }
    tree.finish();
  } finally {
    tree.close();
  }
  if (applications > 0) {
    io.stderr(`synth: Argo CD Applications → ${shown(join(out, ARGOCD_DIR))}/ (${applications} Application${applications === 1 ? '' : 's'})\n`);
  }
  if (refused.length > 0) throw new CommandError(refusal(out, refused), EXIT.IO);
  return EXIT.OK;
}

export const runSynth = command({
  name: 'synth',
  usage: synthUsage,
  options: {
    config: { type: 'string' }, out: { type: 'string' }, fleet: { type: 'string' }, 'take-over': { type: 'boolean' },
    check: { type: 'boolean' }, stdout: { type: 'boolean' }, cluster: { type: 'string' },
  },
  ioState: 'every file is whole; any cluster written before this stays written, the rest are as they were: run synth again once this is fixed',
  run({ values }, io, program) {
    if (values.cluster !== undefined && !values.stdout) throw new UsageError('--cluster only goes with --stdout');
    if (values.stdout && (values.check || values.fleet !== undefined || values['take-over'])) {
      throw new UsageError('--stdout prints one cluster; it does not go with --check, --fleet or --take-over');
    }
    const config = values.config ?? DEFAULT_CONFIG;
    const out = values.out ?? process.env.CDK8S_OUTDIR ?? 'dist';
    if (out === '') throw new UsageError('--out is empty: give the output directory (--out . for the working directory)');
    const files = clusterFiles(config);
    const invalid = (findings: readonly Finding[]) => {
      const errors = reportFindings(findings, io.stderr);
      if (errors > 0) io.stderr(`synth: ${errorCount(errors)}; nothing was ${values.stdout ? 'printed' : `written to ${asDir(out)}`}\n`);
      return errors > 0;
    };
    if (values.stdout) {
      // The plugin's path: one cluster printed, so every model is kept (not resolved twice).
      const { clusters, findings } = loadClusters(files);
      return invalid(findings) ? EXIT.FOUND : printClusterStream(clusters, values.cluster, io);
    }
    // Every file checked before anything is written; then each resolved, rendered and written in turn.
    const { clusters, findings } = checkClusters(files);
    if (invalid(findings)) return EXIT.FOUND;
    const fleet = loadFleet(values.fleet, resolve(config) === resolve(DEFAULT_CONFIG), clusters.map((c) => c.name));
    const fleetErrors = reportFindings(fleet.findings, io.stderr);
    if (fleetErrors > 0) {
      io.stderr(`synth: ${errorCount(fleetErrors)} in the fleet file; nothing was written to ${asDir(out)}\n`);
      return EXIT.FOUND;
    }
    if (values.check) return reportCheck(out, renderEach(clusters, fleet.fleet), clusters.map((c) => c.file), io, program);
    return write(out, clusters, fleet.fleet, values['take-over'] ?? false, io);
  },
});
