/**
 * PLAN.md read whole, as a person does: one dual-stack cluster with every section and checklist step
 * (L2 and BGP pools, IPv4 and IPv6 pins, a shared IP and an externalTrafficPolicy: Local pin, a
 * node override, pod CIDRs advertised, two peers of which one carries only IPv4, kernel floors, an
 * external datastore without endpoint, user-installed Gateway API CRDs), and one bare cluster
 * (no pool, no L2, no BGP, the API at a node's IPv6 address). Each is compared with a reviewed file in
 * test/snapshots/plan/, so a changed word, number, command or list separator anywhere shows.
 */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../../src/checks/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { renderPlan } from '../../src/plan/index.js';

/** The plan of a cluster that passes every check (PLAN.md is only written then). */
function planOf(spec: ClusterSpec): string {
  const cluster = resolveCluster(spec);
  expect(checkCluster(cluster).filter((d) => d.severity === 'error')).toEqual([]);
  return renderPlan(cluster, `dir/${spec.name}.yaml`);
}

const EVERY_FEATURE: ClusterSpec = {
  name: 'every-feature',
  cilium: {
    version: '1.20.0', routingMode: 'native', bpfMasquerade: true, bandwidthManager: true, bbr: true,
    datapathMode: 'netkit', bigTCP: { ipv4: true, ipv6: true }, gatewayAPI: { enabled: true, crds: 'user' },
  },
  k3s: {
    apiServer: { host: '10.10.0.5' }, tokenFile: '/t', datastore: { type: 'external' },
    clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112',
  },
  nodes: [
    { name: 'cp-1', role: 'server', address: '10.10.0.11/16,fd00:1::11/64', interfaces: ['eth0', 'eth1'] },
    { name: 'w-1', role: 'agent', address: '10.10.0.21/16,fd00:1::21/64', bgp: { routerID: '10.255.0.21' } },
  ],
  loadBalancer: {
    pools: [
      { name: 'lan', blocks: [{ cidr: '10.10.1.0/28' }, { cidr: 'fd00:1::100/124' }], announce: 'both' },
      { name: 'routed', blocks: [{ cidr: '10.20.0.0/28' }, { cidr: 'fd00:20::/124' }], announce: 'bgp' },
    ],
    l2: { policies: [{ name: 'l2', loadBalancerIPs: true }] },
    reservations: [
      { service: 'web/front', ip: '10.10.1.5', externalTrafficPolicy: 'Local', sharingKey: 'k' },
      { service: 'web/back', ip: '10.10.1.5', sharingKey: 'k' },
      { service: 'web/api', ip: '10.20.0.5' },
      { service: 'web/six', ip: 'fd00:1::105' },
    ],
    bgp: {
      localASN: 65010, advertisePodCIDRs: true,
      peerConfigs: [{ name: 'dual', families: ['ipv4', 'ipv6'] }, { name: 'v4', families: ['ipv4'] }],
      peers: [{ name: 'r', address: '10.10.0.1', asn: 65000, peerConfig: 'dual' }, { name: 'r4', address: '10.10.0.2', asn: 65001, peerConfig: 'v4' }],
    },
  },
};

const BARE: ClusterSpec = {
  name: 'bare', cilium: { version: '1.20.0' },
  k3s: { apiServer: { host: 'fd00:1::11' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' },
  nodes: [{ name: 'cp-1', role: 'server', address: '10.10.0.11/24,fd00:1::11/64' }],
};

describe('PLAN.md word for word', () => {
  it('of a dual-stack cluster with every feature', async () => {
    await expect(planOf(EVERY_FEATURE)).toMatchFileSnapshot('../snapshots/plan/every-feature.md');
  });

  it('of a bare cluster with its API on IPv6: no pool, no L2, no BGP', async () => {
    await expect(planOf(BARE)).toMatchFileSnapshot('../snapshots/plan/bare.md');
  });
});
