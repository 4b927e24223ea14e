/**
 * `upstream fetch` as the command line runs it, in process: its usage, the subcommand and arguments it
 * takes, a refused mirror (exit 1, the cache as it was) and a verified one (exit 0, then nothing to do).
 * The fetch itself (HTTP, checksums, the k3s source) is test/upstream-data/fetch.test.ts's.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
// Imported here, not only through runCli's lazy import inside the first test: StrykerJS then counts the command's definition (its name, options,
// state line) as run by every test, not by the first alone.
import '../../src/cli/cmds/upstream.js';
import { sharedDir } from '../../src/conformance/shared-dir.js';
import { CACHE_DIR_ENV } from '../../src/upstream/cache.js';
import { K3S_FLAG_SOURCES, UPSTREAM_FILES } from '../../src/upstream/manifest.js';
import { tempDir } from '../helpers.js';
import { missingReference, skipUnmet } from '../requirements.js';

const saved = process.env[CACHE_DIR_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[CACHE_DIR_ENV];
  else process.env[CACHE_DIR_ENV] = saved;
});

/** A cache of this test's own, so nothing outside the run's temporary folder is written. */
function ownCache(): string {
  const cache = join(tempDir('k3s-cilium-upstream-cli-'), 'cache');
  process.env[CACHE_DIR_ENV] = cache;
  return cache;
}

async function upstream(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['upstream', ...argv], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

describe('upstream', () => {
  it('prints its usage whole for --help: the mirror option, the file counts, the cache, the exit codes', async () => {
    const cache = ownCache();
    const files = K3S_FLAG_SOURCES.reduce((n, s) => n + s.files.length, 0);
    expect(await upstream('--help')).toEqual({
      code: 0, stderr: '', stdout: `usage: k3s-cilium-cdk8s upstream fetch [--from <dir|url>]
  --from  a mirror in the reference data's layout (cilium/<release>/…, k3s/…): a folder such as a copy
          of ../shared, or an http(s):// URL of one (default: each file's upstream URL)
Downloads the ${UPSTREAM_FILES.length} files of the manifest (Cilium charts and CRDs, helm-controller's CRDs, k3s's
flags) into ${cache} ($K3S_CILIUM_CACHE_DIR sets another), checking each against its sha256.
k3s publishes no flag list: without --from, k3s's flags are derived from its Go source (${K3S_FLAG_SOURCES.length} pinned
commits, ${files} files, each checked too); a mirror serves the derived k3s/flags.json.
Exit codes: 0 every file verified; 1 a file refused or unavailable (the cache as it was); 2 usage error; 3 the cache cannot be written.
`,
    });
    expect(files).toBeGreaterThan(K3S_FLAG_SOURCES.length);
  });

  it.each([
    [[], 'no subcommand given (fetch)'],
    [['get'], 'unknown subcommand "get"'],
    [['fetch', 'now'], 'unexpected argument "now"'],
    [['fetch', '--from', ''], '--from needs a folder or an http(s):// URL'],
    [['fetch', '--from'], "Option '--from <value>' argument missing"],
  ])('refuses %j as a usage error (exit 2), writing nothing', async (argv, problem) => {
    const cache = ownCache();
    const r = await upstream(...argv);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^upstream fetch: .*\nusage: k3s-cilium-cdk8s upstream fetch \[--from <dir\|url>\]\n/);
    expect(r.stderr.split('\n')[0]).toBe(`upstream fetch: ${problem}`);
    expect(existsSync(cache)).toBe(false);
  });

  it('exits 1 naming the first file a mirror lacks, the cache as it was', async () => {
    const cache = ownCache();
    const mirror = tempDir('k3s-cilium-upstream-mirror-');
    mkdirSync(join(mirror, 'cilium'));
    const r = await upstream('fetch', '--from', mirror);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(`upstream fetch: ${join(mirror, UPSTREAM_FILES[0].path)}: not in the mirror; the cache was left as it was\n`);
    // No file in the cache (the folders that hold it may be made).
    expect(existsSync(cache) ? readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()) : []).toEqual([]);
  });

  it('verifies every file of a mirror into the cache (exit 0, counted), and a second run has nothing to fetch', async (ctx) => {
    skipUnmet(ctx, missingReference());
    ownCache();
    const first = await upstream('fetch', '--from', sharedDir());
    expect(first).toMatchObject({ code: 0, stdout: '' });
    const lines = first.stderr.split('\n');
    expect(lines).toHaveLength(UPSTREAM_FILES.length + 2);
    expect(lines.at(-2)).toMatch(new RegExp(`^upstream fetch: ${UPSTREAM_FILES.length} files verified into /.+$`));
    expect(lines.at(-1)).toBe('');
    const again = await upstream('fetch', '--from', sharedDir());
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^upstream fetch: .*: holds every upstream file with its checksum; nothing to fetch\n$/);
  });
});
