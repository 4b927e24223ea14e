/**
 * Check 31: no control characters in any name, label (key or value), pattern or other text of the
 * cluster file: C0 controls (newline, tab, ESC), DEL, C1 controls, the Unicode line/paragraph
 * separators and the bidirectional controls. A newline in an interface pattern splits the
 * DaemonSet's `grep -E` pattern (the pod looks healthy while rp_filter stays strict); ESC sequences
 * in a name would drive the terminal that prints PLAN.md; a newline breaks a PLAN.md table row.
 * The YAML loader already refuses most of them as characters of the file; this check sees the
 * ones YAML escapes can write (`"a\tb"`, `"\n"`) and every spec built in TypeScript.
 */
import { describeCodeUnit, firstControlCharacter } from '../model/control-characters.js';
import { Diagnostic, error, fieldPath } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

/** Findings listed before the rest are summarised: one bad value repeated by aliases must not flood the output. */
const MAX_FINDINGS = 20;
const FIX = 'Names, labels and patterns are one line of plain text: remove the character.';

export function checkControlCharacters(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<object>();
  const stack: [unknown, (string | number)[]][] = [[cluster.spec, []]];
  while (stack.length > 0 && out.length < MAX_FINDINGS) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const i = firstControlCharacter(value);
      if (i >= 0) out.push(error(fieldPath(...path), `${JSON.stringify(value)} holds ${describeCodeUnit(value.charCodeAt(i))}, a control character`, FIX));
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], [...path, i]]);
      continue;
    }
    const keys = Object.keys(value);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k];
      const i = firstControlCharacter(key);
      if (i >= 0) {
        out.push(error(fieldPath(...path), `the key ${JSON.stringify(key)} holds ${describeCodeUnit(key.charCodeAt(i))}, a control character`, FIX));
        continue;
      }
      stack.push([(value as Record<string, unknown>)[key], [...path, key]]);
    }
  }
  return out;
}
