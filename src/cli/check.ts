/**
 * `--check`: renders into a temporary directory and compares it with the committed output, so CI
 * fails a pull request whose dist/ is not what the code renders. The summary names each file
 * and, for Kubernetes YAML, each object that differs.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { writeTreeAtomically } from '../write/tree.js';

/** Files under `root/<top>/` for each top, path relative to `root` → content. */
export function readTree(root: string, tops: string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    if (!statSync(abs).isDirectory()) {
      files.set(rel, readFileSync(abs, 'utf8'));
      return;
    }
    for (const name of readdirSync(abs).sort()) walk(`${rel}/${name}`);
  };
  for (const top of tops) walk(top);
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
 * Renders `tree` into a temporary directory and compares `tops` (its top-level directories plus
 * any stale ones) with `outDir`. Returns the difference lines.
 */
export function checkTree(outDir: string, tree: Map<string, string>, tops: string[]): string[] {
  const tmp = mkdtempSync(join(tmpdir(), 'k3s-cilium-check-'));
  try {
    writeTreeAtomically(join(tmp, 'out'), tree);
    return diffTrees(readTree(outDir, tops), readTree(join(tmp, 'out'), tops));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the check and reports it; 0 when `outDir` holds exactly what the code renders, else 1. */
export function reportCheck(outDir: string, tree: Map<string, string>, tops: string[], io: { stderr: (t: string) => void }): number {
  const lines = checkTree(outDir, tree, tops);
  if (lines.length === 0) {
    io.stderr(`check: ${outDir}/ is what the code renders (${tree.size} files)\n`);
    return 0;
  }
  io.stderr(`check: ${outDir}/ differs from what the code renders; run \`npm run synth\` and commit ${outDir}/:\n${lines.map((l) => `  ${l}\n`).join('')}`);
  return 1;
}
