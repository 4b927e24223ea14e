/** The bench's fixtures are valid under every check, deterministic, and of the sizes the issue names. */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FLEET_SHAPES, fleetClusters, fleetFile, LARGE_CLUSTER, largeCluster } from '../../../tools/bench/fixtures.js';
import { loadClusterText } from '../../../src/load/cluster-file.js';
import { loadFleetText } from '../../../src/load/fleet-file.js';

const yaml = (data: unknown) => stringify(data, { aliasDuplicateObjects: false });

describe('tools/bench/fixtures.ts', () => {
  it('the large cluster: no finding at all, the same text every time, the counts asked for', () => {
    const text = yaml(largeCluster());
    expect(yaml(largeCluster())).toBe(text);
    const loaded = loadClusterText('large.yaml', text);
    expect(loaded.diagnostics).toEqual([]);
    const c = loaded.cluster!;
    expect([c.nodes.length, c.pools.length, c.reservations.length, c.bgp?.peers.length]).toEqual([500, 64, 2000, 32]);
    expect(LARGE_CLUSTER).toEqual({ nodes: 500, pools: 64, reservations: 2000, peers: 32 });
    expect(c.pools.filter((p) => p.l2).length).toBe(32);
    expect(c.pools.some((p) => p.blocks.some((b) => b.spec.start)) && c.pools.some((p) => p.blocks.some((b) => b.range?.family === 6))).toBe(true);
  });

  it('the fleet: every shape, every cluster and the fleet file without a finding, the same every time', () => {
    const clusters = fleetClusters(60);
    expect(yaml(fleetClusters(60))).toBe(yaml(clusters));
    expect(new Set(clusters.map((c) => c.name)).size).toBe(60);
    for (const c of clusters) expect(loadClusterText(`${c.name}.yaml`, yaml(c)).diagnostics, c.name).toEqual([]);
    // Every shape is drawn: the first clusters of a fleet are the first of a larger one.
    expect(yaml(fleetClusters(3000).slice(0, 60))).toBe(yaml(clusters));
    expect(FLEET_SHAPES.length).toBe(4);
    const shapes = new Set(clusters.map((c) => (c.loadBalancer?.bgp ? 'bgp' : c.nodes.length === 1 ? 'single' : c.k3s?.clusterCidr ? 'dual' : 'ha')));
    expect(shapes.size).toBe(4);
    const names = clusters.map((c) => c.name);
    expect(loadFleetText('fleet.yaml', yaml(fleetFile(clusters)), names).diagnostics).toEqual([]);
  });
});
