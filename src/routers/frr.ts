/**
 * The FRR dialect: a frr.conf fragment with the router's BGP instance, one peer group for the
 * cluster's nodes, a prefix list and route map per family that accept exactly what the nodes
 * announce to this router, an outbound route map that sends the nodes nothing (Cilium installs no
 * routes it learns), and a maximum-prefix limit. Commands as FRR's bgpd documents them
 * (https://docs.frrouting.org/en/latest/bgp.html: `neighbor PEER password`, `timers`,
 * `timers connect`, `ebgp-multihop`, `graceful-restart-helper`, `maximum-prefix`); the tests run it
 * in a real bgpd.
 */
import type { BgpFamily } from '../model/resolved.js';
import { passwordPlaceholder, type RouterFamily, type RouterSessions } from './sessions.js';

const AF: Record<BgpFamily, { section: string; list: string; match: string }> = {
  ipv4: { section: 'ipv4 unicast', list: 'ip prefix-list', match: 'ip address prefix-list' },
  ipv6: { section: 'ipv6 unicast', list: 'ipv6 prefix-list', match: 'ipv6 address prefix-list' },
};

/** Names of this cluster's objects on the router: one set per cluster, so several clusters fit one router. */
export function frrNames(cluster: string): { group: string; in: (f: BgpFamily) => string; out: string } {
  const base = `K3S-${cluster.toUpperCase()}`;
  return { group: base, in: (f) => `${base}-IN-${f === 'ipv4' ? 'V4' : 'V6'}`, out: `${base}-OUT` };
}

function prefixList(name: string, family: RouterFamily): string[] {
  const af = AF[family.family];
  const host = family.family === 'ipv4' ? 32 : 128;
  const lines = family.accept.map((p, i) => {
    const length = Number(p.cidr.split('/')[1]);
    const range = p.minLength === length && p.maxLength === length ? '' : p.maxLength === host ? ` ge ${p.minLength}` : ` ge ${p.minLength} le ${p.maxLength}`;
    return `${af.list} ${name} seq ${(i + 1) * 10} permit ${p.cidr}${range}`;
  });
  // Explicit, so the list exists (and refuses everything) even when nothing is announced in this family.
  return [...lines, `${af.list} ${name} seq ${(family.accept.length + 1) * 10} deny any`];
}

export function frrConfig(s: RouterSessions): string {
  const names = frrNames(s.cluster);
  const g = names.group;
  const out: string[] = [
    `! FRR frr.conf fragment for router ${s.peer.name} (${s.peer.address}): its BGP sessions with the nodes of cluster ${s.cluster} (AS ${s.clusterAsn}).`,
    '! Rendered by k3s-cilium-cdk8s; see PLAN.md ("Router configuration") for where it goes. Accepts exactly the prefixes',
    '! the cluster announces to this router and sends the nodes nothing.',
  ];
  if (s.passwordSecret) {
    const [ns, name] = s.passwordSecret.split('/');
    out.push(`! Replace ${passwordPlaceholder(s.passwordSecret)} with: kubectl -n ${ns} get secret ${name} -o jsonpath='{.data.password}' | base64 -d`);
  }
  if (s.routerAsn === undefined) out.push(`! The cluster file accepts any AS from this router (asn: 0): write the router's own AS for <router ASN>.`);
  for (const node of s.unreachable) out.push(`! Node ${node} has no address of this router's family: it has no session here.`);
  out.push('!');
  for (const f of s.families) out.push(...prefixList(names.in(f.family), f), '!');
  for (const f of s.families) {
    out.push(`route-map ${names.in(f.family)} permit 10`, ` match ${AF[f.family].match} ${names.in(f.family)}`, 'exit');
  }
  out.push(`route-map ${names.out} deny 10`, 'exit', '!');
  out.push(
    `router bgp ${s.routerAsn ?? '<router ASN>'}`,
    ` neighbor ${g} peer-group`,
    ` neighbor ${g} remote-as ${s.clusterAsn}`,
    ` neighbor ${g} description k3s cluster ${s.cluster}`,
  );
  if (s.passwordSecret) out.push(` neighbor ${g} password ${passwordPlaceholder(s.passwordSecret)}`);
  out.push(` neighbor ${g} timers ${s.keepAliveTimeSeconds} ${s.holdTimeSeconds}`);
  if (s.connectRetrySeconds !== undefined) out.push(` neighbor ${g} timers connect ${s.connectRetrySeconds}`);
  if (s.ebgpMultihop !== undefined && s.routerAsn !== s.clusterAsn) out.push(` neighbor ${g} ebgp-multihop ${s.ebgpMultihop}`);
  if (s.gracefulRestart) out.push(` neighbor ${g} graceful-restart-helper`);
  for (const n of s.neighbours) out.push(` neighbor ${n.address} peer-group ${g}`, ` neighbor ${n.address} description k3s ${s.cluster} node ${n.node}`);
  for (const family of ['ipv4', 'ipv6'] as const) {
    const f = s.families.find((x) => x.family === family);
    // FRR activates IPv4 unicast for every neighbour unless told otherwise.
    if (!f && family === 'ipv4') out.push(' address-family ipv4 unicast', `  no neighbor ${g} activate`, ' exit-address-family');
    if (!f) continue;
    out.push(
      ` address-family ${AF[family].section}`,
      `  neighbor ${g} activate`,
      `  neighbor ${g} route-map ${names.in(family)} in`,
      `  neighbor ${g} route-map ${names.out} out`,
      `  neighbor ${g} maximum-prefix ${f.maximumPrefixes}`,
      ' exit-address-family',
    );
  }
  out.push('exit', '');
  return out.join('\n');
}
