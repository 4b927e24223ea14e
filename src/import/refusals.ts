/**
 * What import cannot read faithfully, found in the values it reads (not in documents it skips):
 * Go-template / Helm `{{ }}` expressions, Flux post-build variables `${VAR}` (substituted when the
 * user gives `--set VAR=value`), SOPS-encrypted values. Each is a refusal with a fix; nothing is
 * written. Plain-text BGP passwords are refused by the BGP reader (bgp.ts), which knows where they sit.
 */
import type { ImportProblem } from './problems.js';

/**
 * Flux's post-build substitution (https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution):
 * `${var}`, `${var:=default}` and `${var:-default}`; `$${var}` is an escaped literal `${var}`.
 * Variable names are `[_a-zA-Z][_a-zA-Z0-9]*`, as Flux requires.
 */
const FLUX_VAR = /(\$?)\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?::?[=-]([^}]*))?\}/g;
/** A Go template action, as Helm and Flux's own templating write it. */
const GO_TEMPLATE = /\{\{.*?\}\}/s;
/** A value SOPS encrypted (https://github.com/getsops/sops#encrypted-file-format). */
const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,data:/;

export interface Substitutions {
  /** `--set VAR=value` pairs. */
  readonly vars: ReadonlyMap<string, string>;
}

function pathOf(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const k = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return base ? `${base}.${k}` : k;
}

function substitute(text: string, at: { file: string; field: string }, subs: Substitutions, problems: ImportProblem[]): string {
  return text.replace(FLUX_VAR, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    const value = subs.vars.get(name) ?? fallback;
    if (value === undefined) {
      problems.push({
        ...at,
        message: `\${${name}} is a Flux post-build variable import cannot know`,
        fix: `Give its value: --set ${name}=<value> (what the Kustomization's postBuild.substitute or substituteFrom sets).`,
      });
      return whole;
    }
    return value;
  });
}

function scanString(text: string, at: { file: string; field: string }, subs: Substitutions, problems: ImportProblem[]): unknown {
  if (GO_TEMPLATE.test(text)) {
    problems.push({
      ...at,
      message: `${JSON.stringify(text.length > 50 ? `${text.slice(0, 47)}...` : text)} is a Go-template expression`,
      fix: 'Render the template first (helm template, or the tool that fills it) and import the rendered file.',
    });
    return text;
  }
  if (SOPS_VALUE.test(text)) {
    problems.push({
      ...at,
      message: 'the value is encrypted with SOPS',
      fix: 'Import the decrypted file (sops -d <file> > plain.yaml, kept out of Git), or leave this file out.',
    });
    return text;
  }
  return text.includes('${') ? substitute(text, at, subs, problems) : text;
}

/**
 * `value` with Flux variables substituted, or the problems that make it unreadable. `base` is the
 * field path of `value` inside its document; keys are scanned as well as values.
 */
export function scanValue(value: unknown, file: string, base: string, subs: Substitutions, problems: ImportProblem[]): unknown {
  if (typeof value === 'string') return scanString(value, { file, field: base }, subs, problems);
  if (Array.isArray(value)) return value.map((v, i) => scanValue(v, file, pathOf(base, i), subs, problems));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const field = pathOf(base, k);
      const key = scanString(k, { file, field }, subs, problems) as string;
      Object.defineProperty(out, key, { value: scanValue(v, file, field, subs, problems), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Whether a document is a SOPS-encrypted file (its metadata block sits beside the data). */
export function sopsProblem(data: unknown, file: string): ImportProblem | undefined {
  const sops = (data as { sops?: { mac?: unknown } } | null)?.sops;
  if (!sops || typeof sops !== 'object' || !('mac' in sops)) return undefined;
  return {
    file,
    field: 'sops',
    message: 'the file is encrypted with SOPS',
    fix: 'Import the decrypted file (sops -d <file> > plain.yaml, kept out of Git), or leave this file out.',
  };
}
