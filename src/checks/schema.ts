/**
 * Check 14 and the shape of both input files: a precompiled JSON Schema validator's errors as
 * diagnostics. Unknown keys get a "did you mean"; keys of label maps are free. The CLI's loader
 * runs it on every file it reads, K3sCiliumCluster on the spec it is given.
 */
import type { ErrorObject } from 'ajv';
// schema/cluster.schema.json precompiled by `npm run schema`: no Ajv compilation at start-up.
import validateClusterSchema from '../../generated/cluster-schema-validator.js';
import { Diagnostic, error, fieldPath } from '../model/diagnostics.js';
import { ciliumVersionFormatDiagnostic } from './fields.js';
import { nearest } from '../model/nearest.js';

/** A generated validator (an Ajv ValidateFunction compiled with `verbose`, so errors carry data and parentSchema). */
export type SchemaValidator = { (data: unknown): boolean; errors?: ErrorObject[] | null };

/** `/loadBalancer/pools/0/blocks` → `loadBalancer.pools[0].blocks`. */
function instancePathToField(instancePath: string, extra?: string): string {
  const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  return fieldPath(...segments, ...(extra !== undefined ? [extra] : []));
}

/**
 * Keys that old guides put in a cluster's Cilium settings, which this model has no place for:
 * refused with what upstream did with them and what to write instead (not a "did you mean").
 */
const REMOVED_KEYS: Readonly<Record<string, { problem: string; fix: string }>> = {
  'cilium.tunnel': {
    problem: '"tunnel" was removed from Cilium in 1.15: the chart refuses it ("tunnel was deprecated in v1.14 and has been removed in v1.15")',
    fix: 'Write routingMode: native for unencapsulated routing (what tunnel: disabled meant), or routingMode: tunnel with tunnelProtocol: vxlan or geneve.',
  },
};

/** How to write a value of the wanted type, when YAML read it as another. */
function typeFix(wanted: string, data: unknown): string | undefined {
  if (wanted === 'integer' && typeof data === 'number') return 'Upstream takes whole numbers only: write one without a fraction.';
  if (wanted === 'string' && (typeof data === 'number' || typeof data === 'boolean')) {
    return `Quote it: YAML reads the unquoted value as the ${typeof data} ${JSON.stringify(data)}, not as text.`;
  }
  if (wanted === 'boolean' && typeof data === 'string') return 'Write true or false, without quotes.';
  if ((wanted === 'integer' || wanted === 'number') && typeof data === 'string') return 'Write the number without quotes.';
  return undefined;
}

function schemaDiagnostic(e: ErrorObject): Diagnostic | undefined {
  const path = instancePathToField(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const field = instancePathToField(e.instancePath, key);
      if (Object.hasOwn(REMOVED_KEYS, field)) return error(field, REMOVED_KEYS[field].problem, REMOVED_KEYS[field].fix);
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const guess = nearest(key, known);
      return error(instancePathToField(e.instancePath, key), `unknown key "${key}"`,
        guess ? `Did you mean "${guess}"?` : `Known keys here: ${known.join(', ')}.`);
    }
    case 'required':
      return error(instancePathToField(e.instancePath, String(e.params.missingProperty)), 'is required');
    case 'enum':
      return error(path, `${JSON.stringify(e.data)} is not allowed`, `Use one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}.`);
    case 'type':
      return error(path, `${JSON.stringify(e.data)} is not of type ${e.params.type}`, typeFix(String(e.params.type), e.data));
    case 'minimum':
    case 'maximum':
      return error(path, `${JSON.stringify(e.data)} is ${e.keyword === 'minimum' ? 'below the minimum' : 'above the maximum'} ${e.params.limit}`,
        (e.parentSchema as { description?: string })?.description);
    case 'pattern':
      if (path === 'cilium.version') return ciliumVersionFormatDiagnostic(path, e.data);
      return error(path, `${JSON.stringify(e.data)} does not match ${e.params.pattern}`, (e.parentSchema as { description?: string })?.description);
    case 'minProperties':
    case 'maxProperties': {
      const parent = e.parentSchema as { properties?: object; minProperties?: number; maxProperties?: number; description?: string };
      const keys = Object.keys(parent?.properties ?? {}).join(' or ');
      const exactly = parent?.minProperties === 1 && parent?.maxProperties === 1;
      const bound = `${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${e.params.limit}`;
      return error(path, exactly ? `needs exactly one of ${keys}` : `needs ${bound} of ${keys}`, parent?.description);
    }
    case 'if':
    case 'anyOf':
    case 'oneOf':
      return undefined;
    default:
      return error(path, e.message ?? e.keyword);
  }
}

/** Check 14: the findings of the cluster file schema on a cluster spec (parsed YAML, or a library user's object). */
export function clusterShapeDiagnostics(data: unknown): Diagnostic[] {
  return schemaDiagnostics(validateClusterSchema as unknown as SchemaValidator, data);
}

/** The findings of `validate` on `data`, each path and message once. */
export function schemaDiagnostics(validate: SchemaValidator, data: unknown): Diagnostic[] {
  if (validate(data)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).map(schemaDiagnostic).filter((d): d is Diagnostic => {
    if (!d) return false;
    const key = `${d.path}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
