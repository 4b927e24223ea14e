/**
 * Reads a cluster file: YAML syntax, then the JSON Schema (shape, types, unknown keys), then the
 * semantic checks. Every finding is collected; nothing is thrown for a user mistake.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { LineCounter, parseDocument } from 'yaml';
import type { ClusterSpec } from '../constructs/cluster-spec.js';
import { Diagnostic, fieldPath } from '../constructs/diagnostics.js';
import { resolveCluster, ResolvedCluster } from '../constructs/resolved-cluster.js';
import { validateCluster } from '../constructs/validation/index.js';
// schema/cluster.schema.json precompiled by `npm run schema`: no Ajv compilation at start-up.
import validateClusterSchema from './cluster-schema-validator.generated.js';

export interface LoadedClusterFile {
  /** The file's path as given (used in messages). */
  file: string;
  /** The resolved cluster; undefined when the file has errors. */
  cluster?: ResolvedCluster;
  /** Errors and warnings, in file order per stage. */
  diagnostics: Diagnostic[];
}

/** The generated validator's shape (an Ajv ValidateFunction). */
const schemaValidator = validateClusterSchema as unknown as { (data: unknown): boolean; errors?: ErrorObject[] | null };

/** `/loadBalancer/pools/0/blocks` → `loadBalancer.pools[0].blocks`. */
function instancePathToField(instancePath: string, extra?: string): string {
  const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  return fieldPath(...segments, ...(extra !== undefined ? [extra] : []));
}

function schemaDiagnostic(error: ErrorObject): Diagnostic | undefined {
  const path = instancePathToField(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const guess = known.length > 0 ? closest(key, known) : undefined;
      const near = guess !== undefined && distance(key, guess) <= Math.max(2, Math.floor(guess.length / 3));
      return {
        severity: 'error',
        path: instancePathToField(error.instancePath, key),
        message: `unknown key "${key}"`,
        fix: near ? `Did you mean "${guess}"?` : `Known keys here: ${known.join(', ')}.`,
      };
    }
    case 'required':
      return { severity: 'error', path: instancePathToField(error.instancePath, String(error.params.missingProperty)), message: 'is required' };
    case 'enum':
      return { severity: 'error', path, message: `${JSON.stringify(error.data)} is not allowed`, fix: `Use one of: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}.` };
    case 'type':
      return { severity: 'error', path, message: `${JSON.stringify(error.data)} is not of type ${error.params.type}` };
    case 'pattern':
      return { severity: 'error', path, message: `${JSON.stringify(error.data)} does not match ${error.params.pattern}`, fix: (error.parentSchema as { description?: string })?.description };
    case 'if':
    case 'anyOf':
    case 'oneOf':
      return undefined;
    default:
      return { severity: 'error', path, message: error.message ?? error.keyword };
  }
}

/** Checks parsed YAML against the cluster schema. */
export function schemaDiagnostics(data: unknown): Diagnostic[] {
  if (schemaValidator(data)) return [];
  const seen = new Set<string>();
  return (schemaValidator.errors ?? []).map(schemaDiagnostic).filter((d): d is Diagnostic => {
    if (!d) return false;
    const key = `${d.path}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Parses and validates cluster-file text. */
export function loadClusterText(file: string, text: string): LoadedClusterFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      file,
      diagnostics: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { severity: 'error' as const, path: pos ? `line ${pos.line}, column ${pos.col}` : '', message: `invalid YAML: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const data = doc.toJS();
  const shape = schemaDiagnostics(data);
  if (shape.length > 0) return { file, diagnostics: shape };
  const cluster = resolveCluster(data as ClusterSpec);
  const diagnostics = validateCluster(cluster);
  return { file, cluster: diagnostics.some((d) => d.severity === 'error') ? undefined : cluster, diagnostics };
}

/** Reads, parses and validates a cluster file. */
export function loadClusterFile(file: string): LoadedClusterFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, diagnostics: [{ severity: 'error', path: '', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})` }] };
  }
  return loadClusterText(file, text);
}
