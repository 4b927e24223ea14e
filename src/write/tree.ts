/**
 * Writes rendered files so that a reader never sees a half-written tree: everything goes to a
 * staging directory beside the output first, and each top-level entry (one per cluster) is
 * swapped in by rename only after all files are written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a rendered tree (path relative to `outDir` → text, e.g. `K3sCiliumCluster.files()`) the
 * way the CLI does: each top-level entry of `files` (`<name>/`, `argocd/`) replaces the one in
 * `outDir` as a whole, after every file is written; other entries of `outDir` are left alone. To
 * write several clusters, pass the union of their `files()` in one call (each call replaces
 * `argocd/` whole).
 */
export function writeTreeAtomically(outDir: string, files: Map<string, string>): void {
  const out = resolve(outDir);
  mkdirSync(dirname(out), { recursive: true });
  const staging = mkdtempSync(join(dirname(out), `.${basename(out)}.staging-`));
  try {
    for (const [path, content] of files) {
      const target = join(staging, 'new', path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    mkdirSync(out, { recursive: true });
    const tops = [...new Set([...files.keys()].map((p) => p.split('/')[0]))].sort();
    for (const top of tops) {
      const current = join(out, top);
      if (existsSync(current)) renameSync(current, join(staging, `old-${top}`));
      renameSync(join(staging, 'new', top), current);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Top-level directories of `outDir` that hold a rendered cluster (a `cilium/values.yaml`). */
export function renderedClusterDirs(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(outDir, e.name, 'cilium', 'values.yaml')))
    .map((e) => e.name)
    .sort();
}
