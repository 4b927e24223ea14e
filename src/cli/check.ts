/**
 * `--check`: compares what synth would write with the committed output, so CI fails a pull request
 * whose dist/ is not what the code renders; writes nothing. The summary names each file and, for
 * Kubernetes YAML, each object that differs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MANIFEST_FILE, planTree, STATE_DIR, type WriteTreeOptions } from '../write/tree.js';
import { asDir } from './io.js';

/** The text of each file that exists, path relative to `root` → content. */
function readFiles(root: string, paths: Iterable<string>): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of paths) {
    const abs = join(root, path);
    if (existsSync(abs) && statSync(abs).isFile()) files.set(path, readFileSync(abs, 'utf8'));
  }
  return files;
}

/** `Kind namespace/name` of every Kubernetes object in a YAML text → its canonical JSON; undefined when the text holds none. */
function objectsOf(text: string): Map<string, string> | undefined {
  try {
    const objects = new Map<string, string>();
    for (const d of parseAllDocuments(text)) {
      const o = d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (!o || typeof o.kind !== 'string' || !o.metadata?.name) return undefined;
      objects.set(`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`, JSON.stringify(o));
    }
    return objects.size > 0 ? objects : undefined;
  } catch {
    return undefined;
  }
}

/** What changed between two versions of one file, as object lines (empty for non-object files). */
function objectChanges(committed: string, rendered: string): string[] {
  const before = objectsOf(committed);
  const after = objectsOf(rendered);
  if (!before || !after) return [];
  const lines: string[] = [];
  for (const [id, json] of after) {
    if (!before.has(id)) lines.push(`+ ${id}`);
    else if (before.get(id) !== json) lines.push(`~ ${id}`);
  }
  for (const id of before.keys()) if (!after.has(id)) lines.push(`- ${id}`);
  // Same objects, different bytes: formatting, comments or order.
  return lines.length > 0 ? lines : ['~ formatting or object order'];
}

/** Difference lines, committed → rendered; empty when identical. */
export function diffTrees(committed: Map<string, string>, rendered: Map<string, string>): string[] {
  const lines: string[] = [];
  const paths = [...new Set([...committed.keys(), ...rendered.keys()])].sort();
  for (const path of paths) {
    const before = committed.get(path);
    const after = rendered.get(path);
    if (before === after) continue;
    if (before === undefined) lines.push(`missing  ${path}`);
    else if (after === undefined) lines.push(`stale    ${path}`);
    else lines.push(`changed  ${path}`, ...objectChanges(before, after).map((l) => `           ${l}`));
  }
  return lines;
}

/**
 * Compares what a write of `tree` would leave in `outDir` with what is there: the rendered files,
 * the owned files of this source a write would delete, and the ownership manifest. User files and
 * other sources' output are not compared. Returns the difference lines.
 */
export function checkTree(outDir: string, tree: ReadonlyMap<string, string>, options: WriteTreeOptions): string[] {
  const plan = planTree(outDir, tree, options);
  const manifest = `${STATE_DIR}/${MANIFEST_FILE}`;
  const committed = readFiles(outDir, [...tree.keys(), ...plan.stale]);
  if (plan.currentManifest !== undefined) committed.set(manifest, plan.currentManifest);
  const rendered = new Map([...tree, [manifest, plan.manifest]]);
  return [
    ...(plan.interrupted ? ['pending  an interrupted write (the next synth completes it first)'] : []),
    ...diffTrees(committed, rendered),
    ...plan.conflicts.map((c) => `not ours ${c} (synth would refuse to write)`),
  ];
}

/** Runs the check and reports it; 0 when `outDir` holds exactly what the code renders, else 1. */
export function reportCheck(
  outDir: string, tree: ReadonlyMap<string, string>, options: WriteTreeOptions, io: { stderr: (t: string) => void }, program = 'k3s-cilium-cdk8s synth',
): number {
  const lines = checkTree(outDir, tree, options);
  if (lines.length === 0) {
    io.stderr(`check: ${asDir(outDir)} is what the code renders (${tree.size} files)\n`);
    return 0;
  }
  io.stderr(
    `check: ${asDir(outDir)} differs from what the code renders; run \`${program.replace(/ --$/, '')}\` without --check and commit ${asDir(outDir)}:\n${lines.map((l) => `  ${l}\n`).join('')}`,
  );
  return 1;
}
