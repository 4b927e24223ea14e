/**
 * CustomResourceDefinitions as validators: one per served (group/version, kind), compiled from
 * the CRD's own `openAPIV3Schema` the way the API server applies it to a create request.
 */
import type { ValidateFunction } from 'ajv';
import { newAjv } from './ajv.js';

/** The parts of an apiextensions.k8s.io/v1 CRD this checker reads. */
export interface CrdDocument {
  spec: {
    group: string;
    names: { kind: string };
    scope: 'Cluster' | 'Namespaced';
    versions: { name: string; served: boolean; storage: boolean; deprecated?: boolean; deprecationWarning?: string; schema: { openAPIV3Schema: JsonSchema } }[];
  };
}

/** A structural schema node (only what the checker walks). */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
  pattern?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
  [keyword: string]: unknown;
}

/** One served version of one kind. */
export interface CrdVersion {
  apiVersion: string;
  kind: string;
  scope: 'Cluster' | 'Namespaced';
  served: boolean;
  deprecated: boolean;
  /** The schema as written in the CRD (defaults and CEL rules are read from it). */
  schema: JsonSchema;
  /** ajv validator of the strict form of the schema. */
  validate: () => ValidateFunction;
}

/**
 * The schema as the API server enforces it with `fieldValidation=Strict` (kubectl's default):
 * unknown fields are errors wherever the schema lists properties and does not preserve unknowns.
 * Go regexes become JS ones: `\PC` (not a control character) is `\P{C}` in a unicode RegExp.
 */
export function strictSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, strictSchema(v)]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && value && typeof value === 'object') {
      out[key] = strictSchema(value as JsonSchema);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v) => strictSchema(v as JsonSchema));
    } else if (key === 'pattern' && typeof value === 'string') {
      out.pattern = value.replace(/\\PC/g, '\\P{C}');
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** Every served version of the kinds defined by a set of CRD documents. */
export class CrdSchemas {
  private readonly versions = new Map<string, CrdVersion>();
  private readonly kinds = new Map<string, string[]>();

  constructor(crds: CrdDocument[]) {
    for (const crd of crds) {
      const { group, names: { kind }, scope } = crd.spec;
      for (const v of crd.spec.versions) {
        const apiVersion = `${group}/${v.name}`;
        const schema = v.schema.openAPIV3Schema;
        let compiled: ValidateFunction | undefined;
        const root = strictSchema(schema);
        this.versions.set(`${apiVersion}|${kind}`, {
          apiVersion, kind, scope, served: v.served, deprecated: v.deprecated === true, schema,
          validate: () => (compiled ??= newAjv().compile(root)),
        });
        this.kinds.set(`${group}|${kind}`, [...(this.kinds.get(`${group}|${kind}`) ?? []), apiVersion]);
      }
    }
  }

  /** The version entry for an object's apiVersion and kind, if the CRD defines it. */
  get(apiVersion: string, kind: string): CrdVersion | undefined {
    return this.versions.get(`${apiVersion}|${kind}`);
  }

  /** apiVersions the CRDs define for a kind of this group. */
  apiVersionsOf(group: string, kind: string): string[] {
    return this.kinds.get(`${group}|${kind}`) ?? [];
  }

  /** Whether any CRD of this set belongs to the group. */
  hasGroup(group: string): boolean {
    return [...this.kinds.keys()].some((k) => k.startsWith(`${group}|`));
  }
}
