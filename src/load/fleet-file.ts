/**
 * Reads `fleet.yaml`, the repo-level settings of the Argo CD Applications, the way cluster files
 * are read: YAML syntax, the generated JSON Schema, then what the schema cannot see (a cluster
 * entry without a cluster file, a cluster named like the Applications' directory, and, as a
 * warning, a `repoURL` that is still a placeholder).
 */
import validateFleetSchema from '../../generated/fleet-schema-validator.js';
import { ARGOCD_DIR } from '../gitops/layout.js';
import { Diagnostic, error, fleetAt, hasErrors, warning } from '../model/diagnostics.js';
import type { FleetSpec } from '../model/fleet-spec.js';
import { readInputFile } from './cluster-file.js';
import { schemaDiagnostics, SchemaValidator } from '../checks/schema.js';
import { parseYaml } from './yaml.js';

export interface LoadedFleetFile {
  readonly file: string;
  /** The fleet settings; undefined when the file has errors. */
  readonly fleet?: FleetSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Whether a repository URL is a placeholder: on a host reserved for documentation (example.com,
 * .net, .org and the .example and .invalid TLDs, RFC 2606), or owned by "example" on GitHub or
 * GitLab, as in this template's fleet.yaml.
 */
export function isPlaceholderRepoURL(url: string): boolean {
  // scp-like `git@host:owner/repo.git` as well as URLs.
  const m = url.match(/^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?([^/:]+)[/:]?([^/]*)/i);
  if (!m) return false;
  const host = m[1].toLowerCase().replace(/\.$/, '');
  if (/(^|\.)example\.(com|net|org)$/.test(host) || /\.(example|invalid)$/.test(host) || host === 'example') return true;
  return /^(www\.)?(github|gitlab)\.com$/.test(host) && m[2].toLowerCase() === 'example';
}

/**
 * What the schema cannot see: every `clusters` entry names a rendered cluster, no cluster takes
 * the Applications' directory, and (a warning) `repoURL` is not a placeholder.
 */
function fleetDiagnostics(fleet: FleetSpec, clusterNames: readonly string[]): Diagnostic[] {
  const unknown = Object.keys(fleet.clusters ?? {}).filter((name) => !clusterNames.includes(name));
  return [
    ...(isPlaceholderRepoURL(fleet.repoURL)
      ? [warning(fleetAt('repoURL'), `${fleet.repoURL} is a placeholder, so Argo CD would read a repository that is not yours`,
        'Set repoURL to the Git repository Argo CD reads (the one dist/ is committed to), and targetRevision to its branch.')]
      : []),
    // Keys are cluster names (each file's `name:`), not file names: renaming a cluster leaves its old key behind here.
    ...unknown.map((name) => error(fleetAt('clusters', name), `no cluster is named "${name}" (a cluster's name is the \`name\` in its file)`,
      `Cluster names: ${clusterNames.join(', ') || 'none'}; if the cluster was renamed, rename this key too, else remove it.`)),
    ...(clusterNames.includes(ARGOCD_DIR)
      ? [error('', `a cluster is named "${ARGOCD_DIR}", the directory of the Argo CD Applications`, 'Rename that cluster.')]
      : []),
  ];
}

/** Parses and checks fleet-file text; `clusterNames` are the clusters rendered. */
export function loadFleetText(file: string, text: string | Uint8Array, clusterNames: readonly string[]): LoadedFleetFile {
  const parsed = parseYaml(text);
  if (parsed.diagnostics) return { file, diagnostics: parsed.diagnostics };
  const shape = schemaDiagnostics(validateFleetSchema as unknown as SchemaValidator, parsed.data);
  if (shape.length > 0) return { file, diagnostics: shape };
  const fleet = parsed.data as FleetSpec;
  const diagnostics = fleetDiagnostics(fleet, clusterNames);
  return { file, fleet: hasErrors(diagnostics) ? undefined : fleet, diagnostics };
}

/** Reads and checks a fleet file. */
export function loadFleetFile(file: string, clusterNames: readonly string[]): LoadedFleetFile {
  const read = readInputFile(file);
  return 'bytes' in read ? loadFleetText(file, read.bytes, clusterNames) : { file, diagnostics: read.diagnostics };
}
