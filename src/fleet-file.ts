/**
 * `fleet.yaml`: the repo-level settings of the Argo CD Applications rendered into `dist/argocd/`
 * (repository, revision, where each cluster is registered in Argo CD). Validated like a cluster
 * file: every finding is a Diagnostic, nothing is thrown for a user mistake.
 */
import { readFileSync } from 'node:fs';
import { Ajv, ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { Diagnostic } from '../constructs/diagnostics.js';

/** An Argo CD destination: the cluster's name as registered in Argo CD, or its API server URL. */
export interface FleetDestination {
  name?: string;
  server?: string;
}

export interface FleetFile {
  /** Git repository Argo CD reads. */
  repoURL: string;
  /** Branch, tag or commit. Default: HEAD. */
  targetRevision?: string;
  /** How Argo CD gets the objects: `dist` (the committed dist/<name>/manifests) or `plugin` (renders the cluster file with the CMP). Default: dist. */
  source?: 'dist' | 'plugin';
  /** Path of the rendered tree in the repository. Default: dist. */
  distPath?: string;
  /** Path of the directory of cluster files in the repository (source: plugin). Default: clusters. */
  clustersPath?: string;
  /** Namespace Argo CD runs in and the Applications live in. Default: argocd. */
  namespace?: string;
  /** Argo CD project. Default: default. */
  project?: string;
  /** Destination of every cluster without its own. Default: { server: https://kubernetes.default.svc }. */
  destination?: FleetDestination;
  /** Per cluster name: its destination. */
  clusters?: Record<string, { destination: FleetDestination }>;
}

const destinationSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { name: { type: 'string', minLength: 1 }, server: { type: 'string', pattern: '^https://' } },
};

const fleetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['repoURL'],
  properties: {
    repoURL: { type: 'string', minLength: 1 },
    targetRevision: { type: 'string', minLength: 1 },
    source: { enum: ['dist', 'plugin'] },
    distPath: { type: 'string', minLength: 1 },
    clustersPath: { type: 'string', minLength: 1 },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    project: { type: 'string', minLength: 1 },
    destination: destinationSchema,
    clusters: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: false, required: ['destination'], properties: { destination: destinationSchema } },
    },
  },
};

let validate: ReturnType<Ajv['compile']> | undefined;

function diagnostic(e: ErrorObject): Diagnostic {
  const path = e.instancePath.split('/').slice(1).join('.');
  if (e.keyword === 'additionalProperties') {
    return { severity: 'error', path: [path, e.params.additionalProperty].filter(Boolean).join('.'), message: `unknown key "${e.params.additionalProperty}"` };
  }
  if (e.keyword === 'minProperties' || e.keyword === 'maxProperties') {
    return { severity: 'error', path, message: 'needs exactly one of name or server', fix: 'Use the cluster name registered in Argo CD, or its API server URL.' };
  }
  return { severity: 'error', path, message: e.message ?? e.keyword };
}

/** Parses and validates fleet-file text; `clusterNames` are the clusters rendered, to catch typos in `clusters`. */
export function loadFleetText(text: string, clusterNames: string[]): { fleet?: FleetFile; diagnostics: Diagnostic[] } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { diagnostics: doc.errors.map((e) => ({ severity: 'error', path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` })) };
  const data = doc.toJS();
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(fleetSchema);
  if (!validate(data)) return { diagnostics: (validate.errors ?? []).map(diagnostic) };
  const fleet = data as FleetFile;
  const unknown = Object.keys(fleet.clusters ?? {}).filter((name) => !clusterNames.includes(name));
  const diagnostics: Diagnostic[] = unknown.map((name) => ({
    severity: 'error', path: `clusters.${name}`, message: `no cluster file is named "${name}"`, fix: `Cluster names: ${clusterNames.join(', ')}.`,
  }));
  return { fleet: diagnostics.length > 0 ? undefined : fleet, diagnostics };
}

/** Reads and validates a fleet file. */
export function loadFleetFile(file: string, clusterNames: string[]): { fleet?: FleetFile; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { diagnostics: [{ severity: 'error', path: '', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})` }] };
  }
  return loadFleetText(text, clusterNames);
}
