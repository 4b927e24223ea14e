/**
 * What the tool owns in an output tree, recorded in `<out>/.k3s-cilium-cdk8s/manifest.json`: every
 * file it wrote, with the input file it was rendered from (paths relative to the output directory,
 * sorted, one a line, no timestamps: the same input gives the same bytes, so it can be committed
 * with the tree and diffs stay small). A write may replace or delete only files the manifest records
 * as rendered from its own source (the file or directory of cluster files given); anything else
 * under the output directory is a user's, or another source's, and is never touched.
 *
 * The manifest belongs in version control next to the rendered files: a fresh clone must know what
 * the tool owns. The state directory's own `.gitignore` keeps the run state (lock, journal,
 * staging) out of git.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { firstControlCharacter } from '../model/control-characters.js';

/** The tool's directory inside the output directory: the manifest, and the run state while a write runs. */
export const STATE_DIR = '.k3s-cilium-cdk8s';
/** The ownership manifest, inside {@link STATE_DIR}. */
export const MANIFEST_FILE = 'manifest.json';
/** What `<state>/.gitignore` holds: only the manifest (and the ignore file) are committed. */
export const STATE_GITIGNORE = '# Written by k3s-cilium-cdk8s: commit manifest.json with the rendered tree; the rest is run state.\n'
  + '*\n!.gitignore\n!manifest.json\n';

const TOOL = 'k3s-cilium-cdk8s';

/** The output cannot be written without replacing or deleting something that is not this tool's to change. */
export class OutputConflictError extends Error {}

/** Path (relative to the output directory, '/'-separated) → the input it was rendered from (relative to the output directory). */
export type Ownership = Map<string, string>;

export const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/** Whether something (a file, directory or link, even a dangling one) is at `path`. */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Whether a path is a plain relative file path inside the tree, outside the state directory. */
function isTreePath(path: string): boolean {
  const segments = path.split('/');
  return path !== '' && !path.includes('\\') && firstControlCharacter(path) < 0 && segments[0] !== STATE_DIR
    && !segments.some((s) => s === '' || s === '.' || s === '..');
}

/** Refuses a path that is not a plain relative file path inside the tree (a renderer's or a library caller's bug). */
export function assertTreePath(path: string): void {
  if (!isTreePath(path)) throw new Error(`writeTree: ${JSON.stringify(path)} is not a plain relative path inside the output tree`);
}

/** The recorded ownership, or undefined when the tree has no manifest (a new tree, or one an older version wrote). */
export function readManifest(stateDir: string): Ownership | undefined {
  const path = join(stateDir, MANIFEST_FILE);
  if (!exists(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const m = parsed as { tool?: unknown; version?: unknown; files?: unknown } | undefined;
  const files = m?.files;
  if (!m || m.tool !== TOOL || m.version !== 1 || typeof files !== 'object' || files === null || Array.isArray(files)
    || Object.entries(files).some(([p, v]) => typeof v !== 'string' || !isTreePath(p))) {
    throw new OutputConflictError(`${path} is not a ${TOOL} ownership manifest (version 1): restore it from version control, `
      + 'or remove it (synth then replaces only what it recognises as its own output)');
  }
  // A Map, never obj[key]: paths are user data ("constructor/PLAN.md" must not meet Object.prototype).
  return new Map(Object.entries(files as Record<string, string>));
}

/** The manifest's text: sorted by path, one file a line. */
export function manifestText(owned: Ownership): string {
  const body = [...owned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, f]) => `    ${JSON.stringify(p)}: ${JSON.stringify(f)}`);
  return `{\n  "tool": "${TOOL}",\n  "version": 1,\n  "files": {\n${body.join(',\n')}${body.length ? '\n' : ''}  }\n}\n`;
}

/** Every file, link and empty directory (with a trailing '/') under `root/base`, relative to `root`. */
export function listEntries(root: string, base: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(join(root, base), { withFileTypes: true });
  if (entries.length === 0) return [`${base}/`];
  for (const e of entries) {
    const rel = `${base}/${e.name}`;
    if (e.isDirectory()) out.push(...listEntries(root, rel));
    else out.push(rel);
  }
  return out;
}

/** Paths of the tree and inputs, expressed relative to the output directory. */
export class TreePaths {
  readonly out: string;
  private readonly source: string;

  constructor(outDir: string, source: string) {
    this.out = resolve(outDir);
    this.source = resolve(source);
  }

  /** An input path as the manifest records it. */
  recorded(input: string): string {
    return toPosix(relative(this.out, resolve(input)));
  }

  /** Whether a recorded input is the source or inside it: output rendered from it is this run's to replace or delete. */
  inScope(recorded: string): boolean {
    const rel = relative(this.source, resolve(this.out, recorded));
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  }
}
