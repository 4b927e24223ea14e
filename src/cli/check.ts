/**
 * `--check`: compares what synth would write with the committed output, so CI fails a pull request
 * whose dist/ is not what the code renders; writes nothing. The summary names each file and, for
 * Kubernetes YAML, each object that differs.
 */
import { parseAllDocuments } from 'yaml';
import type { ValidClusterFile } from './render.js';
import { byName } from '../model/by-name.js';
import { type ClusterPlan, MANIFEST_FILE, OutputTree, STATE_DIR } from '../write/tree.js';
import { asDir } from './io.js';

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
 * Compares what a synth of `renders` (each cluster in turn) from `inputs` would leave in `outDir`
 * with what is there: the rendered files, the files of synth's it would delete, the manifest, and
 * the files it would refuse. Nothing is created or locked. Returns the difference lines.
 */
export function checkTree(outDir: string, renders: Iterable<[ValidClusterFile, Map<string, string>]>, inputs: readonly string[]): string[] {
  const tree = OutputTree.read(outDir);
  const found: [string, string[]][] = [];
  const refused: string[] = [];
  const take = (plan: ClusterPlan, rendered: ReadonlyMap<string, string>) => {
    refused.push(...plan.refused);
    for (const w of plan.writes) {
      found.push([w.path, diffTrees(new Map(w.before ? [[w.path, w.before.toString('utf8')]] : []), new Map([[w.path, rendered.get(w.path)!]]))]);
    }
    // Stryker disable next-line StringLiteral: a removed file is a "stale" line whatever its text (diffTrees reads texts only when both sides exist).
    for (const path of plan.removes) found.push([path, diffTrees(new Map([[path, '']]), new Map())]);
  };
  const names = new Set<string>();
  for (const [{ file, cluster }, rendered] of renders) {
    names.add(cluster.name);
    take(tree.write(cluster.name, rendered, tree.source(file)), rendered);
  }
  for (const [, plan] of tree.writeStale(names, inputs)) take(plan, new Map());
  const manifest = tree.manifest();
  // The first is only the sort key, and the state folder sorts first either way (a cluster name starts with [a-z0-9], after ".").
  // Stryker disable next-line StringLiteral: the sort key (above)
  if (manifest.changed) found.push([`${STATE_DIR}/${MANIFEST_FILE}`, [`changed  ${STATE_DIR}/${MANIFEST_FILE}`]]);
  return [
    ...(manifest.pending ? ['pending  an interrupted write (the next synth completes it)'] : []),
    ...found.sort(byName).flatMap(([, lines]) => lines),
    ...refused.map((c) => `not ours ${c} (synth would refuse to write)`),
  ];
}

/** Runs the check and reports it; 0 when `outDir` holds exactly what the code renders, else 1. */
export function reportCheck(
  outDir: string, renders: Iterable<[ValidClusterFile, Map<string, string>]>, inputs: readonly string[], io: { stderr: (t: string) => void },
  program: string,
): number {
  let files = 0;
  const counted = (function* () {
    for (const entry of renders) {
      files += entry[1].size;
      yield entry;
    }
  })();
  const lines = checkTree(outDir, counted, inputs);
  if (lines.length === 0) {
    io.stderr(`check: ${asDir(outDir)} is what the code renders (${files} files)\n`);
    return 0;
  }
  // Stryker disable next-line Regex: " --" ends the program (`npm run synth --`) or is not in it; the command line's arguments are not part of it.
  io.stderr(
    `check: ${asDir(outDir)} differs from what the code renders; run \`${program.replace(/ --$/, '')}\` without --check and commit ${asDir(outDir)}:\n${lines.map((l) => `  ${l}\n`).join('')}`,
  );
  return 1;
}
