/**
 * Whether a pool is announced, at the edge of "some L2 policy serves it" (none, one), and the BGP
 * node override at the edge of its peer list (none, one), through the resolver, PLAN.md, the
 * rate-limit arithmetic and the rendered objects.
 */
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BgpNodeConfigOverride } from '../../constructs/bgp-node-config-override.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { docs, loadValidText, renderLoaded } from '../helpers.js';
import { specOf } from './paths.js';

function homelab(policySelector?: object) {
  const s = specOf('test/fixtures/clusters/homelab.yaml');
  if (policySelector) s.loadBalancer.l2.policies[0].serviceSelector = policySelector;
  return s;
}

describe('a pool no L2 policy serves is not announced', () => {
  it('served by one policy: announced, counted; served by none: neither', () => {
    const all = resolveCluster(homelab());
    expect(all.pools.map((p) => [p.name, p.l2, p.servingPolicies.length])).toEqual([['default-pool', true, 1], ['critical', true, 1]]);
    expect(all.rateLimit.poolAddresses).toBe(20n);

    // The only policy serves tier=gold Services: the critical pool (tier=critical) has no policy.
    const gold = resolveCluster(homelab({ matchLabels: { tier: 'gold' } }));
    expect(gold.pools.map((p) => [p.name, p.l2, p.servingPolicies.length])).toEqual([['default-pool', true, 1], ['critical', false, 0]]);
    expect(gold.rateLimit.poolAddresses).toBe(16n);
  });

  it('PLAN.md says so', () => {
    const plan = renderLoaded(loadValidText('c.yaml', stringify(homelab({ matchLabels: { tier: 'gold' } })))).get('PLAN.md')!;
    const row = plan.split('\n').find((l) => l.startsWith('| critical'))!;
    expect(row).toContain('not announced (no L2 policy serves it)');
    expect(plan.split('\n').find((l) => l.startsWith('| default-pool'))).toContain('L2 via default-policy');
  });

  it('announce: bgp keeps a served pool off L2', () => {
    const s = specOf('examples/bgp-tor.yaml');
    s.loadBalancer.l2 = { policies: [{ name: 'all', interfaces: ['^eth0$'], loadBalancerIPs: true }] };
    s.loadBalancer.pools[0].announce = 'bgp';
    const c = resolveCluster(s);
    expect(c.pools.map((p) => [p.name, p.l2])).toEqual([['services', false], ['public', true]]);
  });
});

describe('BGP node overrides carry their peers', () => {
  const render = (peers: { name: string; localAddress: string }[]) => {
    const chart = Testing.chart();
    new BgpNodeConfigOverride(chart, 'o', { nodeName: 'worker-2', instanceName: 'instance-65010', peers });
    return Testing.synth(chart)[0].spec.bgpInstances[0];
  };
  it('one peer, two peers, none', () => {
    expect(render([{ name: 'tor-a', localAddress: '10.10.0.22' }]).peers).toEqual([{ name: 'tor-a', localAddress: '10.10.0.22' }]);
    expect(render([{ name: 'tor-a', localAddress: '10.10.0.22' }, { name: 'tor-b', localAddress: '10.10.0.22' }]).peers).toHaveLength(2);
    expect(render([])).not.toHaveProperty('peers');
  });

  it('a cluster with one peer renders the override of a node with a local address with that peer', () => {
    const s = specOf('examples/bgp-tor.yaml');
    s.loadBalancer.bgp.peers = [s.loadBalancer.bgp.peers[0]];
    const out = renderLoaded(loadValidText('c.yaml', stringify(s)));
    const overrides = [...out.values()].flatMap((text) => {
      try {
        return docs(text).filter((d) => d?.kind === 'CiliumBGPNodeConfigOverride');
      } catch {
        return [];
      }
    });
    expect(overrides).toHaveLength(1);
    expect(overrides[0].metadata.name).toBe('worker-2');
    expect(overrides[0].spec.bgpInstances[0].peers).toEqual([{ name: 'tor-a', localAddress: '10.10.0.22' }]);
  });
});
