/**
 * Where `upstream fetch` keeps the upstream data: one directory per manifest under a per-user
 * cache, named by the manifest's digest, so a newer package with other pins never reads files it did
 * not verify. The directory appears whole (staged, verified, then renamed into place): if it exists,
 * it holds every file of the manifest.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UPSTREAM_MANIFEST, type UpstreamManifest } from './manifest.js';

/** Environment variable naming the cache directory itself (tests, CI caches). */
export const CACHE_DIR_ENV = 'K3S_CILIUM_CACHE_DIR';

/** `$K3S_CILIUM_CACHE_DIR`, else the platform's per-user cache (XDG on Linux) + `k3s-cilium-cdk8s`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env[CACHE_DIR_ENV]) return resolve(env[CACHE_DIR_ENV]);
  if (env.XDG_CACHE_HOME) return resolve(env.XDG_CACHE_HOME, 'k3s-cilium-cdk8s');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'k3s-cilium-cdk8s');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'k3s-cilium-cdk8s', 'Cache');
  return join(homedir(), '.cache', 'k3s-cilium-cdk8s');
}

/** The first 16 hex digits of the sha256 of the manifest (paths, origins, checksums, the k3s source pins). */
export function manifestDigest(manifest: UpstreamManifest = UPSTREAM_MANIFEST): string {
  return createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 16);
}

/** The data directory of a manifest in the cache (it exists only once a fetch completed). */
export function cachedDataDir(root: string = cacheRoot(), manifest: UpstreamManifest = UPSTREAM_MANIFEST): string {
  return join(root, 'upstream', manifestDigest(manifest));
}
