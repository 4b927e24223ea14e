/** One way a rendered file would be refused upstream: where, which field, which rule. */
import { fieldPath } from '../model/diagnostics.js';

export interface Violation {
  /** The rendered file, relative to the tree being checked. */
  file: string;
  /** `Kind/name` of the offending object; empty for files that are not Kubernetes objects. */
  object: string;
  /** Field path inside the object or file, e.g. `spec.blocks[0].cidr`; empty for the whole object. */
  field: string;
  /** The rule that failed, e.g. `CRD cilium.io/v2 CiliumLoadBalancerIPPool schema: type` or `k3s flag type`. */
  rule: string;
  /** What is wrong, without a trailing period. */
  message: string;
}

/** `<file>: <Kind/name>: <field>: <message> [rule]`. */
export function formatViolation(v: Violation): string {
  const where = [v.file, v.object, v.field].filter((s) => s !== '').join(': ');
  return `${where}: ${v.message} [${v.rule}]`;
}

/** `/spec/blocks/0/cidr` (JSON pointer) → `spec.blocks[0].cidr`. */
export function pointerToField(pointer: string): string {
  return fieldPath(...pointer.split('/').slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s)));
}

/** Joins a base field path and a relative one. */
export function joinField(base: string, rest: string): string {
  if (!base) return rest;
  if (!rest) return base;
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}
