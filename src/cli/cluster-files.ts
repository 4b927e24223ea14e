/** The cluster files a command reads (`--config <file|dir>`), loaded and checked the same way for every command. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadClusterFile, STDIN, type LoadedClusterFile } from '../load/cluster-file.js';
import { Diagnostic, error, formatDiagnostic } from '../model/diagnostics.js';
import { UsageError } from './io.js';
import type { ValidClusterFile } from './render.js';

/** The directory of cluster files read when --config is not given; fleet.yaml describes it. */
export const DEFAULT_CONFIG = 'clusters';

/** Files whose name is not UTF-8: label (the name with `\xNN` for each byte that is not) → the bytes of the path. */
const rawPaths = new Map<string, Buffer>();

/** A directory entry's name as shown: itself when it is UTF-8, else with `\xNN` for every byte of 0x80 and above. */
function label(name: Buffer): string {
  const text = name.toString('utf8');
  return Buffer.from(text).equals(name) ? text : [...name].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16)}`)).join('');
}

/**
 * Cluster files named by `--config`: the file itself (`-`: standard input), or the `.yaml`/`.yml`
 * files of a directory, sorted by name (names that are not UTF-8 included).
 */
export function clusterFiles(config: string): string[] {
  if (config === '') throw new UsageError('--config is empty: give a cluster file, a directory of them, or - for standard input');
  if (config === STDIN) return [STDIN];
  if (!existsSync(config)) throw new UsageError(`--config ${config}: no such file or directory`);
  if (!statSync(config).isDirectory()) return [config];
  const names = readdirSync(config, { encoding: 'buffer' }).filter((n) => /\.ya?ml$/.test(n.toString('latin1'))).sort(Buffer.compare);
  if (names.length === 0) throw new UsageError(`--config ${config}: no cluster files (*.yaml) in this directory`);
  return names.map((name) => {
    const shown = label(name);
    const file = join(config, shown);
    if (!Buffer.from(shown).equals(name)) rawPaths.set(file, Buffer.concat([Buffer.from(`${config}/`), name]));
    return file;
  });
}

/** A finding with the file it is about. */
export interface Finding {
  readonly file: string;
  readonly d: Diagnostic;
}

/** Loads and checks every file; returns the valid clusters and all findings with their file. */
export function loadClusters(files: string[]): { clusters: ValidClusterFile[]; findings: Finding[] } {
  return collectClusters(files.map((file) => loadClusterFile(rawPaths.get(file) ?? file, file)));
}

/**
 * The clusters of loaded files, each name once, and every finding with its file. With `refused`,
 * a cluster the checks refuse is kept too (its findings say why): the network review compares it.
 */
export function collectClusters(
  files: readonly LoadedClusterFile[], options: { refused?: boolean } = {},
): { clusters: ValidClusterFile[]; findings: Finding[] } {
  const clusters: ValidClusterFile[] = [];
  const findings: Finding[] = [];
  const byName = new Map<string, string>();
  for (const loaded of files) {
    const file = loaded.file;
    for (const d of loaded.diagnostics) findings.push({ file, d });
    const cluster = options.refused ? loaded.resolved : loaded.cluster;
    if (!cluster) continue;
    const other = byName.get(cluster.name);
    if (other) {
      findings.push({ file, d: error('name', `cluster name "${cluster.name}" is already used by ${other}`,
        'Give every cluster file its own name: it names the output directory.') });
      continue;
    }
    byName.set(cluster.name, file);
    clusters.push({ file, cluster, diagnostics: loaded.diagnostics });
  }
  return { clusters, findings };
}

/** Prints the findings on stderr; returns the number of errors among them. */
export function reportFindings(findings: readonly Finding[], stderr: (text: string) => void): number {
  for (const { file, d } of findings) stderr(`${formatDiagnostic(file, d)}\n`);
  return findings.filter((f) => f.d.severity === 'error').length;
}

/** `1 error`, `2 errors`. */
export function errorCount(n: number): string {
  return `${n} error${n === 1 ? '' : 's'}`;
}
