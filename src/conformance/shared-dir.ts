import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable that points at the upstream reference data (CRDs, chart schemas, k3s flags). */
export const SHARED_DIR_ENV = 'K3S_CILIUM_SHARED_DIR';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The reference-data directory of the tests: `$K3S_CILIUM_SHARED_DIR`, else `../shared` beside the project (the CLI takes --shared or the variable). */
export function sharedDir(): string {
  return resolve(process.env[SHARED_DIR_ENV] ?? resolve(projectRoot, '..', 'shared'));
}

/** Whether the reference data is present (a user's clone usually has none). */
export function hasSharedDir(): boolean {
  return existsSync(resolve(sharedDir(), 'cilium'));
}
