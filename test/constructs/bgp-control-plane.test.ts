/**
 * BgpControlPlane used alone, object by object: every optional prop rendered when set (and only
 * its own field), nothing of it when unset, so a dropped session setting or an empty list of peers
 * shows here and not first on the wire. The cluster file's path to these props is
 * src/model/resolve/props.ts's bgpProps; test/routers and test/upstream check what real daemons
 * and the CRD schemas make of the result.
 */
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BgpControlPlane, type BgpControlPlaneProps } from '../../constructs/index.js';

const labels = { 'k3s-cilium-cdk8s/bgp': 'lab' };

/** Every prop set: two peers, both families, a node selector, every session setting, pod CIDRs, two node overrides. */
const full: BgpControlPlaneProps = {
  clusterConfig: {
    name: 'lab', instanceName: 'lab', localASN: 64512, nodeSelector: { matchLabels: { rack: 'r1' } },
    peers: [
      { name: 'tor-a', address: '10.10.0.1', asn: 64513, peerConfig: 'tor' },
      { name: 'tor-b', address: 'fd00:10::1', asn: 0, peerConfig: 'tor-v6' },
    ],
  },
  peerConfigs: [
    {
      name: 'tor', families: ['ipv4', 'ipv6'], advertisementLabels: labels, authSecretRef: 'tor-password', ebgpMultihop: 3,
      timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3 }, gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
    },
    { name: 'tor-v6', families: ['ipv6'], advertisementLabels: labels },
  ],
  poolAdvertisements: [{ name: 'lab-pool-a', labels, serviceSelector: { matchLabels: { tier: 'web' } } }],
  podCidrAdvertisement: { name: 'lab-pod-cidrs', labels },
  nodeOverrides: [
    { nodeName: 'worker-1', instanceName: 'lab', routerID: '10.255.0.21', peers: [{ name: 'tor-a', localAddress: '10.10.0.21' }] },
    { nodeName: 'worker-2', instanceName: 'lab', peers: [] },
  ],
};

/** The chart's objects as `kind/name` → the object without apiVersion and kind. */
function render(props: BgpControlPlaneProps): Record<string, any> {
  const chart = new Chart(Testing.app(), 'bgp');
  new BgpControlPlane(chart, 'bgp', props);
  return Object.fromEntries(chart.toJson().map(({ apiVersion, kind, ...rest }: any) => {
    expect(apiVersion, `${kind}/${rest.metadata.name}`).toBe('cilium.io/v2');
    return [`${kind}/${rest.metadata.name}`, rest];
  }));
}

describe('BgpControlPlane', () => {
  it('renders every prop that is set into its own field', () => {
    expect(render(full)).toEqual({
      'CiliumBGPClusterConfig/lab': {
        metadata: { name: 'lab' },
        spec: {
          nodeSelector: { matchLabels: { rack: 'r1' } },
          bgpInstances: [{
            name: 'lab', localASN: 64512,
            peers: [
              { name: 'tor-a', peerAddress: '10.10.0.1', peerASN: 64513, peerConfigRef: { name: 'tor' } },
              { name: 'tor-b', peerAddress: 'fd00:10::1', peerASN: 0, peerConfigRef: { name: 'tor-v6' } },
            ],
          }],
        },
      },
      'CiliumBGPPeerConfig/tor': {
        metadata: { name: 'tor' },
        spec: {
          authSecretRef: 'tor-password',
          ebgpMultihop: 3,
          families: [
            { afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: labels } },
            { afi: 'ipv6', safi: 'unicast', advertisements: { matchLabels: labels } },
          ],
          gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
          timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
        },
      },
      'CiliumBGPPeerConfig/tor-v6': {
        metadata: { name: 'tor-v6' },
        spec: { families: [{ afi: 'ipv6', safi: 'unicast', advertisements: { matchLabels: labels } }] },
      },
      'CiliumBGPAdvertisement/lab-pool-a': {
        metadata: { name: 'lab-pool-a', labels },
        spec: {
          advertisements: [{
            advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'] }, selector: { matchLabels: { tier: 'web' } },
          }],
        },
      },
      'CiliumBGPAdvertisement/lab-pod-cidrs': {
        metadata: { name: 'lab-pod-cidrs', labels },
        spec: { advertisements: [{ advertisementType: 'PodCIDR' }] },
      },
      'CiliumBGPNodeConfigOverride/worker-1': {
        metadata: { name: 'worker-1' },
        spec: { bgpInstances: [{ name: 'lab', routerID: '10.255.0.21', peers: [{ name: 'tor-a', localAddress: '10.10.0.21' }] }] },
      },
      // No peers: no `peers` key (an empty list would be written as one), the instance still named.
      'CiliumBGPNodeConfigOverride/worker-2': {
        metadata: { name: 'worker-2' },
        spec: { bgpInstances: [{ name: 'lab' }] },
      },
    });
  });

  it('renders nothing of an unset prop: every node, Cilium\'s session defaults, no pod CIDRs, no advertisement, no override', () => {
    const bare: BgpControlPlaneProps = {
      clusterConfig: { name: 'lab', instanceName: 'lab', localASN: 65000, peers: [{ name: 'r', address: '192.168.1.1', asn: 65001, peerConfig: 'r' }] },
      peerConfigs: [{ name: 'r', families: ['ipv4'], advertisementLabels: labels }],
      poolAdvertisements: [],
      nodeOverrides: [],
    };
    expect(render(bare)).toEqual({
      'CiliumBGPClusterConfig/lab': {
        metadata: { name: 'lab' },
        spec: { bgpInstances: [{ name: 'lab', localASN: 65000, peers: [{ name: 'r', peerAddress: '192.168.1.1', peerASN: 65001, peerConfigRef: { name: 'r' } }] }] },
      },
      'CiliumBGPPeerConfig/r': {
        metadata: { name: 'r' },
        spec: { families: [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: labels } }] },
      },
    });
  });

  it('copies the props it renders: changing them after construction changes nothing', () => {
    const peerLabels = { ...labels };
    const timers = { holdTimeSeconds: 9 };
    const chart = new Chart(Testing.app(), 'bgp');
    new BgpControlPlane(chart, 'bgp', {
      ...full, peerConfigs: [{ name: 'tor', families: ['ipv4'], advertisementLabels: peerLabels, timers }],
      poolAdvertisements: [], podCidrAdvertisement: { name: 'pods', labels: peerLabels }, nodeOverrides: [],
    });
    peerLabels['k3s-cilium-cdk8s/bgp'] = 'other';
    timers.holdTimeSeconds = 90;
    const objects = chart.toJson();
    expect(objects.find((o: any) => o.kind === 'CiliumBGPPeerConfig').spec).toMatchObject({
      families: [{ advertisements: { matchLabels: labels } }], timers: { holdTimeSeconds: 9 },
    });
    expect(objects.find((o: any) => o.kind === 'CiliumBGPAdvertisement').metadata.labels).toEqual(labels);
  });
});
