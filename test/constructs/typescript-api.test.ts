/** A cluster built purely in TypeScript, through the construct library's public entry point. */
import { App, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ClusterSpec, K3sCiliumCluster, LoadBalancerPool } from '../../constructs/index.js';

const spec: ClusterSpec = {
  name: 'edge',
  cilium: { version: '1.20.0', routingMode: 'tunnel', tunnelProtocol: 'geneve' },
  k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/etc/rancher/k3s/token' },
  nodes: [
    { name: 'edge-1', role: 'server', address: '10.0.0.11/24' },
    { name: 'edge-2', role: 'agent', address: '10.0.0.12/24', labels: { zone: 'a' } },
  ],
  loadBalancer: {
    pools: [{ name: 'lan', blocks: [{ cidr: '10.0.0.64/27' }], allowFirstLastIPs: false }],
    l2: { policies: [{ name: 'lan', loadBalancerIPs: true, interfaces: ['^eth0$'] }], lease: { renewDeadline: '2s', retryPeriod: '1s', duration: '10s' } },
  },
};

describe('K3sCiliumCluster from TypeScript', () => {
  const app = Testing.app();
  const cluster = new K3sCiliumCluster(app, 'edge', { spec });
  const objects = app.charts.flatMap((c) => c.toJson());

  it('synthesizes the Kubernetes objects through cdk8s', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'CiliumL2AnnouncementPolicy/lan', 'CiliumLoadBalancerIPPool/lan', 'DaemonSet/rp-filter', 'HelmChart/cilium',
    ]);
    const pool = objects.find((o) => o.kind === 'CiliumLoadBalancerIPPool');
    expect(pool.spec).toEqual({ allowFirstLastIPs: 'No', blocks: [{ cidr: '10.0.0.64/27' }] });
  });

  it('applies defaults once and derives the values from them', () => {
    const values = cluster.files().get('edge/cilium/values.yaml')!;
    expect(values).toContain('routingMode: tunnel\n');
    expect(values).toContain('tunnelProtocol: geneve\n');
    expect(values).not.toContain('ipv4NativeRoutingCIDR');
    // Two nodes: the operator's second replica has somewhere to go.
    expect(values).toContain('replicas: 2\n');
    // /27 without first and last = 30 services over a 2 s renew deadline = 15 QPS.
    expect(values).toMatch(/k8sClientRateLimit:\n {2}burst: 30\n {2}qps: 15\n/);
  });

  it('gives agents only agent flags and the join URL', () => {
    const agent = cluster.nodeConfigs.find((c) => c.nodeName === 'edge-2')!;
    expect(agent.role).toBe('agent');
    expect(agent.config).toEqual({
      'node-ip': ['10.0.0.12'], 'node-label': ['zone=a'], server: 'https://10.0.0.11:6443', 'token-file': '/etc/rancher/k3s/token',
    });
  });

  it('runs the cluster checks as cdk8s validations with the CLI messages', () => {
    const bad = new App({ outdir: '/dev/null' });
    new K3sCiliumCluster(bad, 'bad', { spec: { ...spec, sysctls: { rpFilter: 1 } } });
    expect(() => bad.synthYaml()).toThrow(/\[bad\] spec\.sysctls\.rpFilter: rpFilter 1 \(strict\) drops return packets/);
  });

  it('exposes each concept as its own construct', () => {
    const chart = Testing.chart();
    new LoadBalancerPool(chart, 'p', { name: 'single', blocks: [{ start: '10.0.0.5', stop: '10.0.0.5' }], allowFirstLastIPs: true, disabled: false });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'cilium.io/v2', kind: 'CiliumLoadBalancerIPPool', metadata: { name: 'single' },
      spec: { blocks: [{ start: '10.0.0.5', stop: '10.0.0.5' }] },
    }]);
  });
});
