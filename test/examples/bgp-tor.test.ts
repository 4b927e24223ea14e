/** examples/bgp-tor.yaml: eBGP with two top-of-rack routers; the v2 object graph must hold together. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../../src/checks/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { selectorMatches } from '../../src/model/selectors.js';
import { doc, docs, loadValid, readProjectFile, renderFile, renderLoaded } from '../helpers.js';

const validateClusterSpec = (spec: ClusterSpec) => checkCluster(resolveCluster(spec));
const render = (spec: ClusterSpec, file: string) => {
  const cluster = resolveCluster(spec);
  return renderLoaded({ file, cluster, diagnostics: checkCluster(cluster) });
};

const files = renderFile('test/fixtures/examples/bgp-tor.yaml');
const cluster = loadValid('test/fixtures/examples/bgp-tor.yaml');
const objects = docs(files.get('manifests/bgp.yaml')!);
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const [clusterConfig] = ofKind('CiliumBGPClusterConfig');
const peerConfigs = ofKind('CiliumBGPPeerConfig');
const advertisements = ofKind('CiliumBGPAdvertisement');
const overrides = ofKind('CiliumBGPNodeConfigOverride');
const peers = clusterConfig.spec.bgpInstances.flatMap((i: any) => i.peers);

describe('examples/bgp-tor.yaml, as copied to test/fixtures/examples/', () => {
  it('renders the four BGP v2 kinds, cluster-scoped, in manifests/bgp.yaml', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
      'cilium.io/v2 CiliumBGPClusterConfig/bgp-tor',
      'cilium.io/v2 CiliumBGPPeerConfig/tor',
      'cilium.io/v2 CiliumBGPAdvertisement/lb-pool-services',
      'cilium.io/v2 CiliumBGPAdvertisement/lb-pool-public',
      'cilium.io/v2 CiliumBGPAdvertisement/pod-cidrs',
      'cilium.io/v2 CiliumBGPNodeConfigOverride/worker-2',
    ]);
    for (const o of objects) expect(o.metadata.namespace).toBeUndefined();
  });

  it('peers every rack node from AS 65010 with both ToRs (AS 65000) by peerConfigRef name only', () => {
    expect(clusterConfig.spec.nodeSelector).toEqual({ matchLabels: { rack: 'r1' } });
    expect(clusterConfig.spec.bgpInstances).toEqual([{
      name: 'instance-65010',
      localASN: 65010,
      peers: [
        { name: 'tor-a', peerAddress: '10.10.0.2', peerASN: 65000, peerConfigRef: { name: 'tor' } },
        { name: 'tor-b', peerAddress: '10.10.0.3', peerASN: 65000, peerConfigRef: { name: 'tor' } },
      ],
    }]);
    expect(cluster.nodes.every((n) => selectorMatches(clusterConfig.spec.nodeSelector, n.selectorLabels))).toBe(true);
  });

  it('resolves every reference: peers → peer configs → advertisements, none left over', () => {
    const peerConfigNames = peerConfigs.map((p) => p.metadata.name);
    for (const peer of peers) expect(peerConfigNames).toContain(peer.peerConfigRef.name);
    for (const name of peerConfigNames) expect(peers.map((p: any) => p.peerConfigRef.name)).toContain(name);
    for (const pc of peerConfigs) {
      for (const family of pc.spec.families) {
        const selected = advertisements.filter((a) => selectorMatches(family.advertisements, a.metadata.labels));
        expect(selected.map((a) => a.metadata.name)).toEqual(advertisements.map((a) => a.metadata.name));
      }
    }
    expect(files.get('manifests/bgp.yaml')).not.toMatch(/group:|kind: CiliumBGPPeerConfig\n\s+name|localPort/);
  });

  it('advertises each pool\'s LoadBalancer IPs with a selector that selects the pool\'s Services', () => {
    const selectorOf = (name: string) => advertisements.find((a) => a.metadata.name === name).spec.advertisements[0];
    const all = selectorOf('lb-pool-services');
    expect(all).toMatchObject({ advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'] } });
    // An empty selector would advertise nothing; the pool without serviceSelector serves every Service.
    expect(all.selector).toBeDefined();
    for (const labels of [{}, { app: 'web' }, { exposure: 'public' }] as Record<string, string>[]) expect(selectorMatches(all.selector, labels)).toBe(true);
    const pub = selectorOf('lb-pool-public');
    expect(selectorMatches(pub.selector, { exposure: 'public' })).toBe(true);
    expect(selectorMatches(pub.selector, { app: 'web' })).toBe(false);
    expect(advertisements.find((a) => a.metadata.name === 'pod-cidrs').spec).toEqual({ advertisements: [{ advertisementType: 'PodCIDR' }] });
  });

  it('names the MD5 Secret but never holds a password', () => {
    expect(peerConfigs[0].spec).toMatchObject({
      authSecretRef: 'bgp-tor-password',
      timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5 },
      gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
      families: [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { 'k3s-cilium-cdk8s.io/advertise': 'bgp' } } }],
    });
    for (const [path, text] of files) expect(text, path).not.toMatch(/password:/i);
  });

  it('overrides worker-2 by its node name, with instance and peer names from the cluster config', () => {
    expect(overrides.map((o) => o.metadata.name)).toEqual(['worker-2']);
    expect(overrides[0].spec.bgpInstances).toEqual([{
      name: 'instance-65010',
      routerID: '10.255.0.22',
      peers: [{ name: 'tor-a', localAddress: '10.10.0.22' }, { name: 'tor-b', localAddress: '10.10.0.22' }],
    }]);
  });

  it('enables the BGP control plane, not L2 announcements, and marks the pools BGP-only', () => {
    const values = doc(files.get('cilium/values.yaml')!);
    expect(values.bgpControlPlane).toEqual({ enabled: true, secretsNamespace: { name: 'kube-system' } });
    expect(values).not.toHaveProperty('l2announcements');
    expect(cluster.pools.map((p) => [p.name, p.announce, p.l2, p.bgp])).toEqual([['services', 'bgp', false, true], ['public', 'bgp', false, true]]);
  });

  it('joins through the API DNS name and puts it in every server\'s tls-san', () => {
    for (const s of cluster.servers) expect(doc(files.get(`k3s/config/${s.name}.yaml`)!)['tls-san']).toEqual(['api.dc1.example.net']);
    expect(doc(files.get('k3s/config/worker-1.yaml')!).server).toBe('https://api.dc1.example.net:6443');
  });
});

describe('variations of examples/bgp-tor.yaml', () => {
  const base = (): ClusterSpec => parse(readProjectFile('test/fixtures/examples/bgp-tor.yaml'));

  it('accepts BGP and L2 on the same pool only when the pool says announce: both', () => {
    const spec = base();
    // L2 needs the pools on the nodes' segment (the L2 subnet check); BGP alone does not.
    spec.loadBalancer!.pools![0].blocks = [{ cidr: '10.10.0.128/27' }];
    spec.loadBalancer!.pools![1].blocks = [{ cidr: '10.10.0.192/27' }];
    spec.loadBalancer!.l2 = { policies: [{ name: 'all', loadBalancerIPs: true }] };
    // With loadBalancer.l2 set, an unmarked pool means L2 only.
    expect(validateClusterSpec(spec)).toEqual([]);
    expect(resolveCluster(spec).pools.map((p) => p.bgp)).toEqual([false, false]);
    spec.loadBalancer!.pools![0].announce = 'bgp';
    expect(validateClusterSpec(spec).map((d) => [d.severity, d.path])).toEqual([
      ['error', 'loadBalancer.pools[0].announce'], // policy "all" announces the BGP-only pool
      ['error', 'loadBalancer.pools[1].serviceSelector'], // services' advertisement selects public's Services too
    ]);
    spec.loadBalancer!.pools![0].announce = 'both';
    spec.loadBalancer!.pools![1].announce = 'both';
    expect(validateClusterSpec(spec)).toEqual([]);
    expect(resolveCluster(spec).pools.map((p) => [p.l2, p.bgp])).toEqual([[true, true], [true, true]]);
    const out = render(spec, 'both.yaml');
    expect(docs(out.get('manifests/bgp.yaml')!).filter((o) => o.metadata.name.startsWith('lb-pool-'))).toHaveLength(2);
    expect(doc(out.get('cilium/values.yaml')!)).toMatchObject({ bgpControlPlane: { enabled: true }, l2announcements: { enabled: true } });
  });

  it('takes peer ASN 0 as "accept the ASN of the peer\'s OPEN message", without a warning', () => {
    const spec = base();
    spec.loadBalancer!.bgp!.peers[1].asn = 0;
    expect(validateClusterSpec(spec)).toEqual([]);
    const [config] = docs(render(spec, 'asn0.yaml').get('manifests/bgp.yaml')!);
    expect(config.spec.bgpInstances[0].peers[1]).toMatchObject({ name: 'tor-b', peerASN: 0 });
  });

  it('negotiates and advertises IPv6 too on a dual-stack cluster', () => {
    const spec = base();
    spec.k3s.clusterCidr = '10.42.0.0/16,fd00:42::/56';
    spec.k3s.serviceCidr = '10.43.0.0/16,fd00:43::/112';
    for (const [i, node] of spec.nodes.entries()) node.address = `${node.address},fd00:10::${i + 11}/64`;
    spec.loadBalancer!.pools![0].blocks.push({ cidr: 'fd00:20::/120' });
    expect(validateClusterSpec(spec)).toEqual([]);
    const objects = docs(render(spec, 'dual.yaml').get('manifests/bgp.yaml')!);
    expect(objects.find((o) => o.kind === 'CiliumBGPPeerConfig').spec.families.map((f: any) => f.afi)).toEqual(['ipv4', 'ipv6']);
  });
});
