/**
 * `k3s-cilium-cdk8s upstream fetch [--from <dir|url>]` (`npm run upstream:fetch --` here): downloads
 * the upstream files the project is judged by (src/upstream/manifest.ts) into the per-user cache,
 * each checked against its pinned sha256; `validate` and the tests then find them there. Exit codes:
 * 0 every file verified in the cache; 1 a file refused (checksum) or unavailable, the cache as it
 * was; 2 usage error; 3 the cache cannot be written.
 */
import { cacheRoot, CACHE_DIR_ENV } from '../../upstream/cache.js';
import { fetchUpstream, UpstreamFetchError } from '../../upstream/fetch.js';
import { K3S_FLAG_SOURCES, UPSTREAM_FILES } from '../../upstream/manifest.js';
import { asyncCommand, CommandError, EXIT } from '../command.js';
import { UsageError } from '../io.js';

/** The upstream command's usage; `program` is how it is typed. */
export function upstreamUsage(program: string): string {
  return `usage: ${program} fetch [--from <dir|url>]
  --from  a mirror in the reference data's layout (cilium/<release>/…, k3s/…): a folder such as a copy
          of ../shared, or an http(s):// URL of one (default: each file's upstream URL)
Downloads the ${UPSTREAM_FILES.length} files of the manifest (Cilium charts and CRDs, helm-controller's CRDs, k3s's
flags) into ${cacheRoot()} ($${CACHE_DIR_ENV} sets another), checking each against its sha256.
k3s publishes no flag list: without --from, k3s's flags are derived from its Go source (${K3S_FLAG_SOURCES.length} pinned
commits, ${K3S_FLAG_SOURCES.reduce((n, s) => n + s.files.length, 0)} files, each checked too); a mirror serves the derived k3s/flags.json.
Exit codes: 0 every file verified; 1 a file refused or unavailable (the cache as it was); 2 usage error; 3 the cache cannot be written.`;
}

export const runUpstream = asyncCommand({
  name: 'upstream fetch',
  usage: upstreamUsage,
  options: { from: { type: 'string' } },
  positionals: true,
  ioState: `the cache was left as it was; set ${CACHE_DIR_ENV} to a writable directory`,
  async run({ values, positionals }, io) {
    const [sub, ...rest] = positionals;
    if (sub !== 'fetch') throw new UsageError(sub === undefined ? 'no subcommand given (fetch)' : `unknown subcommand ${JSON.stringify(sub)}`);
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    if (values.from === '') throw new UsageError('--from needs a folder or an http(s):// URL');
    try {
      const result = await fetchUpstream({ from: values.from, log: (line) => io.stderr(`upstream fetch: ${line}\n`) });
      if (result.fetched > 0) io.stderr(`upstream fetch: ${result.fetched} files verified into ${result.dir}\n`);
    } catch (e) {
      if (e instanceof UpstreamFetchError) throw new CommandError(`${e.message}; the cache was left as it was`, EXIT.FOUND);
      throw e;
    }
    return EXIT.OK;
  },
});
