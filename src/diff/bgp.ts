/** BGP sessions: a changed peer, ASN or peer config resets sessions; a removed peer or speaker closes them and withdraws routes. */
import type { ResolvedBgp, ResolvedBgpPeerConfig, ResolvedCluster } from '../model/resolved.js';
import type { Change } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

const list = (items: readonly string[]) => items.map(code).join(', ');

/** What of a peer config the routers see: families, timers, password Secret, multihop, graceful restart. */
function sessionSettings(c: ResolvedBgpPeerConfig | undefined): string {
  return JSON.stringify(
    c && [
      c.families,
      c.holdTimeSeconds,
      c.keepAliveTimeSeconds,
      c.timers?.connectRetryTimeSeconds ?? null,
      c.authSecretRef ?? null,
      c.ebgpMultihop ?? null,
      c.gracefulRestart ?? null,
    ],
  );
}

function sessionChanges(was: ResolvedBgp, is: ResolvedBgp): Change[] {
  const out: Change[] = [];
  if (was.localASN !== is.localASN) {
    out.push({
      level: 'breaking',
      topics: ['bgp'],
      text: `The local AS changes from ${was.localASN} to ${is.localASN}: every BGP session resets, and the routers must expect AS ${is.localASN}.`,
    });
  }
  for (const peer of was.peers) {
    const next = is.peers.find((p) => p.name === peer.name);
    if (!next) {
      out.push({
        level: 'breaking',
        topics: ['bgp'],
        text: `The session to peer ${code(peer.name)} (${peer.address}, AS ${peer.asn}) is removed: its routes to the cluster are withdrawn.`,
      });
    } else if (next.address !== peer.address || next.asn !== peer.asn) {
      out.push({
        level: 'breaking',
        topics: ['bgp'],
        text: `Peer ${code(peer.name)} changes from ${peer.address} AS ${peer.asn} to ${next.address} AS ${next.asn}: its session closes and a new one must come up.`,
      });
    } else if (sessionSettings(peer.peerConfig) !== sessionSettings(next.peerConfig)) {
      out.push({
        level: 'breaking',
        topics: ['bgp'],
        text: `The session settings of peer ${code(peer.name)} change (peer config ${code(next.peerConfigName)}): its session resets.`,
      });
    }
  }
  const added = is.peers.filter((p) => !was.peers.some((q) => q.name === p.name));
  if (added.length) {
    out.push({
      level: 'safe',
      topics: ['bgp'],
      text: `New BGP peer${added.length === 1 ? '' : 's'} ${list(added.map((p) => `${p.name} (${p.address}, AS ${p.asn})`))}.`,
    });
  }
  const [oldNodes, newNodes] = [was.speakers.map((n) => n.name), is.speakers.map((n) => n.name)];
  const stopped = oldNodes.filter((n) => !newNodes.includes(n));
  const started = newNodes.filter((n) => !oldNodes.includes(n));
  if (stopped.length) {
    out.push({
      level: 'breaking',
      topics: ['bgp'],
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
