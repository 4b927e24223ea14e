/**
 * The written cluster file: the draft in the model's field order, each inferred value marked by a
 * comment, the sources named in the header, and the findings synth reports on it (when the imported
 * setup has mistakes) listed there too, so the file says what to fix.
 */
import { Document, isNode } from 'yaml';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import type { Draft } from './draft.js';
import type { Inference } from './report.js';

const ORDER = ['name', 'cilium', 'k3s', 'nodes', 'loadBalancer', 'sysctls'];

/** `nodes[0].address` → `['nodes', 0, 'address']`. */
function segments(path: string): (string | number)[] {
  return path.split(/\.|(?=\[)/).map((s) => (/^\[[0-9]+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
}

function ordered(draft: Draft): Draft {
  const out: Draft = {};
  for (const k of ORDER) if (draft[k] !== undefined) out[k] = draft[k];
  for (const k of Object.keys(draft)) if (!ORDER.includes(k)) out[k] = draft[k];
  return out;
}

/** The cluster file's text. `sources` are the files read; `findings` what synth reports on the result. */
export function clusterFileText(
  draft: Draft, inferences: readonly Inference[], sources: readonly string[], findings: readonly Diagnostic[], file: string,
): string {
  const doc = new Document(ordered(draft));
  for (const i of inferences) {
    const node = doc.getIn(segments(i.path), true);
    if (isNode(node)) node.comment = ` inferred: ${i.why}`;
  }
  const header = [
    ` Written by \`k3s-cilium-cdk8s import\` from:`,
    ...sources.map((s) => `   ${s}`),
    ' Values marked "inferred" were filled in by import: check them.',
    ...(findings.length > 0 ? [' synth reports on this file (fix them before you synth):', ...findings.map((d) => `   ${formatDiagnostic(file, d)}`)] : []),
  ];
  doc.commentBefore = header.join('\n');
  return doc.toString({ lineWidth: 0 });
}
