/**
 * `--stdout`: the objects of one cluster's `manifests/` as a single multi-document YAML stream,
 * what an Argo CD config-management plugin must print. Files are joined with `---` (the
 * separator `cdk8s synth --stdout` leaves out) in the order the directory's kustomization lists
 * them. Built from the rendered objects, file by file: the stream is never parsed back.
 */
import { objectsYaml } from '../text/yaml.js';
import { MANIFESTS_DIR } from './layout.js';

/** Thrown when the stream would be empty or not Kubernetes objects: the plugin must not print it. */
export class EmptyRenderError extends Error {}

const isObject = (o: unknown): boolean => {
  const { apiVersion, kind } = (o ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' && typeof kind === 'string';
};

/**
 * The stream's parts, one per file of `files` (each file's objects, in kustomization order).
 * Every file is checked before the first part is returned: prune in Argo CD deletes whatever an
 * empty render leaves out, so anything but a non-empty stream of objects is refused.
 */
export function manifestStream(files: Iterable<readonly unknown[]>): string[] {
  const parts: string[] = [];
  let objects = 0;
  for (const file of files) {
    if (file.length === 0 || !file.every(isObject)) throw new EmptyRenderError(`the rendered ${MANIFESTS_DIR}/ holds a document that is not a Kubernetes object`);
    objects += file.length;
    const text = objectsYaml(...file);
    parts.push(parts.length === 0 ? text : `---\n${text}`);
    if (!text.endsWith('\n')) parts[parts.length - 1] += '\n';
  }
  if (objects === 0) throw new EmptyRenderError(`the rendered ${MANIFESTS_DIR}/ holds no objects`);
  return parts;
}
