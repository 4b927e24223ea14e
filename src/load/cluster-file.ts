/**
 * Reads a cluster file: YAML syntax, then the JSON Schema (shape, types, unknown keys), then the
 * model and its semantic checks. Every finding is collected; nothing is thrown for a user mistake.
 */
import { readFileSync } from 'node:fs';
// schema/cluster.schema.json precompiled by `npm run schema`: no Ajv compilation at start-up.
import validateClusterSchema from '../../generated/cluster-schema-validator.js';
import { checkCluster } from '../checks/index.js';
import type { ClusterSpec } from '../model/cluster-spec.js';
import { Diagnostic, error, hasErrors } from '../model/diagnostics.js';
import { resolveCluster } from '../model/resolve/cluster.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { schemaDiagnostics, SchemaValidator } from './schema.js';
import { parseYaml } from './yaml.js';

export interface LoadedClusterFile {
  /** The file's path as given (used in messages). */
  readonly file: string;
  /** The resolved cluster; undefined when the file has errors. */
  readonly cluster?: ResolvedCluster;
  /** Errors and warnings, in file order per stage. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The cluster spec of cluster-file text, when its YAML and shape are right (no semantic checks yet). */
export function parseClusterText(text: string): { spec: ClusterSpec; diagnostics?: undefined } | { spec?: undefined; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text);
  if (parsed.diagnostics) return { diagnostics: parsed.diagnostics };
  const shape = schemaDiagnostics(validateClusterSchema as unknown as SchemaValidator, parsed.data);
  return shape.length > 0 ? { diagnostics: shape } : { spec: parsed.data as ClusterSpec };
}

/** Parses and checks cluster-file text. */
export function loadClusterText(file: string, text: string): LoadedClusterFile {
  const parsed = parseClusterText(text);
  if (parsed.diagnostics) return { file, diagnostics: parsed.diagnostics };
  const cluster = resolveCluster(parsed.spec);
  const diagnostics = checkCluster(cluster);
  return { file, cluster: hasErrors(diagnostics) ? undefined : cluster, diagnostics };
}

/** Reads the text of an input file, or the finding that it cannot be read. */
export function readInputFile(file: string): { text: string } | { diagnostics: Diagnostic[] } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { diagnostics: [error('', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`)] };
  }
}

/** Reads, parses and checks a cluster file. */
export function loadClusterFile(file: string): LoadedClusterFile {
  const read = readInputFile(file);
  return 'text' in read ? loadClusterText(file, read.text) : { file, diagnostics: read.diagnostics };
}
