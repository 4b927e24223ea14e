/** k3s-cilium-cdk8s construct library. */
export * from './cluster-spec.js';
export * from './cilium-versions.js';
export * from './resolved-cluster.js';
export * from './k3s-cilium-cluster.js';
export * from './k3s-node-config.js';
export * from './cilium-values.js';
export * from './cilium-helm-chart.js';
export * from './load-balancer-pool.js';
export * from './l2-announcement-policy.js';
export * from './rp-filter-daemon-set.js';
export * from './rp-filter-script.js';
export * from './ip.js';
export * from './go-duration.js';
export * from './diagnostics.js';
export * from './validation/index.js';
export * from './argocd-sync.js';
export * from './kustomization.js';
