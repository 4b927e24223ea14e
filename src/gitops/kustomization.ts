/** `manifests/kustomization.yaml`: lets a rendered `manifests/` directory be a kustomize base (`kubectl apply -k`). */
import { objectsYaml } from '../text/yaml.js';

/** A Kustomization listing `resources` (file names relative to the directory) in the order given. */
export function kustomizationYaml(resources: string[]): string {
  return objectsYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
}
