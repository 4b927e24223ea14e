/**
 * What a test needs beyond `npm ci`: the upstream reference data, or a system program. Outside CI a
 * test whose need is not met is skipped with one line saying what to run or install (the reporter in
 * test/skip-summary.ts counts the skips by that line at the end of the run); under CI=true nothing may
 * skip, so a missing need fails the test instead (`.ci/run` installs the programs, and CI has the data).
 * README "Tests that need more than npm ci" says the same to users.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findReferenceDir, FETCH_SCRIPT, SHARED_DIR_ENV } from '../src/conformance/shared-dir.js';
import { cacheRoot } from '../src/upstream/cache.js';

/** Why the upstream reference data is missing and how to get it, or undefined when it is there. */
export function missingReference(): string | undefined {
  const found = findReferenceDir();
  if (found !== undefined && existsSync(join(found.dir, 'cilium'))) return undefined;
  return found !== undefined
    ? `needs the upstream reference data: ${found.origin} ${found.dir} holds none (expected cilium/ and k3s/)`
    : `needs the upstream reference data (none in $${SHARED_DIR_ENV}, ${cacheRoot()} or ../shared): ` +
      `run \`${FETCH_SCRIPT}\` or set ${SHARED_DIR_ENV}`;
}

/** Debian package of each system program the tests run. */
const PACKAGES: Record<string, string> = {
  busybox: 'busybox', unshare: 'util-linux', setpriv: 'util-linux', ip: 'iproute2', bgpd: 'frr', bird: 'bird2', gobgpd: 'gobgpd',
};

/** Which of `programs` are not on PATH (or in /usr/lib/frr for bgpd), as the line that installs them; undefined when all are there. */
export function missingPrograms(...programs: string[]): string | undefined {
  const missing = programs.filter((p) => spawnSync('sh', ['-c', `command -v ${p} || test -x /usr/lib/frr/${p}`]).status !== 0);
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.map((p) => PACKAGES[p] ?? p))];
  return `needs ${missing.join(', ')}: apt-get install ${packages.join(' ')}`;
}

/**
 * In a test: skips it with `reason` outside CI, fails it under CI=true (where every need must be
 * met); nothing when `reason` is undefined.
 */
export function skipUnmet(ctx: { skip: (note?: string) => never }, reason: string | undefined): void {
  if (reason === undefined) return;
  if (process.env.CI) throw new Error(`${reason} (CI=true: a test may not skip)`);
  ctx.skip(reason);
}
