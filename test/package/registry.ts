/**
 * A registry on loopback for npm to install from without the network: every package of this
 * checkout's package-lock.json at its locked version, its packument made from the lockfile entry and
 * its tarball read from npm's cache by the locked integrity (the content-addressed layout of
 * cacache, content-v2/<algorithm>/<hex>, which `npm ci` filled). A package the cache does not hold
 * is a 404, so nothing is ever fetched from elsewhere. npm must run asynchronously while it serves.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

export interface LocalRegistry {
  readonly url: string;
  /** npm's cache directory, where the tarballs come from. */
  readonly cache: string;
  close(): Promise<void>;
}

interface LockEntry { name?: string; version: string; integrity?: string; link?: boolean; inBundle?: boolean; [field: string]: unknown }

/** Fields of a lockfile entry that are also fields of the version's manifest in a packument. */
const MANIFEST_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'os', 'cpu', 'license',
  'bundleDependencies', 'deprecated'];

function cachePath(cache: string, integrity: string): string {
  const [algorithm, base64] = integrity.split(' ')[0].split('-');
  const hex = Buffer.from(base64, 'base64').toString('hex');
  return join(cache, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

export async function localRegistry(): Promise<LocalRegistry> {
  const cache = execFileSync('npm', ['config', 'get', 'cache'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const versions = new Map<string, Map<string, LockEntry>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || entry.link || entry.inBundle || !entry.integrity) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!versions.has(name)) versions.set(name, new Map());
    versions.get(name)!.set(entry.version, entry);
  }
  let url = '';
  const tarballName = (name: string, version: string) => `${name}/-/${name.split('/').pop()}-${version}.tgz`;
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]).slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(path);
    try {
      if (tarball) {
        const entry = versions.get(tarball[1])?.get(tarball[2]);
        res.end(readFileSync(cachePath(cache, entry?.integrity ?? 'sha512-')));
        return;
      }
      const known = versions.get(path);
      if (!known) throw new Error('unknown');
      const packument = {
        name: path,
        'dist-tags': { latest: [...known.keys()].at(-1) },
        versions: Object.fromEntries([...known].map(([version, entry]) => [version, {
          name: path, version,
          ...Object.fromEntries(MANIFEST_FIELDS.filter((f) => entry[f] !== undefined).map((f) => [f, entry[f]])),
          dist: { tarball: `${url}/${tarballName(path, version)}`, integrity: entry.integrity },
        }])),
      };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(packument));
    } catch {
      res.writeHead(404).end('{}');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, cache, close: () => new Promise((ok) => server.close(() => ok())) };
}
