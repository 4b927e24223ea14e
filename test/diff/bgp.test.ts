/**
 * BGP in a review, by class: turned on and off, the local AS, a node's router ID and local address,
 * a peer's address, ASN and session settings (grouped when peers share them; a default written out
 * is no change), peers and speakers added and removed (one and several), and pod CIDRs. Every reset
 * or loss of a running session is breaking, which `diff --fail-on breaking` acts on.
 */
import { describe, expect, it } from 'vitest';
import { bgpChanges } from '../../src/diff/bgp.js';
import { HOMELAB } from '../helpers.js';
import { comparerLines, type Edit } from './edit.js';

/** bgp-tor: speakers server-1..3, worker-1, worker-2 (rack r1); peers tor-a 10.10.0.2, tor-b 10.10.0.3 (AS 65000), one peer config `tor`. */
const TOR = 'test/fixtures/examples/bgp-tor.yaml';
const ALL = '`server-1`, `server-2`, `server-3`, `worker-1`, `worker-2`';
/** The BGP changes from bgp-tor (with `base` edits) to bgp-tor with `head` edits. */
const bgp = (head: Edit[], base: Edit[] = []) => comparerLines(bgpChanges, TOR, base, head);

const noBgp: Edit = (s) => {
  delete s.loadBalancer.bgp;
};
const peer = (i: number, fields: object): Edit => (s) => Object.assign(s.loadBalancer.bgp.peers[i], fields);
const tor = (fields: object): Edit => (s) => Object.assign(s.loadBalancer.bgp.peerConfigs[0], fields);
const rack = (node: number, value: string): Edit => (s) => {
  s.nodes[node].labels.rack = value;
};
const nodeBgp = (node: number, value: object): Edit => (s) => {
  s.nodes[node].bgp = value;
};
const addPeer = (name: string, address: string, more: object = {}): Edit => (s) => s.loadBalancer.bgp.peers.push({ name, address, asn: 65000, ...more });
const dropPeer = (i: number): Edit => (s) => s.loadBalancer.bgp.peers.splice(i, 1);
const bgpField = (fields: object): Edit => (s) => Object.assign(s.loadBalancer.bgp, fields);

describe('BGP as a whole', () => {
  it('turned off is breaking, turned on is safe, absent on both sides is nothing', () => {
    expect(bgp([noBgp])).toEqual(['breaking: BGP is turned off: every session closes and every advertised route is withdrawn.']);
    expect(bgp([], [noBgp])).toEqual(['safe: BGP is turned on: AS 65010 peering with `tor-a`, `tor-b`.']);
    expect(comparerLines(bgpChanges, HOMELAB, [], [])).toEqual([]);
    expect(bgp([])).toEqual([]);
  });

  it('the local AS: every session resets, on the nodes that speak on both sides', () => {
    expect(bgp([bgpField({ localASN: 65011 }), rack(4, 'r2')])).toEqual([
      'breaking: The local AS changes from 65010 to 65011: Cilium recreates the BGP instance of `server-1`, `server-2`, `server-3`, `worker-1`, '
        + 'so every session to `tor-a`, `tor-b` resets, and the routers must expect AS 65011.',
      'breaking: `worker-2` stops speaking BGP: its sessions close and routes through it are withdrawn.',
    ]);
    // No node speaks on both sides.
    expect(bgp([bgpField({ localASN: 65011, nodeSelector: { matchLabels: { rack: 'r9' } } })])[0]).toBe(
      'breaking: The local AS changes from 65010 to 65011: Cilium recreates the BGP instance of every speaking node, '
        + 'so every session to `tor-a`, `tor-b` resets, and the routers must expect AS 65011.',
    );
  });
});

describe('a node\'s sessions', () => {
  it('a router ID changed, set or unset resets every session of that node, and says nothing more of it', () => {
    const reset = (node: string, from: string, to: string) => `breaking: The BGP router ID of \`${node}\` changes (${from} → ${to}): `
      + 'Cilium recreates the node\'s BGP instance, so its sessions to `tor-a`, `tor-b` reset.';
    // The local address changes too: the instance is recreated anyway, so no second line.
    expect(bgp([nodeBgp(4, { routerID: '10.255.0.23', localAddresses: ['10.10.0.32'] })])).toEqual([reset('worker-2', '10.255.0.22', '10.255.0.23')]);
    expect(bgp([nodeBgp(3, { routerID: '10.255.0.21' })])).toEqual([reset('worker-1', "Cilium's choice", '10.255.0.21')]);
    expect(bgp([nodeBgp(4, { localAddresses: ['10.10.0.22'] })])).toEqual([reset('worker-2', '10.255.0.22', "Cilium's choice")]);
  });

  it('a local address changed resets that node\'s sessions to the peers kept, one or several', () => {
    expect(bgp([nodeBgp(4, { routerID: '10.255.0.22', localAddresses: ['10.10.0.32'] })])).toEqual([
      'breaking: The BGP local address of `worker-2` changes: its sessions to `tor-a`, `tor-b` reset'
        + ' and must come up from the new address (a router that names its neighbours by address must be told).'
        + '\n  `tor-a`: 10.10.0.22 → 10.10.0.32\n  `tor-b`: 10.10.0.22 → 10.10.0.32',
    ]);
    // A new peer's session is new, not reset; a removed one is closed, not reset.
    expect(bgp([nodeBgp(4, { routerID: '10.255.0.22', localAddresses: ['10.10.0.32'] }), dropPeer(1), addPeer('tor-c', '10.10.0.4')])).toEqual([
      'breaking: The BGP local address of `worker-2` changes: its session to `tor-a` reset'
        + ' and must come up from the new address (a router that names its neighbours by address must be told).'
        + '\n  `tor-a`: 10.10.0.22 → 10.10.0.32',
      'breaking: The session to peer `tor-b` (10.10.0.3, AS 65000) is removed: its routes to the cluster are withdrawn.',
      'safe: New BGP peer `tor-c (10.10.0.4, AS 65000)`.',
    ]);
    // A local address given to a node that had none.
    expect(bgp([nodeBgp(3, { localAddresses: ['10.10.0.21'] })])).toEqual([
      'breaking: The BGP local address of `worker-1` changes: its sessions to `tor-a`, `tor-b` reset'
        + ' and must come up from the new address (a router that names its neighbours by address must be told).'
        + '\n  `tor-a`: from the route to the peer → 10.10.0.21\n  `tor-b`: from the route to the peer → 10.10.0.21',
    ]);
  });

  it('a node that starts speaking is not reset', () => {
    expect(bgp([nodeBgp(4, { routerID: '10.255.0.23' })], [rack(4, 'r2')])).toEqual(['safe: `worker-2` starts speaking BGP.']);
  });
});

describe('peers', () => {
  const on = ` on ${ALL}`;
  it('an address or ASN changed closes the sessions to that peer', () => {
    expect(bgp([peer(0, { address: '10.10.0.4' })])).toEqual([
      `breaking: Peer \`tor-a\` changes (address 10.10.0.2 → 10.10.0.4): its sessions${on} close and new ones must come up.`,
    ]);
    expect(bgp([peer(1, { asn: 65001 })])).toEqual([`breaking: Peer \`tor-b\` changes (AS 65000 → 65001): its sessions${on} close and new ones must come up.`]);
    // With the session settings changed too: one line, the address and ASN.
    expect(bgp([peer(0, { address: '10.10.0.4', asn: 65001 }), tor({ ebgpMultihop: 2 }), dropPeer(1)])).toEqual([
      `breaking: Peer \`tor-a\` changes (address 10.10.0.2 → 10.10.0.4, AS 65000 → 65001): its sessions${on} close and new ones must come up.`,
      'breaking: The session to peer `tor-b` (10.10.0.3, AS 65000) is removed: its routes to the cluster are withdrawn.',
    ]);
  });

  it('session settings, grouped by the peers that share them', () => {
    expect(bgp([tor({ timers: { holdTimeSeconds: 12, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5 } })])).toEqual([
      `breaking: The session settings of peers \`tor-a\`, \`tor-b\` change: their sessions${on} reset.\n  timers.holdTimeSeconds: 9 → 12`,
    ]);
    // One peer moves to a config of its own: only its sessions reset.
    const own: Edit = (s) => {
      s.loadBalancer.bgp.peerConfigs.push({ name: 'tor-b', authSecretRef: 'tor-b-password', ebgpMultihop: 2 });
      s.loadBalancer.bgp.peers[0].peerConfig = 'tor';
      s.loadBalancer.bgp.peers[1].peerConfig = 'tor-b';
    };
    expect(bgp([own])).toEqual([
      `breaking: The session settings of peer \`tor-b\` change: its sessions${on} reset.`
        + '\n  peer config: tor → tor-b\n  authSecretRef: bgp-tor-password → tor-b-password\n  ebgpMultihop: unset → 2'
        + '\n  gracefulRestart.enabled: true → unset\n  gracefulRestart.restartTimeSeconds: 120 → unset\n  timers.connectRetryTimeSeconds: 5 → 120\n  timers.holdTimeSeconds: 9 → 90\n  timers.keepAliveTimeSeconds: 3 → 30',
    ]);
    // Two peers whose settings change differently: a line each.
    const split: Edit = (s) => {
      s.loadBalancer.bgp.peerConfigs = [{ name: 'a', ebgpMultihop: 2 }, { name: 'b', ebgpMultihop: 3 }];
      s.loadBalancer.bgp.peers[0].peerConfig = 'a';
      s.loadBalancer.bgp.peers[1].peerConfig = 'b';
    };
    const twoConfigs: Edit = (s) => {
      s.loadBalancer.bgp.peerConfigs = [{ name: 'a' }, { name: 'b' }];
      s.loadBalancer.bgp.peers[0].peerConfig = 'a';
      s.loadBalancer.bgp.peers[1].peerConfig = 'b';
    };
    // The same change in two configs: still a line per config.
    const bothTwo: Edit = (s) => {
      s.loadBalancer.bgp.peerConfigs = [{ name: 'a', ebgpMultihop: 2 }, { name: 'b', ebgpMultihop: 2 }];
      s.loadBalancer.bgp.peers[0].peerConfig = 'a';
      s.loadBalancer.bgp.peers[1].peerConfig = 'b';
    };
    expect(bgp([bothTwo], [twoConfigs])).toEqual([
      `breaking: The session settings of peer \`tor-a\` change: its sessions${on} reset.\n  ebgpMultihop: unset → 2`,
      `breaking: The session settings of peer \`tor-b\` change: its sessions${on} reset.\n  ebgpMultihop: unset → 2`,
    ]);
    expect(bgp([split], [twoConfigs])).toEqual([
      `breaking: The session settings of peer \`tor-a\` change: its sessions${on} reset.\n  ebgpMultihop: unset → 2`,
      `breaking: The session settings of peer \`tor-b\` change: its sessions${on} reset.\n  ebgpMultihop: unset → 3`,
    ]);
  });

  it('graceful restart: its time counts only while it is enabled; families as negotiated', () => {
    expect(bgp([tor({ gracefulRestart: { enabled: false, restartTimeSeconds: 120 } })])).toEqual([
      `breaking: The session settings of peers \`tor-a\`, \`tor-b\` change: their sessions${on} reset.`
        + '\n  gracefulRestart.enabled: true → false\n  gracefulRestart.restartTimeSeconds: 120 → unset',
    ]);
    expect(bgp([tor({ gracefulRestart: { enabled: true } })])).toEqual([]);
    expect(bgp([tor({ gracefulRestart: { enabled: true, restartTimeSeconds: 60 } })])[0]).toContain('\n  gracefulRestart.restartTimeSeconds: 120 → 60');
    expect(bgp([tor({ families: ['ipv4'] })])).toEqual([]);
    expect(bgp([tor({ families: ['ipv4', 'ipv6'] })])).toEqual([
      `breaking: The session settings of peers \`tor-a\`, \`tor-b\` change: their sessions${on} reset.`
        + '\n  families: ipv4 → ipv4, ipv6',
    ]);
  });

  it('a default written out, or a timer at the default left out, changes nothing on the wire', () => {
    const defaults: Edit = (s) => {
      s.loadBalancer.bgp.peerConfigs = [{ name: 'tor' }];
    };
    const written: Edit = (s) => {
      s.loadBalancer.bgp.peerConfigs = [{ name: 'tor', timers: { holdTimeSeconds: 90, keepAliveTimeSeconds: 30, connectRetryTimeSeconds: 120 } }];
    };
    expect(bgp([written], [defaults])).toEqual([]);
    expect(bgp([defaults], [written])).toEqual([]);
    expect(bgp([tor({ timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3 } })])).toEqual([
      `breaking: The session settings of peers \`tor-a\`, \`tor-b\` change: their sessions${on} reset.\n  timers.connectRetryTimeSeconds: 5 → 120`,
    ]);
  });

  it('with no node speaking on both sides, the sessions are named without nodes', () => {
    expect(bgp([peer(0, { address: '10.10.0.4' }), bgpField({ nodeSelector: { matchLabels: { rack: 'r9' } } })])[0]).toBe(
      'breaking: Peer `tor-a` changes (address 10.10.0.2 → 10.10.0.4): its sessions close and new ones must come up.',
    );
  });

  it('peers removed and added, one and several', () => {
    expect(bgp([dropPeer(0)])).toEqual(['breaking: The session to peer `tor-a` (10.10.0.2, AS 65000) is removed: its routes to the cluster are withdrawn.']);
    expect(bgp([addPeer('tor-c', '10.10.0.4'), addPeer('tor-d', '10.10.0.5', { asn: 65001 })])).toEqual([
      'safe: New BGP peers `tor-c (10.10.0.4, AS 65000)`, `tor-d (10.10.0.5, AS 65001)`.',
    ]);
  });
});

describe('speakers and pod CIDRs', () => {
  it('nodes that stop speaking are breaking, nodes that start are safe, one and several', () => {
    expect(bgp([rack(3, 'r2'), rack(4, 'r2')])).toEqual([
      'breaking: `worker-1`, `worker-2` stop speaking BGP: their sessions close and routes through them are withdrawn.',
    ]);
    expect(bgp([], [rack(3, 'r2'), rack(4, 'r2')])).toEqual(['safe: `worker-1`, `worker-2` start speaking BGP.']);
    expect(bgp([rack(3, 'r2')], [rack(4, 'r2')])).toEqual([
      'breaking: `worker-1` stops speaking BGP: its sessions close and routes through it are withdrawn.',
      'safe: `worker-2` starts speaking BGP.',
    ]);
  });

  it('pod CIDRs no longer advertised is breaking; advertised again is safe', () => {
    expect(bgp([bgpField({ advertisePodCIDRs: false })])).toEqual(['breaking: Pod CIDRs are no longer advertised: the network loses its routes to pods.']);
    expect(bgp([], [bgpField({ advertisePodCIDRs: false })])).toEqual(['safe: Pod CIDRs are advertised over BGP.']);
  });
});
