/**
 * `upstream fetch`: every file of the manifest from a mirror (a local folder in the reference
 * data's layout, and the same folder served over loopback HTTP) or from upstream's URLs (served here
 * by a loopback server too: nothing leaves the machine), checked against the pinned sha256, stored
 * whole in the cache or not at all.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { sharedDir } from '../../src/conformance/shared-dir.js';
import { cachedDataDir } from '../../src/upstream/cache.js';
import { fetchUpstream } from '../../src/upstream/fetch.js';
import { K3S_FLAG_SOURCES, UPSTREAM_FILES } from '../../src/upstream/manifest.js';
import { tarGzMember } from '../../src/upstream/tar.js';
import { missingReference, skipUnmet } from '../requirements.js';
import { ROOT, tempDir } from '../helpers.js';
import { loopback, snapshot } from './tree.js';

const missing = missingReference();
let work = '';
let mirror = '';
let server: Server;
let base = '';

beforeAll(async () => {
  work = tempDir('k3s-cilium-fetch-');
  if (missing) return;
  // The mirror: exactly the manifest's files, copied from the reference data this run has.
  mirror = join(work, 'mirror');
  for (const f of UPSTREAM_FILES) cpSync(join(sharedDir(), f.path), join(mirror, f.path));
  // Serves the mirror under /mirror/, and upstream's URLs (host and path) under /upstream/<host>/<path>.
  ({ server, base } = await loopback((path) => {
    const byUrl = UPSTREAM_FILES.find((f) => 'url' in f.from && `/upstream/${f.from.url.replace(/^https:\/\//, '')}` === path);
    const file = byUrl ? join(mirror, byUrl.path) : path.startsWith('/mirror/') ? join(mirror, path.slice('/mirror/'.length)) : undefined;
    try {
      return readFileSync(file ?? '/nonexistent');
    } catch {
      return undefined;
    }
  }));
});

afterAll(async () => {
  if (server) await new Promise((ok) => server.close(ok));
  rmSync(work, { recursive: true, force: true });
});

describe('upstream fetch', () => {
  it('stores every file from a local mirror, verified, where the lookup finds it; a second run has nothing to do', async (ctx) => {
    skipUnmet(ctx, missing);
    const cache = join(work, 'cache-dir');
    const lines: string[] = [];
    const r = await fetchUpstream({ from: mirror, cacheRoot: cache, log: (l) => lines.push(l) });
    expect(r).toEqual({ dir: cachedDataDir(cache), fetched: UPSTREAM_FILES.length });
    expect(lines).toHaveLength(UPSTREAM_FILES.length);
    expect(lines[0]).toMatch(/^cilium\/1\.18\.10\/chart\/cilium-1\.18\.10\.tgz: \d+ bytes from .*, sha256 verified$/);
    expect(snapshot(r.dir)).toEqual(snapshot(mirror));
    const again = await fetchUpstream({ from: mirror, cacheRoot: cache, log: (l) => lines.push(l) });
    expect(again.fetched).toBe(0);
    expect(lines.at(-1)).toContain('nothing to fetch');
  });

  it('refuses a file whose checksum differs, naming it, and leaves the cache exactly as it was', async (ctx) => {
    skipUnmet(ctx, missing);
    const cache = join(work, 'cache-bad');
    const { dir } = await fetchUpstream({ from: mirror, cacheRoot: cache });
    // A damaged cached file makes the next fetch download again; the mirror now serves a changed values.yaml.
    const victim = 'cilium/1.19.4/chart/values.yaml';
    writeFileSync(join(dir, 'k3s/flags.json'), '[]');
    const tampered = join(work, 'tampered');
    cpSync(mirror, tampered, { recursive: true });
    writeFileSync(join(tampered, victim), `${readFileSync(join(tampered, victim), 'utf8')}\n# changed\n`);
    const before = snapshot(cache);
    const out: string[] = [];
    const code = await runCli(['upstream', 'fetch', '--from', tampered], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) }, {});
    expect(code).toBe(1);
    expect(out.at(-1)).toMatch(new RegExp(`^upstream fetch: ${victim.replace(/\./g, '\\.')}: sha256 [0-9a-f]{64} from .*tampered/${victim.replace(/\./g, '\\.')}, ` +
      'but the manifest pins [0-9a-f]{64}: refused; the cache was left as it was\n$'));
    expect(snapshot(cache)).toEqual(before); // no staging directory left either
  });

  it('fetches from a mirror served over HTTP, and says which file a mirror lacks', async (ctx) => {
    skipUnmet(ctx, missing);
    const cache = join(work, 'cache-http');
    const r = await fetchUpstream({ from: `${base}/mirror/`, cacheRoot: cache });
    expect(snapshot(r.dir)).toEqual(snapshot(mirror));
    const empty = join(work, 'cache-404');
    await expect(fetchUpstream({ from: `${base}/nothing`, cacheRoot: empty })).rejects.toThrow(
      `${base}/nothing/cilium/1.18.10/chart/cilium-1.18.10.tgz: HTTP 404 Not Found`);
    expect(readdirSync(join(empty, 'upstream'))).toEqual([]);
  });

  it('from upstream: downloads each URL and reads the chart files from the chart packages; k3s\'s source is downloaded too', async (ctx) => {
    skipUnmet(ctx, missing);
    const cache = join(work, 'cache-upstream');
    const upstreamUrl = (url: string) => `${base}/upstream/${url.replace(/^https:\/\//, '')}`;
    // This server has no k3s Go source (the reference copy holds none): the derivation's first input is missing, and nothing is kept.
    const first = K3S_FLAG_SOURCES[0].files[0].url;
    await expect(fetchUpstream({ cacheRoot: cache, upstreamUrl })).rejects.toThrow(`${upstreamUrl(first)}: HTTP 404 Not Found`);
    expect(readdirSync(join(cache, 'upstream'))).toEqual([]);
    // Every other file comes from its URL or its chart package with the pinned checksum.
    for (const f of UPSTREAM_FILES) {
      if ('member' in f.from) {
        const bytes = tarGzMember(readFileSync(join(mirror, f.from.archive)), f.from.member);
        expect(bytes && createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      } else if ('url' in f.from) {
        const bytes = Buffer.from(await (await fetch(upstreamUrl(f.from.url))).arrayBuffer());
        expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      }
    }
  });

  // Node 20's mkdirSync({ recursive: true }) loops for ever when mkdir says ENOENT under a folder that exists;
  // run in a child process so that a hang fails the test instead of stopping the run.
  it.runIf(existsSync('/proc/self'))('a cache folder where mkdir says ENOENT under a folder that exists (procfs): mkdir\'s error, no hang', () => {
    const script = `import('./src/upstream/fetch.ts').then(({ fetchUpstream }) => fetchUpstream({ cacheRoot: '/proc/self/k3s-cache' }))
      .then(() => console.log('fetched'), (e) => console.log(e.code, e.syscall, e.path))`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.signal, 'fetch hung').toBe(null);
    expect(r.stdout).toBe('ENOENT mkdir /proc/self/k3s-cache\n');
  });
});
