/**
 * `upstream fetch` without a mirror, the whole path: k3s's Go source downloaded from its (pinned)
 * URLs, each file checked against its sha256, flags.json derived from it into the cache beside it.
 * A loopback server stands in for raw.githubusercontent.com and serves small Go files written for
 * the test (test/upstream-data/k3s-go-fixture.ts), whose checksums a manifest made here pins. Needs
 * nothing outside the repository.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedDataDir } from '../../src/upstream/cache.js';
import { fetchUpstream, UpstreamFetchError } from '../../src/upstream/fetch.js';
import { k3sFlagsJson } from '../../src/upstream/k3s-flags.js';
import type { K3sFlagSource, UpstreamManifest } from '../../src/upstream/manifest.js';
import { tempDir } from '../helpers.js';
import { AGENT, files } from './k3s-go-fixture.js';
import { loopback, snapshot } from './tree.js';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const CRDS = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n';
const CRDS_URL = 'https://raw.githubusercontent.com/k3s-io/helm-controller/0000000000000000000000000000000000000001/crds.yaml';
/** What the loopback server serves, by upstream URL (a test changes an entry to play a tampered upstream). */
const served = new Map<string, string>([[CRDS_URL, CRDS]]);

function source(minor: 34 | 36, goFiles: Record<string, string>): K3sFlagSource {
  const commit = `${minor}`.padStart(40, '0');
  return {
    minor,
    source: `k3s-1.${minor}`,
    files: Object.entries(goFiles).map(([path, text]) => {
      const url = `https://raw.githubusercontent.com/k3s-io/k3s/${commit}/${path}`;
      served.set(url, text);
      return { path, url, sha256: sha256(text) };
    }),
  };
}

const SOURCES = [source(34, files()), source(36, files())];
/** The flags.json a mirror would serve: any bytes; only a fetch with --from compares against them. */
const MIRROR_COPY = '[]\n';
const manifest = (k3sFlagSources: readonly K3sFlagSource[] = SOURCES): UpstreamManifest => ({
  files: [
    { path: 'k3s/helm.cattle.io_helmcharts.yaml', source: 'helm-controller', from: { url: CRDS_URL }, sha256: sha256(CRDS) },
    { path: 'k3s/flags.json', source: 'k3s-1.36', from: { derived: 'k3s-flags' }, sha256: sha256(MIRROR_COPY) },
  ],
  k3sFlagSources,
});
const expected = () => k3sFlagsJson(SOURCES.map((s) => ({ minor: s.minor, files: Object.fromEntries(s.files.map((f) => [f.path, served.get(f.url)!])) })));

let work = '';
let server: Server;
let upstreamUrl: (url: string) => string;

beforeAll(async () => {
  work = tempDir('k3s-cilium-fetch-source-');
  const up = await loopback((path) => {
    const text = served.get(`https://${path.slice('/upstream/'.length)}`);
    return text === undefined ? undefined : Buffer.from(text);
  });
  server = up.server;
  upstreamUrl = (url) => `${up.base}/upstream/${url.replace(/^https:\/\//, '')}`;
});

afterAll(async () => {
  if (server) await new Promise((ok) => server.close(ok));
});

describe('upstream fetch of k3s flags from k3s\'s source', () => {
  it('downloads and verifies each pinned Go file, derives flags.json beside them, and a second run has nothing to do', async () => {
    const cache = join(work, 'derive');
    const lines: string[] = [];
    const r = await fetchUpstream({ cacheRoot: cache, upstreamUrl, manifest: manifest(), log: (l) => lines.push(l) });
    expect(r).toEqual({ dir: cachedDataDir(cache, manifest()), fetched: 1 + 8 + 1 });
    expect(readFileSync(join(r.dir, 'k3s/flags.json'), 'utf8')).toBe(expected());
    expect(readFileSync(join(r.dir, 'k3s/source/v1.34/pkg/cli/cmds/server.go'), 'utf8')).toBe(files()['pkg/cli/cmds/server.go']);
    expect(lines).toContain(`k3s/source/v1.36/pkg/cli/cmds/agent.go: ${AGENT.length} bytes from ${SOURCES[1].files[1].url}, sha256 verified`);
    expect(lines.at(-1)).toBe(`k3s/flags.json: ${expected().length} bytes derived from the k3s source of v1.34, v1.36`);
    const again = await fetchUpstream({ cacheRoot: cache, upstreamUrl, manifest: manifest() });
    expect(again.fetched).toBe(0);
    // A derived flags.json edited by hand is no longer what its inputs derive: fetched again, whole.
    writeFileSync(join(r.dir, 'k3s/flags.json'), MIRROR_COPY.replace('[]', '[{}]'));
    expect((await fetchUpstream({ cacheRoot: cache, upstreamUrl, manifest: manifest() })).fetched).toBe(10);
    expect(readFileSync(join(r.dir, 'k3s/flags.json'), 'utf8')).toBe(expected());
  });

  it('refuses a Go file whose checksum differs, naming its URL, and leaves the cache as it was', async () => {
    const cache = join(work, 'tampered');
    const { dir } = await fetchUpstream({ cacheRoot: cache, upstreamUrl, manifest: manifest() });
    rmSync(join(dir, 'k3s/flags.json'));
    const before = snapshot(cache);
    const victim = SOURCES[1].files.find((f) => f.path === 'pkg/cli/cmds/server.go')!;
    const original = served.get(victim.url)!;
    served.set(victim.url, original.replace('"(networking) Pod CIDRs', '"(networking) Pod ranges'));
    try {
      const fetching = fetchUpstream({ cacheRoot: cache, upstreamUrl, manifest: manifest() });
      await expect(fetching).rejects.toThrow(UpstreamFetchError);
      await expect(fetching).rejects.toThrow(new RegExp(`^${victim.url.replace(/[.?]/g, '\\$&')}: sha256 [0-9a-f]{64}, but the manifest pins ${victim.sha256}: refused$`));
    } finally {
      served.set(victim.url, original);
    }
    expect(snapshot(cache)).toEqual(before);
  });

  it('says which file cannot be derived and why, and stores nothing', async () => {
    const cache = join(work, 'underivable');
    const broken = [source(34, files()), source(36, { ...files(), 'pkg/cli/cmds/agent.go': 'package cmds\n' })];
    await expect(fetchUpstream({ cacheRoot: cache, upstreamUrl, manifest: manifest(broken) })).rejects.toThrow(
      'k3s/flags.json: cannot be derived from the k3s source: k3s v1.36: no &cli.Command{Name: "agent"} in pkg/cli/cmds/');
    expect(readdirSync(join(cache, 'upstream'))).toEqual([]);
  });

  it('with --from, takes the mirror\'s flags.json as it is (its pinned checksum) and downloads no Go file', async () => {
    const cache = join(work, 'mirror-cache');
    const mirror = join(work, 'mirror');
    mkdirSync(join(mirror, 'k3s'), { recursive: true });
    writeFileSync(join(mirror, 'k3s/helm.cattle.io_helmcharts.yaml'), CRDS);
    writeFileSync(join(mirror, 'k3s/flags.json'), MIRROR_COPY);
    const r = await fetchUpstream({ from: mirror, cacheRoot: cache, manifest: manifest() });
    expect(r.fetched).toBe(2);
    expect(readFileSync(join(r.dir, 'k3s/flags.json'), 'utf8')).toBe(MIRROR_COPY);
    expect(existsSync(join(r.dir, 'k3s/source'))).toBe(false);
  });
});
