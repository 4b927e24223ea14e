/** Helpers of the writer tests: the harness bundle, cluster directories to render, tree snapshots. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HOMELAB, ROOT } from '../helpers.js';

/** Bundles test/write/harness.ts into a temporary directory; returns its path. */
export async function buildHarness(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'k3scc-harness-')), 'harness.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/write/harness.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}

/** Runs the harness (`synth …` or `recover <out>`) with the hook's environment. */
export function runHarness(harness: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [harness, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 });
}

const homelab = readFileSync(join(ROOT, HOMELAB), 'utf8');

/** A cluster file like the default one, named `name`, with `pool` as its first pool's stop address (so versions differ). */
export function clusterText(name: string, stop = '192.168.1.115'): string {
  return homelab.replace('name: homelab', `name: ${name}`).replace('stop: 192.168.1.115', `stop: ${stop}`);
}

/** A fresh directory of cluster files (file name → text). */
export function clusterDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'k3scc-clusters-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every entry under `root`: directories, links and files with the sha1 of their bytes, sorted; one line each. */
export function snapshot(root: string): string {
  const lines: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        lines.push(`d ${p}`);
        walk(p);
      } else if (e.isSymbolicLink()) lines.push(`l ${p} ${readlinkSync(join(root, p))}`);
      else lines.push(`f ${p} ${createHash('sha1').update(readFileSync(join(root, p))).digest('hex')}`);
    }
  };
  walk('');
  return lines.join('\n');
}

/** Writes user files (path → text) under `root`. */
export function userFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
