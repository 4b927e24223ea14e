/** examples/ha-l2.yaml: three servers with embedded etcd, two agents, API through 127.0.0.1:6444. */
import { App } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { K3sCiliumCluster } from '../../constructs/k3s-cilium-cluster.js';
import { sharedServerConfig } from '../../src/model/k3s-config.js';
import { doc, loadValid, renderFile } from '../helpers.js';
import { CRITICAL_KEYS } from './k3s-flags.js';

const files = renderFile('test/fixtures/examples/ha-l2.yaml');
const cluster = loadValid('test/fixtures/examples/ha-l2.yaml');
const config = (node: string) => doc(files.get(`k3s/config/${node}.yaml`)!);
const ISSUE_CRITICAL_KEYS = ['cluster-cidr', 'service-cidr', 'flannel-backend', 'disable-network-policy', 'disable'];

/** Server config files, parsed, for a cluster spec. */
function serverConfigs(spec: ClusterSpec): Record<string, unknown>[] {
  const built = new K3sCiliumCluster(new App(), spec.name, { spec });
  return built.nodeConfigs.filter((c) => c.role === 'server').map((c) => doc(c.toYaml()));
}

/** Fails unless every server file has the same value (or the same absence) for every critical key. */
function expectCriticalAgreement(configs: Record<string, unknown>[]) {
  for (const key of [...CRITICAL_KEYS, ...ISSUE_CRITICAL_KEYS, 'tls-san']) {
    for (const c of configs.slice(1)) expect(c[key], key).toEqual(configs[0][key]);
  }
  for (const key of ISSUE_CRITICAL_KEYS) expect(configs[0], key).toHaveProperty(key);
}

describe('examples/ha-l2.yaml, as copied to test/fixtures/examples/', () => {
  it('starts embedded etcd on the first server and joins the others through it', () => {
    expect(config('server-1')).toMatchObject({ 'cluster-init': true });
    expect(config('server-1')).not.toHaveProperty('server');
    for (const node of ['server-2', 'server-3', 'worker-1', 'worker-2']) {
      // 127.0.0.1:6444 exists only once k3s runs on the node: joining goes to the first server.
      expect(config(node).server, node).toBe('https://192.168.10.11:6443');
      expect(config(node), node).not.toHaveProperty('cluster-init');
    }
  });

  it('gives every server the critical settings from sharedServerConfig, identically', () => {
    const servers = cluster.servers.map((s) => config(s.name));
    expectCriticalAgreement(servers);
    for (const server of servers) expect(server).toMatchObject(sharedServerConfig(cluster.k3s));
  });

  it('gives agents only their per-node keys: node-ip, labels, taints, kubelet args, external IP', () => {
    expect(config('worker-1')).toEqual({
      'kubelet-arg': ['max-pods=150'],
      'node-external-ip': ['203.0.113.21'],
      'node-ip': ['192.168.10.21'],
      'node-label': ['l2-announcer=true'],
      server: 'https://192.168.10.11:6443',
      'token-file': '/etc/rancher/k3s/token',
    });
    expect(config('worker-2')).toMatchObject({ 'node-taint': ['dedicated=storage:PreferNoSchedule'], 'node-label': ['l2-announcer=true', 'storage=ssd'] });
    expect(config('server-2')['node-taint']).toEqual(['CriticalAddonsOnly=true:NoExecute']);
  });

  it('points Cilium at k3s\'s local API load balancer, with no tls-san for loopback', () => {
    const values = doc(files.get('cilium/values.yaml')!);
    expect(values).toMatchObject({ k8sServiceHost: '127.0.0.1', k8sServicePort: 6444, operator: { replicas: 2 }, autoDirectNodeRoutes: true });
    expect(config('server-1')).not.toHaveProperty('tls-san');
  });

  it('keeps the critical settings identical on all servers for any cluster', () => {
    const cidrs = fc.constantFrom('10.42.0.0/16', '10.52.0.0/16,fd00:52::/56');
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 3 }).map((n) => 2 * n + 1), fc.integer({ min: 0, max: 2 }), cidrs,
      fc.subarray(['traefik', 'metrics-server', 'local-storage']), fc.constantFrom('127.0.0.1', 'api.example.net', '10.0.0.11'),
      (servers, agents, clusterCidr, disable, host) => {
        const dual = clusterCidr.includes(',');
        const address = (i: number) => (dual ? `10.0.0.${11 + i}/24,fd00::${11 + i}/64` : `10.0.0.${11 + i}/24`);
        const spec: ClusterSpec = {
          name: 'prop',
          cilium: { version: '1.20.0' },
          k3s: { clusterCidr, serviceCidr: dual ? '10.53.0.0/16,fd00:53::/112' : undefined, disable, apiServer: { host }, tokenFile: '/t' },
          nodes: Array.from({ length: servers + agents }, (_, i) => ({
            name: `n${i}`,
            role: i < servers ? ('server' as const) : ('agent' as const),
            address: address(i),
          })),
        };
        const configs = serverConfigs(spec);
        expect(configs).toHaveLength(servers);
        expectCriticalAgreement(configs);
      },
    ), { numRuns: 25 });
  });
});
