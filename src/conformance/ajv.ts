/**
 * The one ajv setup every schema check uses: `strict: false` because upstream schemas carry
 * `x-kubernetes-*` keywords and untyped `properties`, all errors at once, formats that
 * Kubernetes knows (ajv-formats plus `cidr`, which is Go's net.ParseCIDR: host bits allowed).
 */
import { Ajv, ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parseCidr } from '../model/ip.js';
import type { Violation } from './violation.js';
import { joinField, pointerToField } from './violation.js';

export function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, unicodeRegExp: true });
  addFormats.default(ajv);
  ajv.addFormat('cidr', { type: 'string', validate: (s: string) => parseCidr(s) !== undefined });
  // Kubernetes' int32/int64 formats are range hints the API server enforces by type only.
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  return ajv;
}

/** What an ajv error says, as a sentence with the offending value. */
function describe(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `unknown field "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'required') return `missing required field "${String(e.params.missingProperty)}"`;
  const value = e.data === undefined ? '' : `${JSON.stringify(e.data)} `;
  if (e.keyword === 'enum') return `${value}is not one of ${(e.params.allowedValues as unknown[]).map((a) => JSON.stringify(a)).join(', ')}`;
  return `${value}${e.message ?? e.keyword}`;
}

/** ajv errors as violations of `rule` in one object of one file; `base` prefixes the field path. */
export function ajvViolations(errors: ErrorObject[] | null | undefined, at: { file: string; object: string; rule: string; base?: string }): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const e of errors ?? []) {
    // oneOf/anyOf/if report the branch errors themselves; the summary adds nothing.
    if (e.keyword === 'if') continue;
    // Unknown and missing fields are reported at the field itself, not at the object holding it.
    const named = e.keyword === 'additionalProperties' ? e.params.additionalProperty : e.keyword === 'required' ? e.params.missingProperty : undefined;
    const field = joinField(joinField(at.base ?? '', pointerToField(e.instancePath)), named === undefined ? '' : String(named));
    const v: Violation = { file: at.file, object: at.object, field, rule: `${at.rule}: ${e.keyword} at ${e.schemaPath}`, message: describe(e) };
    const key = `${v.field}\u0000${v.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}
