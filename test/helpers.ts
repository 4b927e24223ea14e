/** Shared test helpers: load a cluster file the way the CLI does and render it. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import type { ResolvedCluster } from '../constructs/resolved-cluster.js';
import { loadClusterFile } from '../src/cluster-file.js';
import { renderCluster } from '../src/render.js';

export const ROOT = resolve(import.meta.dirname, '..');

/** Loads a cluster file that must be valid; fails the test with its diagnostics otherwise. */
export function loadValid(file: string): ResolvedCluster {
  const loaded = loadClusterFile(resolve(ROOT, file));
  if (!loaded.cluster) throw new Error(`${file} is invalid:\n${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n')}`);
  return loaded.cluster;
}

/** Renders a valid cluster file to its files (path relative to dist/<name>/ → text). */
export function renderFile(file: string): Map<string, string> {
  return renderCluster(loadValid(file), file);
}

/** All YAML documents of a rendered multi-document file, as plain objects. */
export function docs(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null);
}

/** One YAML document. */
export function doc(text: string): any {
  return parse(text);
}

/** Reads a file under the project root. */
export function readProjectFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}
