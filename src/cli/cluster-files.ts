/** The cluster files a command reads (`--config <file|dir>`), loaded and checked the same way for every command. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadClusterFile, type LoadedClusterFile } from '../load/cluster-file.js';
import { Diagnostic, error, formatDiagnostic } from '../model/diagnostics.js';
import { UsageError } from './io.js';
import type { ValidClusterFile } from './render.js';

/** The directory of cluster files read when --config is not given; fleet.yaml describes it. */
export const DEFAULT_CONFIG = 'clusters';

/** Cluster files named by `--config`: the file itself, or the `.yaml`/`.yml` files of a directory, sorted. */
export function clusterFiles(config: string): string[] {
  if (!existsSync(config)) throw new UsageError(`--config ${config}: no such file or directory`);
  if (!statSync(config).isDirectory()) return [config];
  const files = readdirSync(config).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(config, f));
  if (files.length === 0) throw new UsageError(`--config ${config}: no cluster files (*.yaml) in this directory`);
  return files;
}

/** A finding with the file it is about. */
export interface Finding {
  readonly file: string;
  readonly d: Diagnostic;
}

/** Loads and checks every file; returns the valid clusters and all findings with their file. */
export function loadClusters(files: string[]): { clusters: ValidClusterFile[]; findings: Finding[] } {
  return collectClusters(files.map((file) => loadClusterFile(file)));
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
