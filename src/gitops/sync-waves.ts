/**
 * Argo CD sync order for the objects under `manifests/`. Cilium registers its CRDs from the
 * operator at start-up, not from the chart, so Argo CD's dry run cannot know the kinds before
 * Cilium runs: every Cilium custom resource skips the dry run for a missing kind and syncs in a
 * wave after the plain Kubernetes objects (the rp-filter DaemonSet), objects that others refer to
 * (pools, BGP peer configs, advertisements) one wave before the objects that start announcing.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
export const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';

/** Sync waves: plain Kubernetes objects, then referenced Cilium objects, then the announcing ones. */
export const SYNC_WAVES = { kubernetes: 0, ciliumReferenced: 1, ciliumAnnouncing: 2 } as const;

/** Cilium kinds that other Cilium objects select or name; every other Cilium kind syncs after them. */
const REFERENCED_CILIUM_KINDS = new Set(['CiliumLoadBalancerIPPool', 'CiliumBGPPeerConfig', 'CiliumBGPAdvertisement']);

/** The sync wave of one object. */
export function syncWave(apiGroup: string, kind: string): number {
  if (apiGroup !== 'cilium.io') return SYNC_WAVES.kubernetes;
  return REFERENCED_CILIUM_KINDS.has(kind) ? SYNC_WAVES.ciliumReferenced : SYNC_WAVES.ciliumAnnouncing;
}

/** Annotates every ApiObject under `scope` with its sync wave, and Cilium kinds with SkipDryRunOnMissingResource. */
export function addSyncAnnotations(scope: Construct): void {
  for (const obj of scope.node.findAll()) {
    if (!(obj instanceof ApiObject)) continue;
    obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(syncWave(obj.apiGroup, obj.kind)));
    if (obj.apiGroup === 'cilium.io') obj.metadata.addAnnotation(SYNC_OPTIONS_ANNOTATION, SKIP_DRY_RUN);
  }
}
