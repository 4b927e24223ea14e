/**
 * `npm run validate -- <dir>…`: runs the conformance checks on rendered trees (dist/, a GitOps
 * repo, hand-edited YAML). Exit codes: 0 all accepted, 1 violations, 2 usage error.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { referenceData } from '../../conformance/reference-data.js';
import { checkManifestFiles, checkRenderedCluster } from '../../conformance/rendered-cluster.js';
import { clusterDirs, manifestDirs, readTree } from '../../conformance/rendered-tree.js';
import { formatViolation, Violation } from '../../conformance/violation.js';
import { sharedDir, SHARED_DIR_ENV } from '../../conformance/shared-dir.js';
import { escapeControlCharacters } from '../../model/control-characters.js';

export const VALIDATE_USAGE = `usage: npm run validate -- [--shared <dir>] [--cilium-version <x.y.z>] [<dir>…]
  <dir>             a rendered cluster (dist/<name>/) or a directory of them (default: dist/)
  --shared          upstream reference data: CRDs, chart schemas, k3s flags (default: $${SHARED_DIR_ENV} or ../shared)
  --cilium-version  judge by this Cilium release instead of the one the HelmChart names`;

export interface ValidateIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: ValidateIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

class UsageError extends Error {}

export function runValidate(argv: string[], rawIo: ValidateIo = processIo): number {
  // Names in a hand-edited tree are user data: nothing reaches the terminal as a control character.
  const io: ValidateIo = {
    stdout: (t) => rawIo.stdout(escapeControlCharacters(t, true)),
    stderr: (t) => rawIo.stderr(escapeControlCharacters(t, true)),
  };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { shared: { type: 'string' }, 'cilium-version': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout(`${VALIDATE_USAGE}\n`);
      return 0;
    }
    const ref = referenceData(values.shared ?? sharedDir());
    if (!ref.exists()) throw new UsageError(`--shared ${ref.dir}: no reference data there (expected cilium/ and k3s/flags.json)`);
    const roots = positionals.length > 0 ? positionals : ['dist'];
    for (const root of roots) if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${root}: no such directory`);
    const clusters = roots.flatMap(clusterDirs);
    const others = roots.flatMap(manifestDirs);
    if (clusters.length === 0 && others.length === 0) {
      throw new UsageError(`${roots.join(', ')}: no rendered cluster here (expected k3s/, cilium/ or manifests/, or subdirectories with them)`);
    }
    let total = 0;
    const report = (dir: string, violations: Violation[], judged = '') => {
      // One line per violation, whatever a quoted value holds.
      for (const v of violations) io.stderr(`${escapeControlCharacters(formatViolation({ ...v, file: v.file ? join(dir, v.file) : dir }))}\n`);
      total += violations.length;
      io.stderr(`validate: ${dir}${judged}: ${violations.length === 0 ? 'ok' : `${violations.length} violation${violations.length === 1 ? '' : 's'}`}\n`);
    };
    for (const dir of clusters) {
      const result = checkRenderedCluster(readTree(dir), ref, { ciliumVersion: values['cilium-version'] });
      report(dir, result.violations, result.release ? ` (Cilium ${result.ciliumVersion}, judged by the ${result.release} reference data)` : '');
    }
    for (const dir of others) report(dir, checkManifestFiles(readTree(dir)));
    return total === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`validate: ${(e as Error).message}\n${VALIDATE_USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
