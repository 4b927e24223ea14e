/** The CLI's render helpers: one cluster's own files out of a render, and the kinds a review of an upgrade reads. */
import { describe, expect, it } from 'vitest';
import { collectClusters } from '../../src/cli/cluster-files.js';
import { clusterDirectory, renderedKinds } from '../../src/cli/render.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { HOMELAB, loadValidFile, readProjectFile } from '../helpers.js';

describe('clusterDirectory', () => {
  it('keeps the files under <name>/ only, relative to it: not argocd/, not a cluster whose name starts the same', () => {
    const files = new Map([['a/PLAN.md', '1'], ['argocd/a.yaml', '2'], ['ab/PLAN.md', '3'], ['a/k3s/config/cp-1.yaml', '4']]);
    expect([...clusterDirectory(files, 'a')]).toEqual([['PLAN.md', '1'], ['k3s/config/cp-1.yaml', '4']]);
  });
});

describe('renderedKinds', () => {
  it('lists the apiVersion and kind of every object a cluster the checks accept renders, and nothing for one they refuse', () => {
    const kinds = renderedKinds(loadValidFile(HOMELAB))!;
    expect(kinds.map((o) => o.kind)).toContain('CiliumLoadBalancerIPPool');
    expect(kinds.map((o) => o.kind)).toContain('DaemonSet');
    expect(kinds.every((o) => typeof o.apiVersion === 'string')).toBe(true);
    const refused = collectClusters([loadClusterText('r.yaml', readProjectFile(HOMELAB).replace('rpFilter: 0', 'rpFilter: 1'))], { refused: true }).clusters[0];
    expect(refused.cluster.name).toBe('homelab');
    expect(renderedKinds(refused)).toBeUndefined();
  });
});
