/** examples/dual-stack.yaml: IPv4-primary dual-stack with an L2 pool of both families. */
import { describe, expect, it } from 'vitest';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { doc, docs, loadValid, readProjectFile, renderFile } from '../helpers.js';

const files = renderFile('test/fixtures/examples/dual-stack.yaml');
const cluster = loadValid('test/fixtures/examples/dual-stack.yaml');

describe('examples/dual-stack.yaml, as copied to test/fixtures/examples/', () => {
  it('gives k3s both families, IPv4 first, for pods, Services and every node', () => {
    const server = doc(files.get('k3s/config/cp-1.yaml')!);
    expect(server['cluster-cidr']).toEqual(['10.42.0.0/16', 'fd00:10:42::/56']);
    expect(server['service-cidr']).toEqual(['10.43.0.0/16', 'fd00:10:43::/112']);
    for (const node of cluster.nodes) {
      const ips = doc(files.get(`k3s/config/${node.name}.yaml`)!)['node-ip'];
      expect(ips, node.name).toHaveLength(2);
      expect(ips[0]).toMatch(/^192\.168\.30\./);
      expect(ips[1]).toMatch(/^fd00:30::/);
    }
  });

  it('enables IPv6 in Cilium with a native-routing CIDR per family', () => {
    const values = doc(files.get('cilium/values.yaml')!);
    expect(values).toMatchObject({
      ipv6: { enabled: true }, ipv4NativeRoutingCIDR: '10.42.0.0/16', ipv6NativeRoutingCIDR: 'fd00:10:42::/56', autoDirectNodeRoutes: true,
    });
  });

  it('renders one pool with an IPv4 range and an IPv6 CIDR, announced over L2', () => {
    const [pool] = docs(files.get('manifests/lb-ipam-pools.yaml')!);
    expect(pool.spec.blocks).toEqual([{ start: '192.168.30.200', stop: '192.168.30.219' }, { cidr: 'fd00:30::100/120' }]);
    expect(cluster.pools[0].l2).toBe(true);
    // 20 IPv4 + 256 IPv6 addresses renewed every 5 s.
    expect(doc(files.get('cilium/values.yaml')!).k8sClientRateLimit).toEqual({ qps: 56, burst: 112 });
  });

  it('is refused on Cilium 1.18, whose L2 announcements do not answer NDP', () => {
    const text = readProjectFile('test/fixtures/examples/dual-stack.yaml').replace('version: 1.20.0', 'version: 1.18.10');
    const loaded = loadClusterText('dual-stack.yaml', text);
    expect(loaded.cluster).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.path)).toEqual(['loadBalancer.pools[0].blocks[1]']);
    expect(loaded.diagnostics[0].message).toContain('NDP for IPv6 came in Cilium 1.19');
    // 1.19 answers NDP.
    expect(loadClusterText('dual-stack.yaml', text.replace('1.18.10', '1.19.4')).cluster).toBeDefined();
  });
});
