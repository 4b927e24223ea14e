/**
 * `k3s-cilium-cdk8s synth` (`npm run synth` here): validates every cluster file, renders each into
 * `<out>/<name>/`, and writes nothing unless every cluster is valid. The write (src/write/tree.ts)
 * is all or nothing and replaces or deletes only what synth rendered from the same --config before.
 * Exit codes: 0 ok, 1 invalid cluster or fleet file (or, with --check, a tree that differs), 2 usage
 * error, 3 the output cannot be written (an I/O error, the lock held by another run, or something in
 * the way that is not synth's); the old tree is intact after 1–3.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ARGOCD_DIR, MANIFESTS_DIR, recogniseOlderOutput } from '../../gitops/layout.js';
import { loadFleetFile } from '../../load/fleet-file.js';
import { escapeControlCharacters } from '../../model/control-characters.js';
import type { FleetSpec } from '../../model/fleet-spec.js';
import { argoCdApplicationSettings } from '../../model/resolve/fleet.js';
import { describeIoError, shown } from '../../write/io-error.js';
import { LockHeldError, OutputConflictError, writeTree, type WriteTreeOptions } from '../../write/tree.js';
import { reportCheck } from '../check.js';
import { clusterFiles, DEFAULT_CONFIG, errorCount, Finding, loadClusters, reportFindings } from '../cluster-files.js';
import { asDir, CliIo, isUsageError, processIo, UsageError } from '../io.js';
import { renderClusterFile } from '../render.js';
import { printClusterStream } from '../stdout.js';

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
Exit codes: 0 ok; 1 invalid input (nothing written) or, with --check, a tree that differs; 2 usage error;
3 the output cannot be written (an I/O error, another run holding the lock, a file in the way that synth did not write).`;
}

export interface SynthIo extends CliIo {
  /** Test hook of the tree writer (WriteTreeOptions.onStep): called before every change on disk. */
  onWriteStep?: WriteTreeOptions['onStep'];
}

/** Exit codes: invalid input, a usage error, and an output that cannot be written. */
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_IO = 3;

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

export function runSynth(argv: string[], rawIo: SynthIo = processIo, program = 'k3s-cilium-cdk8s synth'): number {
  // Names and paths come from users: nothing reaches the terminal as a control character (an escape sequence).
  const io: CliIo = {
    stdout: (t: string) => rawIo.stdout(escapeControlCharacters(t, true)),
    stderr: (t: string) => rawIo.stderr(escapeControlCharacters(t, true)),
  };
  let out = 'dist';
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
    out = values.out ?? process.env.CDK8S_OUTDIR ?? 'dist';
    const files = clusterFiles(config);
    const { clusters, findings } = loadClusters(files);
    const errors = reportFindings(findings, io.stderr);
    if (errors > 0) {
      io.stderr(`synth: ${errorCount(errors)}; nothing was ${values.stdout ? 'printed' : `written to ${asDir(out)}`}\n`);
      return EXIT_INVALID;
    }
    if (values.stdout) return printClusterStream(clusters, values.cluster, io);
    const names = new Set(clusters.map((c) => c.cluster.name));
    const fleet = loadFleet(values.fleet, resolve(config) === resolve(DEFAULT_CONFIG), [...names]);
    const fleetErrors = reportFindings(fleet.findings, io.stderr);
    if (fleetErrors > 0) {
      io.stderr(`synth: ${errorCount(fleetErrors)} in the fleet file; nothing was written to ${asDir(out)}\n`);
      return EXIT_INVALID;
    }
    const tree = new Map<string, string>();
    const origins = new Map<string, string>();
    for (const loaded of clusters) {
      const argoCd = fleet.fleet && argoCdApplicationSettings(fleet.fleet, loaded.cluster.name, MANIFESTS_DIR);
      for (const [path, content] of renderClusterFile(loaded, argoCd)) {
        tree.set(path, content);
        origins.set(path, loaded.file);
      }
    }
    const applications = [...tree.keys()].filter((p) => p.startsWith(`${ARGOCD_DIR}/`)).length;
    // Output synth rendered from this --config before and no longer renders is deleted (and listed); nothing else is.
    const write: WriteTreeOptions = {
      source: config, origins, recognise: recogniseOlderOutput, onStep: rawIo.onWriteStep, log: (line) => io.stderr(`synth: ${line}\n`),
    };
    if (values.check) return reportCheck(out, tree, write, io, program);
    writeTree(out, tree, write);
    for (const { file, cluster } of clusters) {
      const count = [...tree.keys()].filter((p) => p.startsWith(`${cluster.name}/`)).length;
      io.stderr(`synth: ${file} → ${shown(join(out, cluster.name))}/ (${count} files)\n`);
    }
    if (applications > 0) {
      const where = shown(join(out, ARGOCD_DIR));
      io.stderr(`synth: Argo CD Applications → ${where}/ (${applications} Application${applications === 1 ? '' : 's'})\n`);
    }
    // The IP plan of each cluster (the same text as its PLAN.md) on stdout; diagnostics stay on stderr.
    io.stdout(clusters.map(({ cluster }) => tree.get(`${cluster.name}/PLAN.md`) ?? '').join('\n'));
    return 0;
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr(`synth: ${e.message}\n${synthUsage(program)}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof OutputConflictError || e instanceof LockHeldError) {
      io.stderr(`synth: ${escapeControlCharacters(e.message)}\n`);
      return EXIT_IO;
    }
    const line = describeIoError(e, out);
    if (line === undefined) throw e; // not a user's mistake nor the disk's: a bug, with its stack
    const state = (e as { afterCommitPoint?: boolean }).afterCommitPoint
      ? 'the new tree is committed but not all in place: run synth again to finish it'
      : 'the old tree is intact';
    io.stderr(`synth: ${line}; ${state}\n`);
    return EXIT_IO;
  }
}
