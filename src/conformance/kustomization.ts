/**
 * A kustomization.yaml beside rendered manifests (`kubectl apply -k`, Argo CD): not an API object,
 * so it is judged by what kustomize needs: its kind, and `resources` that exist in the tree. A
 * manifest of the same directory it leaves out would silently never be applied.
 */
import { posix } from 'node:path';
import type { Violation } from './violation.js';

export const KUSTOMIZE_API_VERSIONS = ['kustomize.config.k8s.io/v1beta1'];

/** Violations of one Kustomization at `file`, given every path of the tree. */
export function kustomizationViolations(obj: Record<string, any>, file: string, paths: readonly string[]): Violation[] {
  const v = (field: string, rule: string, message: string): Violation => ({ file, object: 'Kustomization', field, rule, message });
  if (obj.kind !== 'Kustomization') return [v('kind', 'kustomize', `kind ${JSON.stringify(obj.kind)} is not Kustomization`)];
  const resources: unknown = obj.resources ?? [];
  if (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string')) return [v('resources', 'kustomize', 'resources must be a list of paths')];
  const dir = posix.dirname(file);
  const listed = new Set(resources.map((r) => posix.normalize(posix.join(dir, r))));
  const out: Violation[] = [];
  resources.forEach((r, i) => {
    const path = posix.normalize(posix.join(dir, r));
    if (!paths.includes(path) && !paths.some((p) => p.startsWith(`${path}/`))) {
      out.push(v(`resources[${i}]`, 'kustomize: resource exists', `${r} is not in the tree; kustomize build fails`));
    }
  });
  for (const sibling of paths.filter((p) => posix.dirname(p) === dir && p !== file && /\.ya?ml$/.test(p))) {
    if (!listed.has(sibling)) {
      out.push(
        v(
          'resources',
          'kustomize: every manifest listed',
          `${posix.basename(sibling)} is beside the kustomization but not in resources, so it is never applied`,
        ),
      );
    }
  }
  return out;
}
