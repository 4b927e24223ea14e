/**
 * The Cilium Helm values (src/model/cilium-values.ts) and each node's k3s config
 * (src/model/k3s-config.ts): every key is checked on both sides of the choice that writes it, so a
 * value that is dropped, always written or written under the wrong condition fails here, in process.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, NodeSpec } from '../../src/model/cluster-spec.js';
import { mergeValues } from '../../src/model/cilium-values.js';
import { sharedServerConfig } from '../../src/model/k3s-config.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { ciliumHelmChartProps, nodeConfigProps } from '../../src/model/resolve/props.js';
import { renderOnce } from '../constructs/render-once.js';

const node = (name: string, role: 'server' | 'agent', address: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ name, role, address, ...extra });

function spec(cilium: Partial<ClusterSpec['cilium']> = {}, over: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name: 't', cilium: { version: '1.20.0', ...cilium }, k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/t' },
    nodes: [node('cp-1', 'server', '10.0.0.11/24')], ...over,
  };
}
const values = (cilium: Partial<ClusterSpec['cilium']> = {}, over: Partial<ClusterSpec> = {}) => resolveCluster(spec(cilium, over)).cilium.values;
const l2 = (lease?: object): ClusterSpec['loadBalancer'] => ({
  pools: [{ name: 'p', blocks: [{ cidr: '10.0.0.200/29' }] }], l2: { policies: [{ name: 'l', loadBalancerIPs: true }], ...(lease ? { lease } : {}) },
});

describe('Cilium Helm values', () => {
  it('a minimal cluster: exactly the kube-proxy replacement, the API endpoint, IPAM, native routing, Hubble and one operator', () => {
    // toStrictEqual: a key written with an undefined value (an IPv6 CIDR in a single-stack cluster) fails too.
    expect(values()).toStrictEqual({
      kubeProxyReplacement: true, k8sServiceHost: '10.0.0.11', k8sServicePort: 6443, ipam: { mode: 'kubernetes' },
      routingMode: 'native', ipv4NativeRoutingCIDR: '10.42.0.0/16', autoDirectNodeRoutes: true,
      hubble: { enabled: true, relay: { enabled: false }, ui: { enabled: false } }, operator: { replicas: 1 },
    });
    expect(ciliumHelmChartProps(resolveCluster(spec()))).toEqual({ version: '1.20.0', values: values() });
  });

  it('routing: a tunnel writes its protocol and no native keys; native writes the IPv6 CIDR only when dual-stack, the protocol only for Geneve DSR', () => {
    expect(values({ routingMode: 'tunnel', tunnelProtocol: 'geneve' })).toMatchObject({ routingMode: 'tunnel', tunnelProtocol: 'geneve' });
    for (const key of ['ipv4NativeRoutingCIDR', 'ipv6NativeRoutingCIDR', 'autoDirectNodeRoutes']) expect(values({ routingMode: 'tunnel' })).not.toHaveProperty(key);
    const dual = values({}, { k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56' } });
    expect(dual).toMatchObject({ ipv6NativeRoutingCIDR: 'fd00:42::/56', ipv6: { enabled: true } });
    expect(dual).not.toHaveProperty('enableIPv6Masquerade');
    expect(values()).not.toHaveProperty('ipv6');
    expect(values()).not.toHaveProperty('tunnelProtocol');
    expect(values({ serviceLoadBalancing: { mode: 'dsr', dsrDispatch: 'geneve' } })).toMatchObject({ tunnelProtocol: 'vxlan', loadBalancer: { mode: 'dsr', dsrDispatch: 'geneve' } });
    expect(values({ serviceLoadBalancing: { mode: 'dsr', dsrDispatch: 'opt' } })).not.toHaveProperty('tunnelProtocol');
  });

  it('L2 announcements: the lease and the sized rate limit only with an L2 policy; an explicit rate limit without one', () => {
    const withL2 = values({}, { loadBalancer: l2({ duration: '20s', renewDeadline: '10s', retryPeriod: '1s' }) });
    expect(withL2.l2announcements).toEqual({ enabled: true, leaseDuration: '20s', leaseRenewDeadline: '10s', leaseRetryPeriod: '1s' });
    expect(withL2.k8sClientRateLimit).toEqual({ qps: 10, burst: 20 });
    expect(values({}, { loadBalancer: l2() }).l2announcements).toEqual({ enabled: true, leaseDuration: '15s', leaseRenewDeadline: '5s', leaseRetryPeriod: '2s' });
    expect(values()).not.toHaveProperty('l2announcements');
    expect(values({ k8sClientRateLimit: { qps: 30, burst: 60 } }).k8sClientRateLimit).toEqual({ qps: 30, burst: 60 });
    expect(values({ k8sClientRateLimit: { qps: 30, burst: 60 } }, { loadBalancer: l2() }).k8sClientRateLimit).toEqual({ qps: 30, burst: 60 });
  });

  it('BGP: the control plane with its secrets namespace only when the cluster peers', () => {
    expect(values({}, { loadBalancer: { bgp: { localASN: 65010, secretsNamespace: 'bgp', peers: [], peerConfigs: [] } } }).bgpControlPlane).toEqual({ enabled: true, secretsNamespace: { name: 'bgp' } });
    expect(values()).not.toHaveProperty('bgpControlPlane');
  });

  it('IPAM: kubernetes by default; cluster-pool over k3s\'s cluster CIDRs in k3s\'s node sizes (IPv4\'s /24 is the chart default, IPv6 /64 is not)', () => {
    expect(values({ ipamMode: 'kubernetes' }).ipam).toEqual({ mode: 'kubernetes' });
    expect(values({ ipamMode: 'cluster-pool' }).ipam).toEqual({ mode: 'cluster-pool', operator: { clusterPoolIPv4PodCIDRList: ['10.42.0.0/16'] } });
    const dual = values({ ipamMode: 'cluster-pool' }, {
      k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/t', clusterCidr: '10.52.0.0/16,fd00:52::/56', serviceCidr: '10.53.0.0/16,fd00:53::/112' },
      nodes: [node('cp-1', 'server', '10.0.0.11/24,fd00:1::11/64')],
    });
    expect(dual.ipam).toEqual({
      mode: 'cluster-pool',
      operator: { clusterPoolIPv4PodCIDRList: ['10.52.0.0/16'], clusterPoolIPv6PodCIDRList: ['fd00:52::/56'], clusterPoolIPv6MaskSize: 64 },
    });
  });

  it('Hubble, the bandwidth manager with BBR, and the socket LB in the host namespace only', () => {
    expect(values({ hubble: { relay: true, ui: true } }).hubble).toEqual({ enabled: true, relay: { enabled: true }, ui: { enabled: true } });
    expect(values({ hubble: { enabled: false } }).hubble).toEqual({ enabled: false, relay: { enabled: false }, ui: { enabled: false } });
    expect(values({ bandwidthManager: true }).bandwidthManager).toEqual({ enabled: true });
    expect(values({ bandwidthManager: true, bbr: true }).bandwidthManager).toEqual({ enabled: true, bbr: true });
    expect(values({ bbr: true })).not.toHaveProperty('bandwidthManager');
    expect(values({ socketLBHostNamespaceOnly: true }).socketLB).toEqual({ hostNamespaceOnly: true });
    expect(values()).not.toHaveProperty('socketLB');
    // Gateway API on 1.20 forces it in the chart; on 1.19 it must still be written.
    expect(values({ socketLBHostNamespaceOnly: true, gatewayAPI: { enabled: true } })).not.toHaveProperty('socketLB');
    expect(values({ version: '1.19.4', socketLBHostNamespaceOnly: true, gatewayAPI: { enabled: true } }).socketLB).toEqual({ hostNamespaceOnly: true });
  });

  it('the datapath: each key written exactly when its field differs from the default', () => {
    const only = (cilium: Partial<ClusterSpec['cilium']>) => {
      const base = values();
      const v = values(cilium);
      return Object.fromEntries(Object.entries(v).filter(([k, x]) => JSON.stringify(base[k]) !== JSON.stringify(x)));
    };
    expect(only({ serviceLoadBalancing: { algorithm: 'maglev' } })).toEqual({ loadBalancer: { algorithm: 'maglev' } });
    expect(only({ serviceLoadBalancing: { algorithm: 'random', mode: 'snat' } })).toEqual({});
    expect(only({ serviceLoadBalancing: { mode: 'hybrid' } })).toEqual({ loadBalancer: { mode: 'hybrid' } });
    expect(only({ serviceLoadBalancing: { maglevTableSize: 16381 } })).toEqual({ maglev: { tableSize: 16381 } });
    expect(only({ devices: ['eth0', 'bond+'] })).toEqual({ devices: ['eth0', 'bond+'] });
    expect(only({ devices: [] })).toEqual({ devices: [] });
    expect(only({ bpfMasquerade: true })).toEqual({ bpf: { masquerade: true } });
    expect(only({ datapathMode: 'netkit' })).toEqual({ bpf: { datapathMode: 'netkit' } });
    expect(only({ datapathMode: 'veth', bpfMasquerade: false })).toEqual({});
    expect(only({ ipv4Masquerade: false })).toEqual({ enableIPv4Masquerade: false });
    expect(only({ ipv6Masquerade: false })).toEqual({});
    expect(only({ cniExclusive: false })).toEqual({ cni: { exclusive: false } });
    expect(only({ bigTCP: { ipv4: true } })).toEqual({ enableIPv4BIGTCP: true });
    expect(only({ bigTCP: { ipv6: true } })).toEqual({ enableIPv6BIGTCP: true });
    expect(only({ mtu: 1280 })).toEqual({ MTU: 1280 });
    expect(only({ gatewayAPI: { enabled: true } })).toEqual({ gatewayAPI: { enabled: true } });
    expect(only({ gatewayAPI: { enabled: false } })).toEqual({});
    const dual = { k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56' } };
    expect(values({ ipv6Masquerade: false }, dual).enableIPv6Masquerade).toBe(false);
    // The rendered devices are a copy: changing them does not change the resolved cluster.
    const c = resolveCluster(spec({ devices: ['eth0'] }));
    expect(c.cilium.values.devices).not.toBe(c.cilium.devices);
  });

  it('cilium.values merges last: maps into maps at any depth, lists and scalars replace, a map replaces a scalar and back', () => {
    expect(mergeValues({ a: { b: { c: 1, d: 2 } } }, { a: { b: { d: 3 } } })).toEqual({ a: { b: { c: 1, d: 3 } } });
    expect(mergeValues({ a: 1 }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(mergeValues({ a: { b: 1 } }, { a: 2 })).toEqual({ a: 2 });
    expect(mergeValues({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
    expect(mergeValues({ a: null }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(mergeValues({ a: [1, 2] }, { a: { 0: 3 } })).toEqual({ a: { 0: 3 } });
    expect(mergeValues({ a: { 0: 3 } }, { a: [1] })).toEqual({ a: [1] });
    const base = { a: { b: 1 } };
    mergeValues(base, { a: { c: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
    // An inherited name is not a map to merge into.
    expect(mergeValues({}, { toString: { a: 1 } })).toEqual({ toString: { a: 1 } });
    expect(values({ values: { operator: { prometheus: { enabled: true } } } }).operator).toEqual({ replicas: 1, prometheus: { enabled: true } });
  });
});

describe('k3s node configs', () => {
  const nodes = [
    node('cp-1', 'server', '10.0.0.11/24,fd00::11/64', { externalAddress: '203.0.113.1', labels: { zone: 'b', rack: 'a' }, taints: ['x=y:NoSchedule'], kubeletArgs: ['max-pods=200'] }),
    node('cp-2', 'server', '10.0.0.12/24'),
    node('w-1', 'agent', '10.0.0.21/24', { labels: { zone: 'a' } }),
  ];
  const k3s = { apiServer: { host: '127.0.0.1' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' };
  // Resolved inside the tests, not in the describe block: StrykerJS counts code run outside a test as static.
  const resolved = renderOnce(() => resolveCluster(spec({}, { nodes, k3s })));
  const config = (name: string) => resolved().nodes.find((n) => n.name === name)!.k3sConfig;

  it('the first server: the shared settings, its own flags (sorted labels; empty lists left out) and cluster-init', () => {
    expect(config('cp-1')).toEqual({
      'cluster-cidr': ['10.42.0.0/16', 'fd00:42::/56'], 'service-cidr': ['10.43.0.0/16', 'fd00:43::/112'], 'flannel-backend': 'none',
      'disable-network-policy': true, 'disable-kube-proxy': true, disable: ['servicelb'],
      'node-ip': ['10.0.0.11', 'fd00::11'], 'token-file': '/t', 'node-external-ip': ['203.0.113.1'], 'node-label': ['rack=a', 'zone=b'],
      'node-taint': ['x=y:NoSchedule'], 'kubelet-arg': ['max-pods=200'], 'cluster-init': true,
    });
  });

  it('a joining server joins the first; an agent gets only agent flags and the join URL', () => {
    expect(config('cp-2')).toMatchObject({ server: 'https://10.0.0.11:6443', 'node-ip': ['10.0.0.12'] });
    expect(config('cp-2')).not.toHaveProperty('cluster-init');
    for (const key of ['node-external-ip', 'node-label', 'node-taint', 'kubelet-arg', 'tls-san']) expect(config('cp-2'), key).not.toHaveProperty(key);
    expect(config('w-1')).toEqual({ 'node-ip': ['10.0.0.21'], 'token-file': '/t', 'node-label': ['zone=a'], server: 'https://10.0.0.11:6443' });
    expect(nodeConfigProps(resolved(), resolved().nodes[2])).toEqual({ clusterName: 't', nodeName: 'w-1', role: 'agent', config: config('w-1') });
  });

  it('tls-san only when there is a name to add; an external datastore writes each of its fields only when set', () => {
    const shared = sharedServerConfig(resolved().k3s);
    expect(shared).not.toHaveProperty('tls-san');
    expect(sharedServerConfig({ ...resolved().k3s, tlsSan: ['api.lan'] })['tls-san']).toEqual(['api.lan']);
    const external = (datastore: object) => resolveCluster(spec({}, { k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/t', datastore: { type: 'external', ...datastore } } })).nodes[0].k3sConfig;
    const all = { endpoint: 'https://db:2379', caFile: '/ca', certFile: '/cert', keyFile: '/key' };
    expect(external(all)).toMatchObject({ 'datastore-endpoint': 'https://db:2379', 'datastore-cafile': '/ca', 'datastore-certfile': '/cert', 'datastore-keyfile': '/key' });
    for (const [field, key] of [['endpoint', 'datastore-endpoint'], ['caFile', 'datastore-cafile'], ['certFile', 'datastore-certfile'], ['keyFile', 'datastore-keyfile']]) {
      const { [field as keyof typeof all]: _, ...rest } = all;
      expect(external(rest), field).not.toHaveProperty(key);
    }
    expect(Object.keys(external({})).filter((k) => k.startsWith('datastore-') || k === 'cluster-init' || k === 'server')).toEqual([]);
    // The external-only fields (which check 34 refuses for the other types) are never written for SQLite or embedded etcd.
    const other = (type: 'sqlite' | 'etcd') => resolveCluster(spec({}, { k3s: { apiServer: { host: '10.0.0.11' }, tokenFile: '/t', datastore: { type, ...all } } })).nodes[0].k3sConfig;
    expect(Object.keys(other('sqlite')).filter((k) => k.startsWith('datastore-') || k === 'cluster-init' || k === 'server')).toEqual([]);
    expect(Object.keys(other('etcd')).filter((k) => k.startsWith('datastore-') || k === 'cluster-init' || k === 'server')).toEqual(['cluster-init']);
  });

  it('extraConfig of the role comes last, for servers and agents', () => {
    const withExtra = resolveCluster(spec({}, {
      nodes, k3s: { apiServer: { host: '127.0.0.1' }, tokenFile: '/t', extraConfig: { server: { 'token-file': '/s' }, agent: { server: 'https://vip:6443' } } },
    }));
    expect(withExtra.nodes.map((n) => [n.k3sConfig['token-file'], n.k3sConfig.server])).toEqual([['/s', undefined], ['/s', 'https://10.0.0.11:6443'], ['/t', 'https://vip:6443']]);
  });
});
