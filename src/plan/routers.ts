/**
 * PLAN.md's "Router configuration": for each BGP peer, links to its rendered FRR and BIRD
 * fragments (src/routers/) and where to paste them on the routers people run.
 */
import type { ResolvedCluster } from '../model/resolved.js';
import { routerFilePaths } from '../routers/index.js';
import { cappedList, codeSpan, escapeMarkdown } from '../text/markdown.js';

/** Peers linked one by one; a fleet-sized cluster lists the rest by name. */
const LISTED_PEERS = 50;

export function routersSection(cluster: ResolvedCluster): string | undefined {
  const bgp = cluster.bgp;
  if (!bgp || bgp.peers.length === 0) return undefined;
  const peers = bgp.peers.slice(0, LISTED_PEERS).map((p) => {
    const paths = routerFilePaths(p.name);
    return `- ${escapeMarkdown(p.name)} (${escapeMarkdown(p.address)}, AS ${p.asn}): [FRR](${paths.frr}) · [BIRD 2](${paths.bird})`;
  });
  const rest = bgp.peers.length > LISTED_PEERS
    ? [`- and ${cappedList(bgp.peers.slice(LISTED_PEERS), 20, (p) => escapeMarkdown(p.name))}, in ${codeSpan('routers/<peer>/')}`] : [];
  return [
    '## Router configuration',
    '',
    `Each router's side of the sessions: a neighbour per speaking node (AS ${bgp.localASN}), the session timers, password and multihop of its peer config, `
    + 'and an import filter that accepts exactly the prefixes the cluster announces to it (and nothing from outside them), with a maximum-prefix limit.',
    '',
    ...peers,
    ...rest,
    '',
    `Where they go: FRR (Debian/Ubuntu ${codeSpan('frr')}, UniFi gateways' BGP configuration upload, pfSense's FRR package raw configuration): merge ${codeSpan('frr.conf')} `
    + `into ${codeSpan('/etc/frr/frr.conf')} (or paste it in ${codeSpan('vtysh')} → ${codeSpan('configure terminal')}) and keep one ${codeSpan('router bgp')} per router. `
    + `BIRD 2: ${codeSpan('include')} ${codeSpan('bird.conf')} from ${codeSpan('/etc/bird/bird.conf')} (which needs ${codeSpan('router id')} and ${codeSpan('protocol device')}), then ${codeSpan('birdc configure')}. `
    + 'OPNsense (os-frr) and VyOS take the same neighbours, prefix lists and route maps through their own forms and CLI. '
    + `A ${codeSpan('<password of Secret …>')} placeholder is the password of that Secret; a node that leaves the cluster leaves its neighbour here: re-render and re-apply.`,
  ].join('\n');
}
