/**
 * Where the upstream reference data is found, in this order: the directory named by `--shared` or
 * `$K3S_CILIUM_SHARED_DIR`; the per-user cache that `upstream fetch` fills (src/upstream/cache.ts);
 * then, in a checkout of this repository, `../shared` beside it. Tests, `validate` and the
 * generators (tools/) all look here.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedDataDir } from '../upstream/cache.js';

/** Environment variable that points at the upstream reference data (CRDs, chart schemas, k3s flags). */
export const SHARED_DIR_ENV = 'K3S_CILIUM_SHARED_DIR';
/** Set by tools/cli.mjs to this checkout's `../shared`: a bundled CLI cannot tell where the checkout is. */
export const CHECKOUT_SHARED_DIR_ENV = 'K3S_CILIUM_CHECKOUT_SHARED_DIR';

/**
 * The command that fills the cache, as a user of the package types it and as this repository's npm
 * script: from upstream (k3s's flag list derived from k3s's pinned source), or `--from` a mirror.
 */
export const FETCH_COMMAND = 'k3s-cilium-cdk8s upstream fetch';
export const FETCH_SCRIPT = 'npm run upstream:fetch';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface FoundReferenceDir {
  readonly dir: string;
  /** How it was found, for messages: `--shared`, `$K3S_CILIUM_SHARED_DIR`, `the cache`, `../shared`. */
  readonly origin: string;
}

/** `../shared` beside this checkout, when running from one (never beside an installed package). */
function checkoutShared(): string | undefined {
  if (process.env[CHECKOUT_SHARED_DIR_ENV]) return resolve(process.env[CHECKOUT_SHARED_DIR_ENV]);
  return existsSync(join(projectRoot, 'src', 'conformance')) ? resolve(projectRoot, '..', 'shared') : undefined;
}

/**
 * The reference-data directory to use: an explicitly named one as given (whether or not it holds the
 * data: the caller says so), else the first of the cache and `../shared` that holds it.
 */
export function findReferenceDir(explicit?: string): FoundReferenceDir | undefined {
  if (explicit !== undefined && explicit !== '') return { dir: resolve(explicit), origin: '--shared' };
  const env = process.env[SHARED_DIR_ENV];
  if (env !== undefined && env !== '') return { dir: resolve(env), origin: `$${SHARED_DIR_ENV}` };
  const cached = cachedDataDir();
  if (existsSync(cached)) return { dir: cached, origin: 'the cache' };
  const beside = checkoutShared();
  if (beside !== undefined && existsSync(join(beside, 'cilium'))) return { dir: beside, origin: '../shared' };
  return undefined;
}

/** The reference-data directory of the tests and tools; where none is found, `../shared` (named in messages). */
export function sharedDir(): string {
  return findReferenceDir()?.dir ?? resolve(projectRoot, '..', 'shared');
}
