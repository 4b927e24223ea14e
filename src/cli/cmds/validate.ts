/**
 * `k3s-cilium-cdk8s validate <dir>…` (`npm run validate --` here): runs the conformance checks on
 * rendered trees (dist/, a GitOps repo, hand-edited YAML). The upstream reference data is not part
 * of the package: it is named by --shared or $K3S_CILIUM_SHARED_DIR, else found in the cache that
 * `upstream fetch` fills (or, in this repository, ../shared). Exit codes: 0 all accepted, 1 violations, 2 usage error or no data.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { referenceData } from '../../conformance/reference-data.js';
import { checkManifestFiles, checkRenderedCluster } from '../../conformance/rendered-cluster.js';
import { clusterDirs, manifestDirs, readTree } from '../../conformance/rendered-tree.js';
import { formatViolation, Violation } from '../../conformance/violation.js';
import { FETCH_COMMAND, FETCH_SCRIPT, findReferenceDir, SHARED_DIR_ENV } from '../../conformance/shared-dir.js';
import { escapeControlCharacters } from '../../model/control-characters.js';
import { command, EXIT } from '../command.js';
import { UsageError } from '../io.js';

/** The validate command's usage; `program` is how it is typed. */
export function validateUsage(program: string): string {
  return `usage: ${program} [--shared <dir>] [--cilium-version <x.y.z>] [<dir>…]
  <dir>             a rendered cluster (dist/<name>/) or a directory of them (default: dist/)
  --shared          the upstream reference data: <dir>/cilium/<release>/ (CRDs, values.yaml, values.schema.json),
                    <dir>/k3s/flags.json and <dir>/k3s/helm.cattle.io_helmcharts.yaml (default: $${SHARED_DIR_ENV},
                    else what \`${FETCH_COMMAND}\` stored in the cache); see the README's "Reference data: upstream fetch"
  --cilium-version  judge by this Cilium release instead of the one the HelmChart names
Exit codes: 0 every file accepted, 1 violations (one line each on stderr), 2 usage error or no reference data.`;
}

export const runValidate = command({
  name: 'validate',
  usage: validateUsage,
  options: { shared: { type: 'string' }, 'cilium-version': { type: 'string' } },
  positionals: true,
  run({ values, positionals }, io, program) {
    const found = findReferenceDir(values.shared);
    if (found === undefined) {
      const fetch = program.startsWith('npm run') ? FETCH_SCRIPT : FETCH_COMMAND;
      throw new UsageError(`no upstream reference data (CRDs, chart schemas, k3s flags): run \`${fetch}\` once to download and verify it ` +
        `from a mirror (a copy of it, e.g. ../shared), or name a copy with --shared <dir> or $${SHARED_DIR_ENV}`);
    }
    const ref = referenceData(found.dir);
    if (!ref.exists()) throw new UsageError(`${found.origin} ${ref.dir}: no reference data there (expected cilium/ and k3s/flags.json)`);
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
    return total === 0 ? EXIT.OK : EXIT.FOUND;
  },
});
