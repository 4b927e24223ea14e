/**
 * What synth wrote into an output tree, by cluster: `<out>/.k3s-cilium-cdk8s/manifest.json` holds
 * each cluster's input file (relative to the output folder) and the path and SHA-256 of every file
 * written for it; sorted, no timestamps, committed with the tree (a fresh clone must know what synth
 * wrote). `pending` (run state, git-ignored) gets one line per cluster, flushed before the
 * cluster's first file is written, so a killed run's files count as synth's; a torn last line is
 * ignored (nothing of its cluster had been written).
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { byName } from '../model/by-name.js';
import { firstControlCharacter } from '../model/control-characters.js';
import { attempt, inspect, naming } from './files.js';

export const STATE_DIR = '.k3s-cilium-cdk8s';
export const MANIFEST_FILE = 'manifest.json';
export const PENDING_FILE = 'pending';
export const LOCK_FILE = 'lock';
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

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const plainName = (s: string) => s !== '' && s !== '.' && s !== '..' && !/[/\\]/.test(s) && firstControlCharacter(s) < 0;

/** A plain relative path inside the tree, outside the state folder (a manifest may be hand-edited). */
export const isTreePath = (path: string): boolean => path.split('/')[0] !== STATE_DIR && path.split('/').every(plainName);

/** A record as read from JSON, or undefined. Its files in a Map, never obj[key]: paths are user data ("constructor/PLAN.md"). */
function record(name: string, value: unknown): [string, ClusterRecord] | undefined {
  const r = value as { source?: unknown; files?: unknown } | null;
  const files = typeof r?.files === 'object' && r.files !== null ? new Map(Object.entries(r.files)) : undefined;
  const valid = files && plainName(name) && typeof r?.source === 'string' && [...files].every(([p, h]) => isTreePath(p) && typeof h === 'string' && /^[0-9a-f]{64}$/.test(h));
  return valid ? [name, { source: r!.source as string, files: files as Map<string, string> }] : undefined;
}

function readState(path: string): string | undefined {
  const found = inspect(path);
  if (found.kind === 'other') throw new OutputConflictError(`${path} is ${found.what}, not a file synth wrote; remove it`);
  return found.kind === 'file' ? found.bytes.toString('utf8') : undefined;
}

/**
 * The records: the manifest's, updated by the pending ones; and every hash synth may find at a path
 * (the manifest's and the pending ones'). A version-1 manifest (paths without content) proves nothing and counts as none.
 */
export function readRecords(state: string): { records: Map<string, ClusterRecord>; owned: Map<string, Set<string>> } {
  const text = readState(join(state, MANIFEST_FILE));
  const m = attempt(() => JSON.parse(text!) as { tool?: unknown; version?: unknown; clusters?: unknown });
  const clusters = m?.clusters;
  const records = m?.tool === TOOL && m.version === 2 && typeof clusters === 'object' && clusters !== null && !Array.isArray(clusters)
    ? Object.entries(clusters).map(([name, value]) => record(name, value)) : undefined;
  if (text !== undefined && !(m?.tool === TOOL && m.version === 1) && !records?.every(Boolean)) {
    throw new OutputConflictError(`${join(state, MANIFEST_FILE)} is not a ${TOOL} manifest (version 2): restore it from version control, `
      + 'or remove it (synth then counts as its own only the files identical to what it renders)');
  }
  const pending = (readState(join(state, PENDING_FILE)) ?? '').split('\n').map((line) => attempt(() => {
    const { cluster, ...rest } = JSON.parse(line) as { cluster: string };
    return record(cluster, rest);
  })).filter((r) => r !== undefined);
  const merged = new Map((records ?? []) as [string, ClusterRecord][]);
  const owned = new Map<string, Set<string>>();
  for (const [p, h] of [...merged, ...pending].flatMap(([, r]) => [...r.files])) owned.set(p, (owned.get(p) ?? new Set()).add(h));
  for (const [name, r] of pending) merged.set(name, { source: r.source, files: new Map([...merged.get(name)?.files ?? [], ...r.files]) });
  return { records: merged, owned };
}

const sorted = <V>(m: ReadonlyMap<string, V>) => Object.fromEntries([...m].sort(byName));

/** The manifest's text: sorted (Object.fromEntries keeps a key named `__proto__` a key). */
export function manifestText(records: ReadonlyMap<string, ClusterRecord>): string {
  const clusters = sorted(new Map([...records].map(([name, r]) => [name, { source: r.source, files: sorted(r.files) }])));
  return `${JSON.stringify({ tool: TOOL, version: 2, clusters }, null, 2)}\n`;
}

/** Appends one cluster's intent to `pending`, flushed (a Buffer: see replaceFile). */
export function appendPending(state: string, cluster: string, r: ClusterRecord, flush: boolean): void {
  const path = join(state, PENDING_FILE);
  const line = `${JSON.stringify({ cluster, source: r.source, files: Object.fromEntries(r.files) })}\n`;
  naming(path, () => appendFileSync(path, Buffer.from(line), { flush }));
}
