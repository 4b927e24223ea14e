/**
 * `--stdout`: the objects of one cluster's `manifests/` as a single multi-document YAML stream,
 * what an Argo CD config-management plugin must print. Files are joined with `---` (the
 * separator `cdk8s synth --stdout` leaves out) in the order the directory's kustomization lists them.
 */
import { parse, parseAllDocuments } from 'yaml';
import { CLUSTER_FILES, MANIFESTS_DIR } from './layout.js';

/** Thrown when the stream would be empty or not Kubernetes objects: the plugin must not print it. */
export class EmptyRenderError extends Error {}

/** The stream of `files` (one cluster's files, path relative to `<out>/<name>/`). */
export function manifestStream(files: Map<string, string>): string {
  const kustomization = files.get(CLUSTER_FILES.kustomization);
  if (kustomization === undefined) throw new EmptyRenderError(`no ${CLUSTER_FILES.kustomization} was rendered`);
  const resources = (parse(kustomization) as { resources?: string[] }).resources ?? [];
  const texts = resources.map((name) => {
    const text = files.get(`${MANIFESTS_DIR}/${name}`);
    if (text === undefined) throw new EmptyRenderError(`${CLUSTER_FILES.kustomization} lists ${name}, which was not rendered`);
    return text.endsWith('\n') ? text : `${text}\n`;
  });
  const stream = texts.join('---\n');
  // Prune in Argo CD deletes whatever an empty render leaves out: refuse anything but a non-empty stream of objects.
  const objects = parseAllDocuments(stream).map((d) => d.toJS() as { apiVersion?: unknown; kind?: unknown } | null);
  if (objects.length === 0 || objects.some((o) => !o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string')) {
    throw new EmptyRenderError(`the rendered ${MANIFESTS_DIR}/ holds ${objects.length === 0 ? 'no objects' : 'a document that is not a Kubernetes object'}`);
  }
  return stream;
}
