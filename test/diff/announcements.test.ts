/**
 * Who answers for a pool in a review, by class. L2: a pool no longer announced, announcers that move
 * (one and several stop, with and without others starting), announcers added; each node and
 * interface named once, sorted, whatever policies name it. BGP: a pool no longer advertised, its
 * advertisement shrinking (peers, speaking nodes, both), and advertised anew or to more peers. What
 * stops answering or advertising is breaking; what starts is safe.
 */
import { describe, expect, it } from 'vitest';
import { announcementChanges } from '../../src/diff/announcements.js';
import { comparerLines, type Edit } from './edit.js';

/** ha-l2: pool `services`, policy `agents` on ^eth[0-9]+ of nodes labelled l2-announcer=true (worker-1, worker-2). */
const HA = 'test/fixtures/examples/ha-l2.yaml';
/** bgp-tor: pools `services` and `public`, peers tor-a and tor-b, five speakers. */
const TOR = 'test/fixtures/examples/bgp-tor.yaml';

const l2 = (base: Edit[], head: Edit[]) => comparerLines(announcementChanges, HA, base, head);
const bgp = (base: Edit[], head: Edit[]) => comparerLines(announcementChanges, TOR, base, head);
const announcer = (node: number, on: boolean): Edit => (s) => {
  s.nodes[node].labels = { ...s.nodes[node].labels, 'l2-announcer': String(on) };
};
const secondPolicy = (nodeSelector: object): Edit => (s) => s.loadBalancer.l2.policies.push({
  name: 'second', interfaces: ['^eth[0-9]+'], loadBalancerIPs: true, nodeSelector,
});

describe('L2', () => {
  it('announcers that stop, with others starting or not, are breaking; singular and plural', () => {
    const moves = (text: string) => `breaking: L2 announcements of pool \`services\` move: ${text}; addresses held there fail over to another lease holder.`;
    expect(l2([], [announcer(4, false), announcer(0, true)])).toEqual([moves('`worker-2 (eth0)` stops answering, `server-1 (eth0)` starts')]);
    expect(l2([], [announcer(3, false), announcer(4, false), announcer(0, true)])).toEqual([
      moves('`worker-1 (eth0)`, `worker-2 (eth0)` stop answering, `server-1 (eth0)` starts'),
    ]);
    expect(l2([], [announcer(4, false), announcer(0, true), announcer(1, true)])).toEqual([
      moves('`worker-2 (eth0)` stops answering, `server-1 (eth0)`, `server-2 (eth0)` start'),
    ]);
    expect(l2([announcer(0, true)], [announcer(0, false)])).toEqual([moves('`server-1 (eth0)` stops answering')]);
  });

  it('a pool no longer announced at all, named with every announcer it had', () => {
    const gone = 'breaking: Pool `services` is no longer announced over L2 (was: `worker-1 (eth0)`, `worker-2 (eth0)`): its addresses stop answering ARP/NDP.';
    expect(l2([], [announcer(3, false), announcer(4, false)])).toEqual([gone]);
    // A pool marked BGP-only is not announced over L2, whatever policies could serve it.
    expect(l2([], [(s) => {
      s.loadBalancer.pools[0].announce = 'bgp';
    }])).toEqual([gone]);
    // Two policies that name the same nodes: each node and interface once; sorted though the policies list worker-2 first.
    const split: Edit[] = [announcer(3, false), secondPolicy({ matchLabels: { 'kubernetes.io/hostname': 'worker-1' } })];
    expect(comparerLines(announcementChanges, HA, [...split, secondPolicy({ matchLabels: { 'l2-announcer': 'true' } })], [
      (s) => {
        s.loadBalancer.l2.policies = [];
      },
    ])).toEqual([gone]);
    expect(l2(split, [(s) => {
      s.loadBalancer.l2.policies = [];
    }])).toEqual([gone]);
  });

  it('announcers that start, on a pool announced before or not, are safe', () => {
    expect(l2([], [announcer(0, true)])).toEqual(['safe: Pool `services` is also announced over L2 from `server-1 (eth0)`.']);
    expect(l2([announcer(3, false), announcer(4, false)], [announcer(4, false), announcer(0, true)])).toEqual([
      'safe: Pool `services` is also announced over L2 from `server-1 (eth0)`, `worker-1 (eth0)`.',
    ]);
  });

  it('a removed pool is the pool comparer\'s; an unchanged one says nothing', () => {
    expect(l2([], [(s) => {
      s.loadBalancer.pools = [];
    }])).toEqual([]);
    expect(l2([], [])).toEqual([]);
  });
});

describe('BGP', () => {
  const announce = (pool: number, how: string): Edit => (s) => {
    s.loadBalancer.pools[pool].announce = how;
  };
  const rack = (node: number): Edit => (s) => {
    s.nodes[node].labels.rack = 'r2';
  };
  /** tor-b negotiates IPv6 only, so it carries none of the (IPv4) pools. */
  const ipv6Only: Edit = (s) => {
    s.loadBalancer.bgp.peerConfigs.push({ name: 'v6', families: ['ipv6'] });
    s.loadBalancer.bgp.peers[0].peerConfig = 'tor';
    s.loadBalancer.bgp.peers[1].peerConfig = 'v6';
  };

  it('a pool no longer advertised withdraws its routes from every peer', () => {
    expect(bgp([], [announce(1, 'l2')])).toEqual([
      'breaking: Pool `public` is no longer advertised over BGP: its routes are withdrawn from `tor-a`, `tor-b`.',
    ]);
  });

  it('an advertisement that shrinks: peers, speaking nodes, both; singular and plural', () => {
    const shrinks = (pool: string, text: string) => `breaking: BGP advertisement of pool \`${pool}\` shrinks: ${text}.`;
    expect(bgp([], [ipv6Only])).toEqual([shrinks('services', '`tor-b` no longer receives its routes'), shrinks('public', '`tor-b` no longer receives its routes')]);
    expect(bgp([], [rack(4)])[0]).toBe(shrinks('services', '`worker-2` no longer advertises it'));
    expect(bgp([], [rack(3), rack(4)])[0]).toBe(shrinks('services', '`worker-1`, `worker-2` no longer advertise it'));
    expect(bgp([], [ipv6Only, rack(4)])[0]).toBe(shrinks('services', '`tor-b` no longer receives its routes; `worker-2` no longer advertises it'));
    const third: Edit = (s) => s.loadBalancer.bgp.peers.push({ name: 'tor-c', address: '10.10.0.4', asn: 65000 });
    expect(bgp([third], [])[0]).toBe(shrinks('services', '`tor-c` no longer receives its routes'));
    expect(bgp([third], [ipv6Only])[0]).toBe(shrinks('services', '`tor-b`, `tor-c` no longer receive its routes'));
  });

  it('a pool advertised anew, or to more peers, is safe; nodes that start speaking are the BGP comparer\'s', () => {
    expect(bgp([announce(1, 'l2')], [])).toEqual(['safe: Pool `public` is advertised over BGP to `tor-a`, `tor-b`.']);
    expect(bgp([ipv6Only], [])).toEqual([
      'safe: Pool `services` is advertised over BGP to `tor-a`, `tor-b`.',
      'safe: Pool `public` is advertised over BGP to `tor-a`, `tor-b`.',
    ]);
    expect(bgp([rack(4)], [])).toEqual([]);
    expect(bgp([], [])).toEqual([]);
  });
});
