/**
 * PLAN.md's "behaviour that depends on the patch release": the "this cluster" column names exactly
 * the pinned Services it is about (Local pins on L2 pools; IPs that two pins on an L2 pool share by
 * one key), by release, so a reader checks the right Services and no others.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, ReservationSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { ciliumBehaviourSection } from '../../src/plan/cilium-behaviour.js';

/** An L2 pool `lan` and a BGP-only pool `routed` (10.20.0.0/28), with `pins`. */
function spec(version: string, pins: ReservationSpec[]): ClusterSpec {
  return {
    name: 'edge', cilium: { version },
    k3s: { apiServer: { host: '10.10.0.11' }, tokenFile: '/t' },
    nodes: [{ name: 'cp-1', role: 'server', address: '10.10.0.11/16' }],
    loadBalancer: {
      pools: [{ name: 'lan', blocks: [{ cidr: '10.10.1.0/28' }] }, { name: 'routed', blocks: [{ cidr: '10.20.0.0/28' }], announce: 'bgp' }],
      l2: { policies: [{ name: 'l2', loadBalancerIPs: true }] },
      bgp: { localASN: 65010, peerConfigs: [{ name: 'tor' }], peers: [{ name: 'r', address: '10.10.0.1', asn: 65000 }] },
      reservations: pins,
    },
  };
}

/** The "this cluster" cell of each row. */
const here = (s: ClusterSpec) => ciliumBehaviourSection(resolveCluster(s))!.split('\n').slice(4).map((row) => row.split(' | ')[2]);

const pin = (service: string, ip: string, more: Partial<ReservationSpec> = {}): ReservationSpec => ({ service, ip, ...more });

describe('externalTrafficPolicy: Local on L2', () => {
  const local = (more: Partial<ReservationSpec> = {}) => ({ externalTrafficPolicy: 'Local' as const, ...more });

  it('names the Local pins on L2 pools, by whether the release honours it', () => {
    const pins = [pin('web/a', '10.10.1.1', local()), pin('web/b', '10.10.1.2'), pin('web/c', '10.20.0.1', local()), pin('web/d', '10.10.1.3', local())];
    expect(here(spec('1.20.0', pins))[0]).toBe('web/a, web/d use Local: a node without an endpoint can take the lease (a warning)');
    expect(here(spec('1.20.2', pins))[0]).toBe('web/a, web/d use Local and are announced only from nodes with an endpoint');
  });

  it('one Local pin in the singular', () => {
    const pins = [pin('web/a', '10.10.1.1', local())];
    expect(here(spec('1.20.0', pins))[0]).toBe('web/a uses Local: a node without an endpoint can take the lease (a warning)');
    expect(here(spec('1.20.2', pins))[0]).toBe('web/a uses Local and is announced only from nodes with an endpoint');
  });

  it('none: a Local pin on a BGP-only pool is not one, nor a pin without Local', () => {
    expect(here(spec('1.20.2', [pin('web/c', '10.20.0.1', local()), pin('web/b', '10.10.1.2')]))[0])
      .toBe('no pinned Service on an L2 pool uses Local');
  });
});

describe('one IP shared over L2', () => {
  const key = (sharingKey: string) => ({ sharingKey });

  it('names each IP two L2 pins share by one key, once', () => {
    const one = [pin('web/a', '10.10.1.1', key('k')), pin('web/b', '10.10.1.1', key('k'))];
    expect(here(spec('1.20.0', one))[1]).toBe('10.10.1.1 is shared over L2: two nodes can answer for it (a warning)');
    const two = [...one, pin('web/c', '10.10.1.2', key('j')), pin('web/d', '10.10.1.2', key('j'))];
    expect(here(spec('1.20.0', two))[1]).toBe('10.10.1.1, 10.10.1.2 are shared over L2: two nodes can answer for each (a warning)');
  });

  it('not shared: one pin with a key, one key on two IPs, two keys on one IP, no key, a BGP-only pool', () => {
    const none = 'no IP on an L2 pool is shared by pinned Services';
    expect(here(spec('1.20.0', [pin('web/a', '10.10.1.1', key('k'))]))[1]).toBe(none);
    expect(here(spec('1.20.0', [pin('web/a', '10.10.1.1', key('k')), pin('web/b', '10.10.1.2', key('k'))]))[1]).toBe(none);
    expect(here(spec('1.20.0', [pin('web/a', '10.10.1.1', key('k')), pin('web/b', '10.10.1.1', key('j'))]))[1]).toBe(none);
    expect(here(spec('1.20.0', [pin('web/a', '10.10.1.1'), pin('web/b', '10.10.1.1')]))[1]).toBe(none);
    expect(here(spec('1.20.0', [pin('web/a', '10.20.0.1', key('k')), pin('web/b', '10.20.0.1', key('k'))]))[1]).toBe(none);
  });
});

it('no section without L2', () => {
  const s = spec('1.20.0', []);
  delete s.loadBalancer!.l2;
  expect(ciliumBehaviourSection(resolveCluster(s))).toBeUndefined();
});
