/** The cluster files a command reads (`--config <file|dir>`), loaded and checked the same way for every command. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadClusterFile, loadClusterText, parseClusterText, readInputFile, STDIN, type LoadedClusterFile } from '../load/cluster-file.js';
import { Diagnostic, error, formatDiagnostic } from '../model/diagnostics.js';
import { resolveCluster } from '../model/resolve/cluster.js';
import { missingReason, UsageError } from './io.js';
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
  if (!existsSync(config)) throw new UsageError(`--config ${config}: ${missingReason(config)}`);
  if (!statSync(config).isDirectory()) return [config];
  // libuv already returns names in strcmp (byte) order on Unix (uv__fs_scandir_sort, src/unix/fs.c), not on Windows: the sort makes it hold everywhere.
  // Stryker disable next-line MethodExpression: the order libuv gives on Unix (above)
  const names = readdirSync(config, { encoding: 'buffer' }).filter((n) => /\.ya?ml$/.test(n.toString('latin1'))).sort(Buffer.compare);
  if (names.length === 0) throw new UsageError(`--config ${config}: no cluster files (*.yaml, *.yml) in this directory`);
  return names.map((name) => {
    const shown = label(name);
    const file = join(config, shown);
    // Stryker disable next-line ConditionalExpression: a UTF-8 name's bytes are its label's, so reading it by them reads the same file.
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
  const unique = uniqueNames();
  const clusters: ValidClusterFile[] = [];
  for (const loaded of files) {
    const cluster = options.refused ? loaded.resolved : loaded.cluster;
    if (unique.add(loaded.file, loaded.diagnostics, cluster?.name)) clusters.push({ file: loaded.file, cluster: cluster!, diagnostics: loaded.diagnostics });
  }
  return { clusters, findings: unique.findings };
}

/** Findings gathered file by file, and the rule that a cluster name names one file only. */
function uniqueNames() {
  const findings: Finding[] = [];
  const byName = new Map<string, string>();
  return {
    findings,
    /** Records a file's findings; true when it holds a cluster (`name`) whose name no earlier file took. */
    add(file: string, diagnostics: readonly Diagnostic[], name: string | undefined): name is string {
      for (const d of diagnostics) findings.push({ file, d });
      if (name === undefined) return false;
      const other = byName.get(name);
      if (other !== undefined) {
        findings.push({ file, d: error('name', `cluster name "${name}" is already used by ${other}`,
          'Give every cluster file its own name: it names the output directory.') });
        return false;
      }
      byName.set(name, file);
      return true;
    },
  };
}

/**
 * A cluster file that passed every check, kept small for a run over many (synth of a fleet): its
 * bytes, not its resolved model, which {@link resolveChecked} builds again when its turn comes.
 */
export interface CheckedClusterFile {
  readonly file: string;
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads and checks every file like {@link loadClusters}, keeping of each valid one only its bytes
 * and findings: memory does not grow with the resolved models of a fleet, and every file is still
 * checked before anything is written. The bytes are kept (not read again) so that what is
 * rendered is what was checked, even when a file changes meanwhile or is standard input.
 */
export function checkClusters(files: string[]): { clusters: CheckedClusterFile[]; findings: Finding[] } {
  const unique = uniqueNames();
  const clusters: CheckedClusterFile[] = [];
  for (const file of files) {
    const read = readInputFile(rawPaths.get(file) ?? file);
    if (!('bytes' in read)) {
      unique.add(file, read.diagnostics, undefined);
      continue;
    }
    const { diagnostics, cluster } = loadClusterText(file, read.bytes);
    const name = cluster?.name;
    if (unique.add(file, diagnostics, name)) clusters.push({ file, name, bytes: read.bytes, diagnostics });
  }
  return { clusters, findings: unique.findings };
}

/** A checked file's cluster, resolved again from the same bytes (so its checks, already run, are not). */
export function resolveChecked(c: CheckedClusterFile): ValidClusterFile {
  return { file: c.file, cluster: resolveCluster(parseClusterText(c.bytes).spec!), diagnostics: c.diagnostics };
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
