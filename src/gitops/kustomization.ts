/** `manifests/kustomization.yaml`: lets a rendered `manifests/` directory be a kustomize base (`kubectl apply -k`). */
import { Yaml } from 'cdk8s';

/** A Kustomization listing `resources` (file names relative to the directory) in the order given. */
export function kustomizationYaml(resources: string[]): string {
  return Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
}
