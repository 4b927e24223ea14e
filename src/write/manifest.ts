/**
 * What synth wrote into an output tree, by cluster: `<out>/.k3s-cilium-cdk8s/manifest.json` holds
 * each cluster's input file (relative to the output folder) and the path and SHA-256 of every file
 * written for it. Sorted, no timestamps: the same input gives the same bytes, so it is committed
 * with the tree (a fresh clone must know what synth wrote).
 *
 * `pending` (run state, git-ignored) records what a run is about to write, one line per cluster,
 * appended and flushed before the cluster's first file is written: after a kill, the files that
 * run wrote count as synth's although the manifest does not list them yet. A torn last line is
 * ignored: nothing of its cluster had been written.
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstControlCharacter } from '../model/control-characters.js';
import { inspect, naming } from './files.js';

export const STATE_DIR = '.k3s-cilium-cdk8s';
export const MANIFEST_FILE = 'manifest.json';
export const PENDING_FILE = 'pending';
export const LOCK_FILE = 'lock';
/** `<state>/.gitignore`: the manifest is committed, the run state is not. */
export const STATE_GITIGNORE = '# Written by k3s-cilium-cdk8s: commit manifest.json with the rendered tree; the rest is run state.\n'
  + '*\n!.gitignore\n!manifest.json\n';
const TOOL = 'k3s-cilium-cdk8s';

/** Something in the output folder is not synth's to change, or synth's own state cannot be read. */
export class OutputConflictError extends Error {}

/** One cluster's record: its input file ('-' for standard input) and every file written, path → SHA-256. */
export interface ClusterRecord {
  readonly source: string;
  readonly files: ReadonlyMap<string, string>;
}

/** Cluster name → record. */
export type Manifest = Map<string, ClusterRecord>;

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const plainName = (s: string) => s !== '' && s !== '.' && s !== '..' && !/[/\\]/.test(s) && firstControlCharacter(s) < 0;

/** A plain relative path inside the tree, outside the state folder (a manifest may be hand-edited). */
export const isTreePath = (path: string): boolean => path.split('/')[0] !== STATE_DIR && path.split('/').every(plainName);

/** A record as read from JSON, or undefined when it is not one. A Map, never obj[key]: paths are user data ("constructor/PLAN.md"). */
function record(name: string, value: unknown): ClusterRecord | undefined {
  const r = value as { source?: unknown; files?: unknown } | null;
  if (!plainName(name) || typeof r?.source !== 'string' || typeof r.files !== 'object' || r.files === null) return undefined;
  const files = new Map(Object.entries(r.files));
  return [...files].every(([p, h]) => isTreePath(p) && typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))
    ? { source: r.source, files: files as Map<string, string> } : undefined;
}

function readState(state: string, name: string): string {
  const found = inspect(join(state, name));
  if (found.kind === 'other') throw new OutputConflictError(`${join(state, name)} is ${found.what}, not a file synth wrote; remove it`);
  return found.kind === 'file' ? found.bytes.toString('utf8') : '';
}

/**
 * The manifest merged with the intent of an interrupted run (later records win), and whether
 * there was one. A version-1 manifest (older releases: paths without content) proves nothing about
 * content and counts as none.
 */
export function readRecords(state: string): { records: Manifest; pending: [string, ClusterRecord][] } {
  const text = readState(state, MANIFEST_FILE);
  let m: { tool?: unknown; version?: unknown; clusters?: unknown } | undefined;
  try {
    m = JSON.parse(text) as typeof m;
  } catch {
    m = undefined;
  }
  const entries = m?.tool === TOOL && m.version === 2 && typeof m.clusters === 'object' && m.clusters !== null && !Array.isArray(m.clusters)
    ? Object.entries(m.clusters).map(([name, value]) => [name, record(name, value)] as const) : undefined;
  if (text !== '' && !(m?.tool === TOOL && m.version === 1) && (!entries || entries.some(([, r]) => !r))) {
    throw new OutputConflictError(`${join(state, MANIFEST_FILE)} is not a ${TOOL} manifest (version 2): restore it from version control, `
      + 'or remove it (synth then counts as its own only the files identical to what it renders)');
  }
  const pending: [string, ClusterRecord][] = [];
  for (const line of readState(state, PENDING_FILE).split('\n')) {
    try {
      const { cluster, ...rest } = JSON.parse(line) as { cluster: string };
      const r = record(cluster, rest);
      if (r) pending.push([cluster, r]);
    } catch {
      // A torn line: the run was killed before this cluster's first file.
    }
  }
  return { records: new Map((entries ?? []) as [string, ClusterRecord][]), pending };
}

const sorted = <V>(m: ReadonlyMap<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The manifest's text: sorted, one file a line. */
export function manifestText(manifest: Manifest): string {
  const clusters = sorted(manifest).map(([name, r]) => `    ${JSON.stringify(name)}: {\n      "source": ${JSON.stringify(r.source)},\n`
    + `      "files": {\n${sorted(r.files).map(([p, h]) => `        ${JSON.stringify(p)}: "${h}"`).join(',\n')}\n      }\n    }`);
  return `{\n  "tool": "${TOOL}",\n  "version": 2,\n  "clusters": {\n${clusters.join(',\n')}${clusters.length ? '\n' : ''}  }\n}\n`;
}

/** Appends one cluster's intent to `pending`, flushed before any of its files is written (a Buffer: see replaceFile). */
export function appendPending(state: string, cluster: string, r: ClusterRecord, flush: boolean): void {
  const path = join(state, PENDING_FILE);
  const line = `${JSON.stringify({ cluster, source: r.source, files: Object.fromEntries(r.files) })}\n`;
  naming(path, () => appendFileSync(path, Buffer.from(line), { flush }));
}
