/**
 * `upstream fetch`: every file of the manifest from upstream (or from a mirror in the data
 * directory's layout: a folder, or an HTTP server), each checked against its sha256, into the
 * per-user cache. All or nothing: files are staged beside the cache's data directory and renamed
 * into place only when every checksum matched, so a refused file leaves the cache as it was.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cachedDataDir } from './cache.js';
import { UPSTREAM_FILES, UPSTREAM_SOURCES, type UpstreamFile } from './manifest.js';
import { tarGzMember } from './tar.js';

/** A file that cannot be had or does not match the manifest: one line, the cache unchanged. */
export class UpstreamFetchError extends Error {}

export interface FetchOptions {
  /** A mirror in the data directory's layout: a folder, or an `http(s)://` base URL. Default: upstream. */
  readonly from?: string;
  /** The cache directory (default: cacheRoot()). */
  readonly cacheRoot?: string;
  /** Where an upstream URL is downloaded from (tests serve upstream's paths from a loopback server). Default: the URL itself. */
  readonly upstreamUrl?: (url: string) => string;
  /** Progress, one line per file. */
  readonly log?: (line: string) => void;
}

export interface FetchResult {
  /** The data directory now holding every file. */
  readonly dir: string;
  /** How many files were downloaded (0 when the cache already held them all). */
  readonly fetched: number;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const isUrl = (s: string) => /^https?:\/\//i.test(s);

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new UpstreamFetchError(`${url}: cannot be downloaded (${cause?.code ?? cause?.message ?? (e as Error).message})`);
  }
  if (!response.ok) throw new UpstreamFetchError(`${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
  return Buffer.from(await response.arrayBuffer());
}

/** The file's bytes and where they came from, as the message should name it. */
async function obtain(file: UpstreamFile, from: string | undefined, staged: (path: string) => Buffer, upstreamUrl: (url: string) => string,
): Promise<[Buffer, string]> {
  if (from !== undefined && isUrl(from)) {
    const url = `${from.replace(/\/+$/, '')}/${file.path}`;
    return [await download(url), url];
  }
  if (from !== undefined) {
    const path = join(from, file.path);
    try {
      return [readFileSync(path), path];
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UpstreamFetchError(`${path}: ${code === 'ENOENT' ? 'not in the mirror' : `cannot be read (${code ?? (e as Error).message})`}`);
    }
  }
  const origin = file.from;
  if ('url' in origin) return [await download(upstreamUrl(origin.url)), origin.url];
  if ('archive' in origin) {
    const bytes = tarGzMember(staged(origin.archive), origin.member);
    if (!bytes) throw new UpstreamFetchError(`${origin.archive}: holds no ${origin.member}`);
    return [bytes, `${origin.archive}:${origin.member}`];
  }
  throw underived(file, origin.derived);
}

function underived(file: UpstreamFile, derived: string): UpstreamFetchError {
  const source = UPSTREAM_SOURCES[file.source];
  return new UpstreamFetchError(`${file.path}: upstream publishes no such file (it is ${derived}, ${source.project}); ` +
    'fetch from a mirror that holds it: --from <dir|url> (a copy of the reference data, e.g. ../shared)');
}

/** Whether `dir` holds every file of the manifest with its checksum. */
function complete(dir: string): boolean {
  return existsSync(dir) && UPSTREAM_FILES.every((f) => {
    try {
      return sha256(readFileSync(join(dir, f.path))) === f.sha256;
    } catch {
      return false;
    }
  });
}

export async function fetchUpstream(options: FetchOptions = {}): Promise<FetchResult> {
  const log = options.log ?? (() => undefined);
  const from = options.from !== undefined && !isUrl(options.from) ? resolve(options.from) : options.from;
  const target = cachedDataDir(options.cacheRoot);
  if (complete(target)) {
    log(`${target}: holds every upstream file with its checksum; nothing to fetch`);
    return { dir: target, fetched: 0 };
  }
  // Known before anything is downloaded: a file only a mirror has.
  const derived = from === undefined ? UPSTREAM_FILES.find((f) => 'derived' in f.from) : undefined;
  if (derived && 'derived' in derived.from) throw underived(derived, derived.from.derived);
  const staging = join(dirname(target), `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  try {
    const staged = (path: string) => readFileSync(join(staging, path));
    for (const file of UPSTREAM_FILES) {
      const [bytes, where] = await obtain(file, from, staged, options.upstreamUrl ?? ((url) => url));
      const got = sha256(bytes);
      if (got !== file.sha256) {
        throw new UpstreamFetchError(`${file.path}: sha256 ${got} from ${where}, but the manifest pins ${file.sha256}: refused`);
      }
      mkdirSync(dirname(join(staging, file.path)), { recursive: true });
      writeFileSync(join(staging, file.path), bytes);
      log(`${file.path}: ${bytes.length} bytes from ${where}, sha256 verified`);
    }
    // An existing directory of the same manifest failed the check above (a file edited or removed by hand): replaced whole.
    const stale = existsSync(target) ? `${staging}.stale` : undefined;
    if (stale) renameSync(target, stale);
    renameSync(staging, target);
    if (stale) rmSync(stale, { recursive: true, force: true });
    return { dir: target, fetched: UPSTREAM_FILES.length };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
