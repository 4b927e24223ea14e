/** The bench's scale fixture is valid under every check, deterministic, and scales every count. */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../../tools/bench/generate-cluster.js';
import { loadClusterText } from '../../../src/load/cluster-file.js';
import { YAML_LIMITS } from '../../../src/load/yaml-limits.js';
import { yamlStats } from '../../../src/load/yaml-stats.js';

describe('tools/bench/generate-cluster.ts', () => {
  it('generates a cluster file with no finding at all, the same text every time', () => {
    const text = stringify(generateCluster(1), { aliasDuplicateObjects: false });
    expect(stringify(generateCluster(1), { aliasDuplicateObjects: false })).toBe(text);
    const loaded = loadClusterText('scale-1x.yaml', text);
    expect(loaded.diagnostics).toEqual([]);
    // The input limits leave room for the 10× fixture (the generator multiplies every count; it is 8.6 MB, ~1.07 M values).
    const stats = yamlStats(text);
    expect(10 * Buffer.byteLength(text)).toBeLessThan(YAML_LIMITS.maxBytes * 0.7);
    expect(10 * stats.values).toBeLessThan(YAML_LIMITS.maxValues * 0.9);
    expect(stats.depth).toBeLessThan(YAML_LIMITS.maxDepth / 4);
    const c = loaded.cluster!;
    expect([c.nodes.length, c.pools.length, c.reservations.length, c.bgp?.peers.length]).toEqual([200, 1000, 5000, 50]);
    expect(c.pools.filter((p) => p.l2).length).toBe(500);
    expect(c.pools.some((p) => p.blocks.some((b) => b.spec.start)) && c.pools.some((p) => p.blocks.some((b) => b.range?.family === 6))).toBe(true);
  });

  it('multiplies every count by the scale', () => {
    const spec = generateCluster(3);
    expect([spec.nodes.length, spec.loadBalancer?.pools?.length, spec.loadBalancer?.reservations?.length, spec.loadBalancer?.bgp?.peers.length]).toEqual([
      600, 3000, 15000, 150,
    ]);
  });
});
