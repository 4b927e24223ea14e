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
  // An object reached twice (a YAML alias) is walked once.
  const seen = new Set<object>();
  // One path, pushed and popped as the walk goes down and up: a path is built only for a finding.
  const path: (string | number)[] = [];
  const walk = (value: unknown): void => {
    if (out.length >= MAX_FINDINGS) return;
    if (typeof value === 'string') {
      const i = firstControlCharacter(value);
      if (i >= 0) out.push(error(fieldPath(...path), `${JSON.stringify(value)} holds ${describeCodeUnit(value.charCodeAt(i))}, a control character`, FIX));
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
      return;
    }
    // A mapping's bad keys are reported before anything inside it, last key first.
    const keys = Object.keys(value);
    const good: string[] = [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k];
      const i = firstControlCharacter(key);
      if (i >= 0) out.push(error(fieldPath(...path), `the key ${JSON.stringify(key)} holds ${describeCodeUnit(key.charCodeAt(i))}, a control character`, FIX));
      else good.push(key);
    }
    for (let k = good.length - 1; k >= 0; k--) {
      path.push(good[k]);
      walk((value as Record<string, unknown>)[good[k]]);
      path.pop();
    }
  };
  walk(cluster.spec);
  return out;
}
