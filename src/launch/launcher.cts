/**
 * lib/k3s-cilium-cdk8s.cjs, what the package's bin and the Argo CD plugin run: loads the CLI bundle
 * (lib/cli.cjs, main.ts with every dependency inlined) with V8's code cache beside it
 * (lib/cli.cjs.cache, written by tools/bundle.mjs after warm-up renders). Compiling the bundle is
 * most of a small render's cost; with the cache V8 deserializes the functions a render runs instead
 * of parsing and compiling them. Without the cache, or with one V8 rejects (another Node version or
 * flags) or one written for another bundle, the bundle is compiled as usual: the cache only ever
 * changes speed, never behaviour.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { CliOptions } from '../cli/main.js';
import type { CliIo } from '../cli/io.js';

type RunCli = (argv: readonly string[], io?: CliIo, options?: CliOptions) => Promise<number>;

// CommonJS (a .cts file), because Node starts a classic script faster than an ES module.
const HERE = __dirname;
export const CLI_BUNDLE = join(HERE, 'cli.cjs');
export const CODE_CACHE = `${CLI_BUNDLE}.cache`;
/**
 * tools/bundle.mjs ends cli.cjs with this comment and the SHA-256 of what precedes it, and starts the
 * cache with the same line: V8 itself compares only the source's length, and hashing the bundle
 * here would cost a tenth of a small render.
 */
export const BUILD_ID_PREFIX = '//# k3s-cilium-cdk8s-build=';
const BUILD_ID_LENGTH = BUILD_ID_PREFIX.length + 64 + 1;

/** The cache's V8 data, when it was made for exactly this build. */
function cachedDataFor(buildId: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
  return file.length > BUILD_ID_LENGTH && file.subarray(0, BUILD_ID_LENGTH).equals(buildId) ? file.subarray(BUILD_ID_LENGTH) : undefined;
}

/** What became of the code cache: none for this build, rejected by V8, or accepted. */
export type CodeCacheState = 'none' | 'rejected' | 'accepted';

interface Loaded {
  script: Script;
  buildId: Buffer;
  cache: CodeCacheState;
  runCli: RunCli;
}

function load(useCache: boolean): Loaded {
  const source = readFileSync(CLI_BUNDLE);
  const buildId = source.subarray(source.length - BUILD_ID_LENGTH);
  const cachedData = useCache && buildId.toString('latin1').startsWith(BUILD_ID_PREFIX) ? cachedDataFor(buildId) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source.toString('latin1')}\n})`, {
    filename: CLI_BUNDLE,
    cachedData,
  });
  const cjsModule = { exports: {} as { runCli: RunCli } };
  (script.runInThisContext() as (...args: unknown[]) => void)(cjsModule.exports, createRequire(CLI_BUNDLE), cjsModule, CLI_BUNDLE, HERE);
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { script, buildId, cache, runCli: cjsModule.exports.runCli };
}

let loaded: Loaded | undefined;

/** The CLI (src/cli/main.ts's runCli), loaded on first use. */
export function runCli(...args: Parameters<RunCli>): Promise<number> {
  loaded ??= load(true);
  return loaded.runCli(...args);
}

/** Replaced atomically: a concurrent render reads the old cache or the new one. */
function save({ script, buildId }: Loaded): void {
  const partial = `${CODE_CACHE}.partial-${process.pid}`;
  try {
    writeFileSync(partial, Buffer.concat([buildId, script.createCachedData()]));
    renameSync(partial, CODE_CACHE);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Saves what this process compiled of the bundle as the code cache, unless it ran from a valid one
 * (tools/cli.mjs, after the first run of a fresh bundle).
 */
export function saveCodeCache(): void {
  if (loaded && loaded.cache !== 'accepted') save(loaded);
}

/** What became of the code cache when the CLI was loaded; undefined before. */
export function codeCacheState(): CodeCacheState | undefined {
  return loaded?.cache;
}

/**
 * Writes lib/cli.cjs.cache: loads the bundle afresh, runs each command line (output discarded) so
 * V8 compiles what renders run, and saves what it compiled (tools/bundle.mjs).
 */
export async function writeCodeCache(warmUps: readonly (readonly string[])[]): Promise<void> {
  const fresh = load(false);
  const quiet: CliIo = { stdout: () => {}, stderr: () => {} };
  for (const argv of warmUps) {
    const code = await fresh.runCli(argv, quiet);
    if (code !== 0) throw new Error(`code cache warm-up \`${argv.join(' ')}\` exited ${code}`);
  }
  save(fresh);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
