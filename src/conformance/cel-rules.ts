/**
 * The CEL rules of a CRD schema (`x-kubernetes-validations`), which ajv cannot check: evaluated
 * with a CEL interpreter against the object after the API server's defaulting, like on a create.
 * Transition rules (those that read `oldSelf`) only apply to updates and are skipped.
 */
import { evaluate } from '@marcbachmann/cel-js';
import type { JsonSchema } from './crd-schemas.js';
import { joinField, Violation } from './violation.js';

/** The schema of property `k` (keys are user data: `constructor` must not find Object.prototype's). */
function propertySchema(schema: JsonSchema, k: string): JsonSchema | undefined {
  const own = schema.properties && Object.hasOwn(schema.properties, k) ? schema.properties[k] : undefined;
  return own ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
}

/** A deep copy with the schema's `default`s filled in where a field is absent (structural defaulting). */
export function applyDefaults(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return value.map((v) => applyDefaults(v, schema.items));
  if (value && typeof value === 'object') {
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.set(k, applyDefaults(v, propertySchema(schema, k)));
    for (const [k, sub] of Object.entries(schema.properties ?? {})) {
      if (!out.has(k) && sub.default !== undefined) out.set(k, applyDefaults(structuredClone(sub.default), sub));
    }
    // fromEntries defines own properties: a `__proto__` key stays a key.
    return Object.fromEntries(out);
  }
  return value;
}

/** CEL integers are int64: YAML integers become bigint so `<=` compares ints, not doubles. */
function celValue(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(celValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
  return value;
}

/** Every failing CEL rule of `schema` in `value` (already defaulted); `field` is the path of `value`. */
export function celViolations(value: unknown, schema: JsonSchema | undefined, at: { file: string; object: string; rule: string; field?: string }): Violation[] {
  if (!schema || value === undefined || value === null) return [];
  const field = at.field ?? '';
  const out: Violation[] = [];
  for (const { rule, message } of schema['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(rule)) continue;
    let result: unknown;
    try {
      result = evaluate(rule, { self: celValue(value) });
    } catch (e) {
      out.push({
        file: at.file,
        object: at.object,
        field,
        rule: `${at.rule}: CEL ${rule}`,
        message: `the rule cannot be evaluated: ${(e as Error).message.split('\n')[0]}`,
      });
      continue;
    }
    if (result !== true) out.push({ file: at.file, object: at.object, field, rule: `${at.rule}: CEL ${rule}`, message: message ?? `fails ${rule}` });
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...celViolations(v, schema.items, { ...at, field: `${field}[${i}]` })));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.push(...celViolations(v, propertySchema(schema, k), { ...at, field: joinField(field, k) }));
    }
  }
  return out;
}
