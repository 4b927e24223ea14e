/** Finds rendered cluster trees on disk and reads them into path → text maps. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Top-level directories of a rendered cluster (`dist/<name>/`). */
const CLUSTER_PARTS = ['k3s', 'cilium', 'manifests'];

function isClusterDir(dir: string): boolean {
  return CLUSTER_PARTS.some((p) => existsSync(join(dir, p)) && statSync(join(dir, p)).isDirectory());
}

/** The rendered cluster directories under `dir`: `dir` itself if it is one, else its subdirectories that are, sorted. */
export function clusterDirs(dir: string): string[] {
  if (isClusterDir(dir)) return [dir];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => join(dir, e.name)).filter(isClusterDir).sort();
}

/** Subdirectories of `dir` with YAML that are not rendered clusters (e.g. `dist/argocd/`); none when `dir` is a cluster. */
export function manifestDirs(dir: string): string[] {
  if (isClusterDir(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => join(dir, e.name)).filter((d) => !isClusterDir(d) && [...readTree(d).keys()].some((p) => /\.ya?ml$/.test(p))).sort();
}

/** Every file below `dir`, path relative to `dir` (with `/`) → text. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}
