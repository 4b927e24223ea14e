/** A custom resource against its release's CRD: served apiVersion, openAPIV3Schema, CEL rules, ObjectMeta. */
import { ajvViolations } from './ajv.js';
import { applyDefaults, celViolations } from './cel-rules.js';
import type { CrdSchemas } from './crd-schemas.js';
import { objectMetaViolations } from './object-meta.js';
import type { Violation } from './violation.js';

/** `Kind/name` of an object, for messages. */
export function objectName(obj: Record<string, any>): string {
  return `${obj?.kind ?? '<no kind>'}/${obj?.metadata?.name ?? '<no name>'}`;
}

/**
 * Violations of one custom resource. `source` names the CRD set in rules, e.g. `Cilium 1.20.0 CRD`.
 * A deprecated apiVersion counts: the API server accepts it with a warning, and the next minor may drop it.
 */
export function customResourceViolations(obj: Record<string, any>, crds: CrdSchemas, at: { file: string; source: string }): Violation[] {
  const object = objectName(obj);
  const version = crds.get(obj.apiVersion, obj.kind);
  const base = { file: at.file, object };
  if (!version) {
    const known = crds.apiVersionsOf(String(obj.apiVersion).split('/')[0], obj.kind);
    return [{
      ...base, field: 'apiVersion', rule: `${at.source}: served versions`,
      message: known.length > 0
        ? `${obj.kind} is not served as ${obj.apiVersion}; this release serves ${known.join(', ')}`
        : `no CRD defines ${obj.kind} in ${obj.apiVersion}`,
    }];
  }
  const rule = `${at.source} ${version.apiVersion} ${version.kind}`;
  const out: Violation[] = [];
  if (!version.served) out.push({ ...base, field: 'apiVersion', rule: `${rule}: served`, message: `${obj.apiVersion} is defined but not served` });
  if (version.deprecated) {
    out.push({
      ...base,
      field: 'apiVersion',
      rule: `${rule}: deprecated`,
      message: `${obj.apiVersion} is deprecated for ${obj.kind}; emit the storage version`,
    });
  }
  const validate = version.validate();
  if (!validate(obj)) out.push(...ajvViolations(validate.errors, { ...base, rule: `${rule} schema` }));
  out.push(...celViolations(applyDefaults(obj, version.schema), version.schema, { ...base, rule }));
  out.push(...objectMetaViolations(obj, base));
  if (version.scope === 'Cluster' && obj.metadata?.namespace !== undefined) {
    out.push({
      ...base,
      field: 'metadata.namespace',
      rule: `${rule}: scope`,
      message: `${obj.kind} is cluster-scoped: the API server drops the namespace, so the file does not say what is applied`,
    });
  }
  return out;
}
