/**
 * `upstream fetch`: every file of the manifest from upstream (or from a mirror in the data
 * directory's layout: a folder, or an HTTP server), each checked against its sha256, into the
 * per-user cache. All or nothing: files are staged beside the cache's data directory and renamed
 * into place only when every checksum matched, so a refused file leaves the cache as it was.
 * From upstream, k3s/flags.json is derived from k3s's Go source (src/upstream/k3s-flags.ts), whose
 * files are downloaded and verified like any other and kept beside it; a mirror serves the derived
 * file itself.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { makeDirs } from '../fs/make-dirs.js';
import { cachedDataDir } from './cache.js';
import { GoParseError } from './go-literals.js';
import { K3sFlagsError, k3sFlagsJson } from './k3s-flags.js';
import { k3sSourcePath, sha256, storedK3sSources } from './k3s-source.js';
import { UPSTREAM_MANIFEST, type UpstreamFile, type UpstreamManifest } from './manifest.js';
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
  /** What to fetch (tests inject a small manifest). Default: UPSTREAM_MANIFEST. */
  readonly manifest?: UpstreamManifest;
}

export interface FetchResult {
  /** The data directory now holding every file. */
  readonly dir: string;
  /** How many files were verified into the cache, k3s source files included (0 when the cache already held them all). */
  readonly fetched: number;
}

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

/** Where the bytes of a file come from, and the staging directory that holds what is verified so far. */
interface Context {
  readonly from: string | undefined;
  readonly manifest: UpstreamManifest;
  readonly upstreamUrl: (url: string) => string;
  /** The staging directory: what is verified so far. */
  readonly dir: string;
  /** Writes a verified file into the staging directory; `note` ends its progress line. */
  readonly stage: (path: string, bytes: Buffer, note: string) => void;
}

/** The file's bytes and where they came from, as the message should name it. */
async function obtain(file: UpstreamFile, c: Context): Promise<[Buffer, string]> {
  if (c.from !== undefined && isUrl(c.from)) {
    const url = `${c.from.replace(/\/+$/, '')}/${file.path}`;
    return [await download(url), url];
  }
  if (c.from !== undefined) {
    const path = join(c.from, file.path);
    try {
      return [readFileSync(path), path];
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UpstreamFetchError(`${path}: ${code === 'ENOENT' ? 'not in the mirror' : `cannot be read (${code ?? (e as Error).message})`}`);
    }
  }
  const origin = file.from;
  if ('url' in origin) return [await download(c.upstreamUrl(origin.url)), origin.url];
  if ('archive' in origin) {
    const bytes = tarGzMember(readFileSync(join(c.dir, origin.archive)), origin.member);
    if (!bytes) throw new UpstreamFetchError(`${origin.archive}: holds no ${origin.member}`);
    return [bytes, `${origin.archive}:${origin.member}`];
  }
  return derive(file, c);
}

/** k3s/flags.json from upstream: each pinned Go file downloaded, verified and staged, then the derivation over them. */
async function derive(file: UpstreamFile, c: Context): Promise<[Buffer, string]> {
  for (const source of c.manifest.k3sFlagSources) {
    for (const input of source.files) {
      const bytes = await download(c.upstreamUrl(input.url));
      const got = sha256(bytes);
      if (got !== input.sha256) throw new UpstreamFetchError(`${input.url}: sha256 ${got}, but the manifest pins ${input.sha256}: refused`);
      c.stage(k3sSourcePath(source, input), bytes, `${bytes.length} bytes from ${input.url}, sha256 verified`);
    }
  }
  const minors = c.manifest.k3sFlagSources.map((s) => `v1.${s.minor}`).join(', ');
  const sources = storedK3sSources(c.dir, c.manifest.k3sFlagSources);
  if (typeof sources === 'string') throw new UpstreamFetchError(sources); // staged just above: only a disk fault gets here
  try {
    return [Buffer.from(k3sFlagsJson(sources)), `the k3s source of ${minors}`];
  } catch (e) {
    if (e instanceof K3sFlagsError || e instanceof GoParseError) throw new UpstreamFetchError(`${file.path}: cannot be derived from the k3s source: ${e.message}`);
    throw e;
  }
}

/** Whether `dir` holds `file`: its pinned bytes, or for a derived file what the verified inputs beside it derive. */
function holds(dir: string, file: UpstreamFile, manifest: UpstreamManifest): boolean {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, file.path));
  } catch {
    return false;
  }
  if (sha256(bytes) === file.sha256) return true;
  if (!('derived' in file.from)) return false;
  const sources = storedK3sSources(dir, manifest.k3sFlagSources);
  try {
    return typeof sources !== 'string' && k3sFlagsJson(sources) === bytes.toString('utf8');
  } catch {
    return false;
  }
}

/** Whether `dir` holds every file of the manifest with its checksum. */
function complete(dir: string, manifest: UpstreamManifest): boolean {
  return existsSync(dir) && manifest.files.every((f) => holds(dir, f, manifest));
}

export async function fetchUpstream(options: FetchOptions = {}): Promise<FetchResult> {
  const log = options.log ?? (() => undefined);
  const manifest = options.manifest ?? UPSTREAM_MANIFEST;
  const from = options.from !== undefined && !isUrl(options.from) ? resolve(options.from) : options.from;
  const target = cachedDataDir(options.cacheRoot, manifest);
  if (complete(target, manifest)) {
    log(`${target}: holds every upstream file with its checksum; nothing to fetch`);
    return { dir: target, fetched: 0 };
  }
  const staging = join(dirname(target), `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  makeDirs(staging);
  let fetched = 0;
  try {
    const stage = (path: string, bytes: Buffer, note: string) => {
      makeDirs(dirname(join(staging, path)));
      writeFileSync(join(staging, path), bytes);
      fetched++;
      log(`${path}: ${note}`);
    };
    const c: Context = { from, manifest, upstreamUrl: options.upstreamUrl ?? ((url) => url), dir: staging, stage };
    for (const file of manifest.files) {
      const [bytes, where] = await obtain(file, c);
      // A derived file has no upstream bytes to pin: its inputs were verified, and the derivation is deterministic.
      const derived = 'derived' in file.from && from === undefined;
      const got = sha256(bytes);
      if (!derived && got !== file.sha256) {
        throw new UpstreamFetchError(`${file.path}: sha256 ${got} from ${where}, but the manifest pins ${file.sha256}: refused`);
      }
      stage(file.path, bytes, derived ? `${bytes.length} bytes derived from ${where}` : `${bytes.length} bytes from ${where}, sha256 verified`);
    }
    // An existing directory of the same manifest failed the check above (a file edited or removed by hand): replaced whole.
    const stale = existsSync(target) ? `${staging}.stale` : undefined;
    if (stale) renameSync(target, stale);
    renameSync(staging, target);
    if (stale) rmSync(stale, { recursive: true, force: true });
    return { dir: target, fetched };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
