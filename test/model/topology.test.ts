/**
 * k3s topologies as people run them, and the datapath values: what each node's k3s config holds
 * (single server, embedded etcd, external datastore, joining through a VIP), which Helm values each
 * datapath field writes, and how the `cilium.values` overlay merges.
 */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../../src/checks/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { mergeValues } from '../../src/model/cilium-values.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';

const base = (over: Partial<ClusterSpec['k3s']> = {}, nodes: ClusterSpec['nodes'] = [{ name: 'cp-1', role: 'server', address: '10.0.0.11/24' }]): ClusterSpec => ({
  name: 't', cilium: { version: '1.20.0' }, k3s: { apiServer: { host: '127.0.0.1' }, tokenFile: '/etc/rancher/k3s/token', ...over }, nodes,
});
const three = (agents = 1): ClusterSpec['nodes'] => [
  { name: 'cp-1', role: 'server', address: '10.0.0.11/24' }, { name: 'cp-2', role: 'server', address: '10.0.0.12/24' },
  { name: 'cp-3', role: 'server', address: '10.0.0.13/24' },
  ...Array.from({ length: agents }, (_, i) => ({ name: `w-${i + 1}`, role: 'agent' as const, address: `10.0.0.2${i + 1}/24` })),
];
const configs = (spec: ClusterSpec) => Object.fromEntries(resolveCluster(spec).nodes.map((n) => [n.name, n.k3sConfig]));
const errors = (spec: ClusterSpec) => checkCluster(resolveCluster(spec)).filter((d) => d.severity === 'error');

describe('k3s topologies', () => {
  it('single server: SQLite, no cluster-init, no server', () => {
    const c = configs(base());
    expect(c['cp-1']).not.toHaveProperty('cluster-init');
    expect(c['cp-1']).not.toHaveProperty('server');
    expect(resolveCluster(base()).k3s.datastore.type).toBe('sqlite');
  });

  it('embedded etcd: cluster-init on the first server, the others and the agents join the first server when the API is loopback', () => {
    const c = configs(base({}, three()));
    expect(c['cp-1']['cluster-init']).toBe(true);
    expect(c['cp-1']).not.toHaveProperty('server');
    expect([c['cp-2'].server, c['cp-3'].server, c['w-1'].server]).toEqual(Array(3).fill('https://10.0.0.11:6443'));
  });

  it('embedded etcd on one server on purpose: cluster-init, so servers can join later', () => {
    expect(configs(base({ datastore: { type: 'etcd' } }))['cp-1']['cluster-init']).toBe(true);
  });

  it('VIP join: every joining node uses k3s.joinUrl, Cilium keeps the API endpoint, and the VIP is in tls-san', () => {
    const spec = base({ joinUrl: 'https://10.0.0.5:6443' }, three());
    const c = configs(spec);
    expect([c['cp-2'].server, c['cp-3'].server, c['w-1'].server]).toEqual(Array(3).fill('https://10.0.0.5:6443'));
    expect(c['cp-1']['tls-san']).toEqual(['10.0.0.5']);
    expect(resolveCluster(spec).cilium.values).toMatchObject({ k8sServiceHost: '127.0.0.1', k8sServicePort: 6444 });
    expect(errors(spec)).toEqual([]);
  });

  it('external datastore: every server points at it, none joins another or starts etcd; two servers are fine', () => {
    const spec = base({ datastore: { type: 'external', endpoint: 'https://etcd-1.lan:2379', caFile: '/etc/k3s/ca.crt' } }, three(1).filter((n) => n.name !== 'cp-3'));
    const c = configs(spec);
    for (const s of ['cp-1', 'cp-2']) {
      expect(c[s]).toMatchObject({ 'datastore-endpoint': 'https://etcd-1.lan:2379', 'datastore-cafile': '/etc/k3s/ca.crt' });
      expect(c[s]).not.toHaveProperty('cluster-init');
      expect(c[s]).not.toHaveProperty('server');
    }
    expect(c['w-1']).not.toHaveProperty('datastore-endpoint');
    expect(errors(spec)).toEqual([]);
  });

  it('external datastore without an endpoint renders none (it comes from K3S_DATASTORE_ENDPOINT) and PLAN.md says so', () => {
    const spec = base({ datastore: { type: 'external' } }, three(0).slice(0, 2));
    expect(configs(spec)['cp-1']).not.toHaveProperty('datastore-endpoint');
  });

  it('extraConfig goes to its role only', () => {
    const c = configs(base({ extraConfig: { server: { 'write-kubeconfig-mode': '0640' }, agent: { 'protect-kernel-defaults': true } } }, three()));
    expect(c['cp-1']['write-kubeconfig-mode']).toBe('0640');
    expect(c['w-1']).not.toHaveProperty('write-kubeconfig-mode');
    expect(c['w-1']['protect-kernel-defaults']).toBe(true);
    expect(c['cp-1']).not.toHaveProperty('protect-kernel-defaults');
  });

  it('leaves no-op disable entries out and disables k3s\'s Gateway API CRDs when the user brings theirs on 1.37', () => {
    const spec = base({ version: 'v1.37.0+k3s1', disable: ['traefik', 'flannel'] });
    spec.cilium.gatewayAPI = { enabled: true, crds: 'user' };
    expect(resolveCluster(spec).k3s.disable).toEqual(['gateway-api-crd', 'servicelb', 'traefik']);
    spec.cilium.gatewayAPI = { enabled: true };
    expect(resolveCluster(spec).cilium.gatewayAPI.crds).toBe('k3s');
    expect(resolveCluster(spec).k3s.disable).toEqual(['servicelb', 'traefik']);
  });
});

describe('datapath values', () => {
  const values = (cilium: Partial<ClusterSpec['cilium']>) => resolveCluster({ ...base(), cilium: { version: '1.20.0', ...cilium } }).cilium.values;

  it('writes nothing for the defaults', () => {
    const v = values({});
    for (const key of ['loadBalancer', 'maglev', 'devices', 'bpf', 'enableIPv4Masquerade', 'cni', 'MTU', 'gatewayAPI', 'k8sClientRateLimit', 'enableIPv4BIGTCP']) {
      expect(v, key).not.toHaveProperty(key);
    }
  });

  it('writes each field under its chart key', () => {
    expect(values({
      serviceLoadBalancing: { algorithm: 'maglev', maglevTableSize: 65521, mode: 'hybrid', dsrDispatch: 'geneve' }, tunnelProtocol: 'geneve',
      devices: ['eth+'], bpfMasquerade: true, ipv4Masquerade: false, cniExclusive: false, bandwidthManager: true, bbr: true,
      datapathMode: 'netkit', bigTCP: { ipv4: true }, mtu: 9000, gatewayAPI: { enabled: true }, k8sClientRateLimit: { qps: 20, burst: 40 },
    })).toMatchObject({
      loadBalancer: { algorithm: 'maglev', mode: 'hybrid', dsrDispatch: 'geneve' }, tunnelProtocol: 'geneve', maglev: { tableSize: 65521 },
      devices: ['eth+'], bpf: { masquerade: true, datapathMode: 'netkit' }, enableIPv4Masquerade: false, cni: { exclusive: false },
      bandwidthManager: { enabled: true, bbr: true }, enableIPv4BIGTCP: true, MTU: 9000, gatewayAPI: { enabled: true },
      k8sClientRateLimit: { qps: 20, burst: 40 },
    });
  });

  it('merges cilium.values last, map into map, and lists replace', () => {
    expect(mergeValues({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2], e: 3 } })).toEqual({ a: { b: 1, c: [2], e: 3 }, d: 1 });
    expect(values({ values: { prometheus: { enabled: true }, hubble: { metrics: { enabled: ['dns'] } } } })).toMatchObject({
      prometheus: { enabled: true }, hubble: { enabled: true, relay: { enabled: false }, metrics: { enabled: ['dns'] } },
    });
  });

  it('keeps a __proto__ key of the overlay a key', () => {
    const merged = mergeValues({}, JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
