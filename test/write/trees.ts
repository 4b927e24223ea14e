/** Helpers of the writer tests: the harness bundle, cluster folders to render, tree snapshots, temporary folders removed after the file's tests. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HOMELAB, ROOT, tempDir as sharedTempDir } from '../helpers.js';

/** A fresh temporary folder (mode 755, as a user's folder), removed when the test ends (test/helpers.ts's tempDir). */
export function tempDir(prefix = 'k3scc-write-'): string {
  const dir = sharedTempDir(prefix);
  chmodSync(dir, 0o755);
  return dir;
}

/** Bundles test/write/harness.ts into a temporary folder; returns its path. */
export async function buildHarness(): Promise<string> {
  const outfile = join(tempDir('k3scc-harness-'), 'harness.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/write/harness.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}

/** Why the kernel refuses the namespaces `unshare <flags>` makes (the test is then skipped), or undefined when it does not. */
export function unshareRefusal(flags: string[], what: string): string | undefined {
  const probe = spawnSync('unshare', [...flags, 'true'], { encoding: 'utf8' });
  if (probe.error) throw new Error(`unshare not found (${(probe.error as NodeJS.ErrnoException).code}): install util-linux`);
  return probe.status === 0 ? undefined : `the kernel refused ${what}: ${probe.stderr.trim().split('\n')[0]}`;
}

/** Runs synth in the harness with the hook's environment (`input`: its standard input). */
export function runHarness(harness: string, args: string[], env: Record<string, string> = {}, input?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [harness, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000, input });
}

const homelab = readFileSync(join(ROOT, HOMELAB), 'utf8');

/** A cluster file like the fixture, named `name`, with `stop` as its first pool's stop address (so versions differ). */
export function clusterText(name: string, stop = '192.168.1.115'): string {
  return homelab.replace('name: homelab', `name: ${name}`).replace('stop: 192.168.1.115', `stop: ${stop}`);
}

/** A fresh folder of cluster files (file name → text). */
export function clusterDir(files: Record<string, string>): string {
  const dir = tempDir('k3scc-clusters-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every entry under `root`: folders (with their mode), links and files with the sha1 of their bytes, sorted; one line each. */
export function snapshot(root: string): string {
  const lines: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        lines.push(`d ${p}`);
        walk(p);
      } else if (e.isSymbolicLink()) lines.push(`l ${p} ${readlinkSync(join(root, p))}`);
      else if (!e.isFile()) lines.push(`? ${p}`); // a FIFO is never read: it would wait for a writer
      else lines.push(`f ${p} ${createHash('sha1').update(readFileSync(join(root, p))).digest('hex')}`);
    }
  };
  walk('');
  return lines.join('\n');
}

/** Every file under `root` (path → text), the state folder left out. */
export function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === '.k3s-cilium-cdk8s') continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, readFileSync(join(root, p), 'utf8'));
    }
  };
  walk('');
  return out;
}

/** Writes user files (path → text) under `root`. */
export function userFiles(root: string, entries: Record<string, string>): void {
  for (const [path, text] of Object.entries(entries)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * The files of `tree` that are neither of the versions given nor a user's: a half-written file, or
 * a leftover temporary. Empty when every file is whole.
 */
export function notWhole(tree: Map<string, string>, ...versions: Map<string, string>[]): string[] {
  return [...tree].filter(([p, text]) => !versions.some((v) => v.get(p) === text)).map(([p, text]) => `${p} (${text.length} bytes)`);
}
