/**
 * `npm run synth`: validates every cluster file, renders each into `<out>/<name>/`, and writes
 * nothing unless every cluster is valid. Exit codes: 0 ok, 1 invalid cluster file, 2 usage error.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Diagnostic, formatDiagnostic } from '../constructs/diagnostics.js';
import type { ResolvedCluster } from '../constructs/resolved-cluster.js';
import { loadClusterFile } from './cluster-file.js';
import { renderCluster } from './render.js';
import { renderedClusterDirs, writeTreeAtomically } from './write-tree.js';
import { reportCheck } from './check.js';
import { FLEET_DIR, fleetOutput } from './fleet.js';
import { printClusterStream } from './stdout.js';

/** The directory of cluster files rendered when --config is not given; fleet.yaml describes it. */
export const DEFAULT_CONFIG = 'clusters';

export const USAGE = `usage: npm run synth -- [--config <file|dir>] [--out <dir>] [--fleet <file>] [--check | --stdout [--cluster <name>]]
  --config   a cluster file, or a directory of them (default: clusters/)
  --out      output directory; each cluster renders to <out>/<name>/ (default: $CDK8S_OUTDIR or dist/)
  --fleet    Argo CD settings; renders <out>/argocd/ (default: fleet.yaml when it exists and --config is clusters/)
  --check    render to a temporary directory and exit 1 if <out>/ differs; writes nothing
  --stdout   print the manifests/ objects of one cluster as one YAML stream; writes nothing
  --cluster  the cluster --stdout prints (default: the only one)`;

export interface SynthIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: SynthIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

class UsageError extends Error {}

/** Cluster files named by `--config`: the file itself, or the `.yaml`/`.yml` files of a directory, sorted. */
export function clusterFiles(config: string): string[] {
  if (!existsSync(config)) throw new UsageError(`--config ${config}: no such file or directory`);
  if (!statSync(config).isDirectory()) return [config];
  const files = readdirSync(config).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(config, f));
  if (files.length === 0) throw new UsageError(`--config ${config}: no cluster files (*.yaml) in this directory`);
  return files;
}

/** Loads and validates every file; returns clusters and all findings with their file. */
export function loadClusters(files: string[]): { clusters: { file: string; cluster: ResolvedCluster }[]; findings: { file: string; d: Diagnostic }[] } {
  const clusters: { file: string; cluster: ResolvedCluster }[] = [];
  const findings: { file: string; d: Diagnostic }[] = [];
  const byName = new Map<string, string>();
  for (const file of files) {
    const loaded = loadClusterFile(file);
    for (const d of loaded.diagnostics) findings.push({ file, d });
    if (!loaded.cluster) continue;
    const other = byName.get(loaded.cluster.name);
    if (other) {
      findings.push({ file, d: { severity: 'error', path: 'name', message: `cluster name "${loaded.cluster.name}" is already used by ${other}`, fix: 'Give every cluster file its own name: it names the output directory.' } });
      continue;
    }
    byName.set(loaded.cluster.name, file);
    clusters.push({ file, cluster: loaded.cluster });
  }
  return { clusters, findings };
}

export function runSynth(argv: string[], io: SynthIo = processIo): number {
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
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (values.cluster !== undefined && !values.stdout) throw new UsageError('--cluster only goes with --stdout');
    if (values.stdout && (values.check || values.fleet !== undefined)) throw new UsageError('--stdout prints one cluster; it does not go with --check or --fleet');
    const config = values.config ?? DEFAULT_CONFIG;
    const out = values.out ?? process.env.CDK8S_OUTDIR ?? 'dist';
    const files = clusterFiles(config);
    const { clusters, findings } = loadClusters(files);
    for (const { file, d } of findings) io.stderr(`${formatDiagnostic(file, d)}\n`);
    const errors = findings.filter((f) => f.d.severity === 'error').length;
    if (errors > 0) {
      io.stderr(`synth: ${errors} error${errors === 1 ? '' : 's'}; nothing was ${values.stdout ? 'printed' : `written to ${out}/`}\n`);
      return 1;
    }
    if (values.stdout) return printClusterStream(clusters, values.cluster, io);
    const wholeDirectory = statSync(config).isDirectory();
    const names = new Set(clusters.map((c) => c.cluster.name));
    const fleet = fleetOutput(values.fleet, resolve(config) === resolve(DEFAULT_CONFIG), [...names]);
    for (const { file, d } of fleet.findings) io.stderr(`${formatDiagnostic(file, d)}\n`);
    if (fleet.findings.length > 0) {
      io.stderr(`synth: ${fleet.findings.length} error${fleet.findings.length === 1 ? '' : 's'} in the fleet file; nothing was written to ${out}/\n`);
      return 1;
    }
    const tree = new Map<string, string>(fleet.files);
    for (const { file, cluster } of clusters) {
      for (const [path, content] of renderCluster(cluster, file)) tree.set(`${cluster.name}/${path}`, content);
    }
    // A cluster file that was removed from a rendered directory leaves no stale output behind.
    const stale = wholeDirectory ? renderedClusterDirs(out).filter((dir) => !names.has(dir)) : [];
    if (values.check) return reportCheck(out, tree, [...new Set([...tree.keys()].map((p) => p.split('/')[0])), ...stale].sort(), io);
    writeTreeAtomically(out, tree);
    for (const dir of stale) rmSync(join(out, dir), { recursive: true, force: true });
    for (const { file, cluster } of clusters) {
      const count = [...tree.keys()].filter((p) => p.startsWith(`${cluster.name}/`)).length;
      io.stderr(`synth: ${file} → ${relative('.', join(out, cluster.name)) || '.'}/ (${count} files)\n`);
    }
    if (fleet.files.size > 0) io.stderr(`synth: Argo CD Applications → ${relative('.', join(out, FLEET_DIR)) || '.'}/ (${fleet.files.size} Application${fleet.files.size === 1 ? '' : 's'})\n`);
    // The IP plan of each cluster (the same text as its PLAN.md) on stdout; diagnostics stay on stderr.
    io.stdout(clusters.map(({ cluster }) => tree.get(`${cluster.name}/PLAN.md`) ?? '').join('\n'));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`synth: ${(e as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
