/**
 * BGP sessions, derived from the model: every speaking node holds one session per peer, and a
 * session resets when anything its two ends negotiate or connect with changes. Cilium's BGP v2
 * reconcilers (pkg/bgpv1/manager/reconcilerv2/neighbor.go, pkg/bgpv1/manager/instance) recreate a
 * node's BGP instance when its router ID or local ASN changes (every session on the node resets),
 * and remove and re-add a neighbour when its address, ASN, local (transport) address or peer config
 * (families, timers, password, multihop, graceful restart, transport) changes (GoBGP then opens a new
 * session). A removed peer or speaker closes sessions and withdraws routes.
 */
import type { ResolvedBgp, ResolvedBgpPeer, ResolvedBgpPeerConfig, ResolvedCluster, ResolvedNode } from '../model/resolved.js';
import type { Change } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

const list = (items: readonly string[]) => items.map(code).join(', ');
const nodesOf = (bgp: ResolvedBgp) => bgp.speakers.map((n) => n.name);
const show = (v: unknown) => (v === undefined ? 'unset' : typeof v === 'string' ? v : JSON.stringify(v));

/** Leaf settings of an object, `a.b` → value; lists are one value. */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/**
 * What a peer config puts on the wire: every field as written (whatever fields the spec grows), and
 * the families, timers and graceful-restart time as they take effect (a default written out changes nothing on the wire).
 */
function peerConfigSettings(c: ResolvedBgpPeerConfig | undefined): Map<string, unknown> {
  if (!c) return new Map();
  const { name: _name, ...written } = c.spec;
  const out = leaves(written, '', new Map());
  out.set('families', c.families.join(', '));
  out.set('timers.holdTimeSeconds', c.holdTimeSeconds);
  out.set('timers.keepAliveTimeSeconds', c.keepAliveTimeSeconds);
  out.set('timers.connectRetryTimeSeconds', c.connectRetryTimeSeconds);
  if (c.gracefulRestart?.enabled) out.set('gracefulRestart.restartTimeSeconds', c.restartTimeSeconds);
  else out.delete('gracefulRestart.restartTimeSeconds');
  return out;
}

/** `setting: old → new` of every setting that differs. */
function settingChanges(was: Map<string, unknown>, is: Map<string, unknown>): string[] {
  return [...new Set([...was.keys(), ...is.keys()])].sort()
    .filter((k) => JSON.stringify(was.get(k)) !== JSON.stringify(is.get(k)))
    .map((k) => `${k}: ${show(was.get(k))} → ${show(is.get(k))}`);
}

/** A node's router ID and, per peer, the local address its session starts from. */
function nodeSettings(bgp: ResolvedBgp, node: ResolvedNode): { routerID: string; local: Map<string, string> } {
  const override = bgp.nodeOverrides.find((o) => o.node.name === node.name);
  return {
    routerID: override?.routerID ?? "Cilium's choice",
    local: new Map(bgp.peers.map((p) => [p.name, override?.peers.find((x) => x.name === p.name)?.localAddress ?? 'from the route to the peer'])),
  };
}

/** Resets of the sessions of nodes that speak on both sides: router ID and local addresses. */
function nodeResets(was: ResolvedBgp, is: ResolvedBgp): Change[] {
  const out: Change[] = [];
  for (const node of is.speakers) {
    if (!was.speakers.some((n) => n.name === node.name)) continue;
    const old = was.speakers.find((n) => n.name === node.name)!;
    const [a, b] = [nodeSettings(was, old), nodeSettings(is, node)];
    const kept = is.peers.filter((p) => was.peers.some((q) => q.name === p.name));
    if (a.routerID !== b.routerID) {
      out.push({
        level: 'breaking', topics: ['bgp'],
        text: `The BGP router ID of ${code(node.name)} changes (${a.routerID} → ${b.routerID}): Cilium recreates the node's BGP instance, `
          + `so its sessions to ${list(is.peers.map((p) => p.name))} reset.`,
      });
      continue;
    }
    const moved = kept.filter((p) => a.local.get(p.name) !== b.local.get(p.name));
    if (moved.length) {
      out.push({
        level: 'breaking', topics: ['bgp'],
        text: `The BGP local address of ${code(node.name)} changes: its session${moved.length === 1 ? '' : 's'} to ${list(moved.map((p) => p.name))} reset`
          + ` and must come up from the new address (a router that names its neighbours by address must be told).`,
        details: moved.map((p) => `${code(p.name)}: ${a.local.get(p.name)} → ${b.local.get(p.name)}`),
      });
    }
  }
  return out;
}

/** Resets of sessions to peers kept on both sides: address, ASN, peer config. */
function peerResets(was: ResolvedBgp, is: ResolvedBgp, nodes: string[]): Change[] {
  const out: Change[] = [];
  const on = nodes.length ? ` on ${list(nodes)}` : '';
  const byConfig = new Map<string, { peers: string[]; settings: string[] }>();
  for (const peer of was.peers) {
    const next = is.peers.find((p) => p.name === peer.name);
    if (!next) continue;
    if (next.address !== peer.address || next.asn !== peer.asn) {
      const what = [...(next.address !== peer.address ? [`address ${peer.address} → ${next.address}`] : []), ...(next.asn !== peer.asn ? [`AS ${peer.asn} → ${next.asn}`] : [])];
      out.push({
        level: 'breaking', topics: ['bgp'],
        text: `Peer ${code(peer.name)} changes (${what.join(', ')}): its sessions${on} close and new ones must come up.`,
      });
      continue;
    }
    const settings = [
      ...(peer.peerConfigName !== next.peerConfigName ? [`peer config: ${peer.peerConfigName} → ${next.peerConfigName}`] : []),
      ...settingChanges(peerConfigSettings(peer.peerConfig), peerConfigSettings(next.peerConfig)),
    ];
    if (settings.length === 0) continue;
    const key = `${peer.peerConfigName}\n${next.peerConfigName}\n${settings.join('\n')}`;
    const entry = byConfig.get(key) ?? { peers: [], settings };
    entry.peers.push(peer.name);
    byConfig.set(key, entry);
  }
  for (const { peers, settings } of byConfig.values()) {
    out.push({
      level: 'breaking', topics: ['bgp'], details: settings,
      text: `The session settings of ${peers.length === 1 ? 'peer' : 'peers'} ${list(peers)} change: ${peers.length === 1 ? 'its' : 'their'} sessions${on} reset.`,
    });
  }
  return out;
}

function sessionChanges(was: ResolvedBgp, is: ResolvedBgp): Change[] {
  const out: Change[] = [];
  const kept = nodesOf(is).filter((n) => nodesOf(was).includes(n));
  if (was.localASN !== is.localASN) {
    out.push({
      level: 'breaking', topics: ['bgp'],
      text: `The local AS changes from ${was.localASN} to ${is.localASN}: Cilium recreates the BGP instance of ${list(kept) || 'every speaking node'}, `
        + `so every session to ${list(is.peers.map((p) => p.name))} resets, and the routers must expect AS ${is.localASN}.`,
    });
  } else {
    out.push(...nodeResets(was, is), ...peerResets(was, is, kept));
  }
  for (const peer of was.peers.filter((p) => !is.peers.some((q) => q.name === p.name))) {
    out.push({
      level: 'breaking', topics: ['bgp'],
      text: `The session to peer ${code(peer.name)} (${peer.address}, AS ${peer.asn}) is removed: its routes to the cluster are withdrawn.`,
    });
  }
  const added: ResolvedBgpPeer[] = is.peers.filter((p) => !was.peers.some((q) => q.name === p.name));
  if (added.length) {
    out.push({ level: 'safe', topics: ['bgp'], text: `New BGP peer${added.length === 1 ? '' : 's'} ${list(added.map((p) => `${p.name} (${p.address}, AS ${p.asn})`))}.` });
  }
  const stopped = nodesOf(was).filter((n) => !nodesOf(is).includes(n));
  const started = nodesOf(is).filter((n) => !nodesOf(was).includes(n));
  if (stopped.length) {
    out.push({
      level: 'breaking', topics: ['bgp'],
      text: `${list(stopped)} stop${stopped.length === 1 ? 's' : ''} speaking BGP: ${stopped.length === 1 ? 'its' : 'their'} sessions close and routes through ${stopped.length === 1 ? 'it' : 'them'} are withdrawn.`,
    });
  }
  if (started.length) out.push({ level: 'safe', topics: ['bgp'], text: `${list(started)} start${started.length === 1 ? 's' : ''} speaking BGP.` });
  if (was.advertisePodCIDRs && !is.advertisePodCIDRs) {
    out.push({ level: 'breaking', topics: ['bgp'], text: 'Pod CIDRs are no longer advertised: the network loses its routes to pods.' });
  }
  if (!was.advertisePodCIDRs && is.advertisePodCIDRs) out.push({ level: 'safe', topics: ['bgp'], text: 'Pod CIDRs are advertised over BGP.' });
  return out;
}

export function bgpChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  if (before.bgp && !after.bgp) {
    return [{ level: 'breaking', topics: ['bgp'], text: 'BGP is turned off: every session closes and every advertised route is withdrawn.' }];
  }
  if (!before.bgp && after.bgp) {
    return [{ level: 'safe', topics: ['bgp'], text: `BGP is turned on: AS ${after.bgp.localASN} peering with ${list(after.bgp.peers.map((p) => p.name))}.` }];
  }
  return before.bgp && after.bgp ? sessionChanges(before.bgp, after.bgp) : [];
}
