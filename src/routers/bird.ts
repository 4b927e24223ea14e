/**
 * The BIRD 2 dialect: a bird.conf fragment with an import filter per family that accepts exactly
 * what the nodes announce to this router, a template carrying the session settings, and one
 * `protocol bgp` per speaking node. Syntax as the BIRD 2 user's guide documents it
 * (https://bird.network.cz/?get_doc&v=20&f=bird-6.html#ss6.3: `local as`, `neighbor … as`,
 * `password`, `hold time`, `keepalive time`, `connect retry time`, `direct`, `multihop`,
 * `graceful restart aware`, channel `import limit`); the tests run it in a real bird.
 */
import type { BgpFamily } from '../model/resolved.js';
import { passwordPlaceholder, type RouterFamily, type RouterSessions } from './sessions.js';

/** A BIRD symbol from a DNS name: BIRD symbols are letters, digits and underscores. */
function symbol(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9_]/g, '_');
}

/** Names of this cluster's objects in BIRD: one set per cluster, so several clusters fit one router. */
export function birdNames(cluster: string): { template: string; filter: (f: BgpFamily) => string; protocol: (node: string) => string } {
  return {
    template: symbol('k3s', cluster),
    filter: (f) => symbol('k3s', cluster, 'in', f === 'ipv4' ? 'v4' : 'v6'),
    protocol: (node) => symbol('k3s', cluster, node),
  };
}

function filter(name: string, family: RouterFamily): string[] {
  const set = family.accept.map((p) => `${p.cidr}{${p.minLength},${p.maxLength}}`);
  return [
    `filter ${name} {`,
    ...(set.length > 0 ? [`  if net ~ [ ${set.join(', ')} ] then accept;`] : []),
    '  reject;',
    '}',
  ];
}

export function birdConfig(s: RouterSessions): string {
  const names = birdNames(s.cluster);
  const out: string[] = [
    `# BIRD 2 bird.conf fragment for router ${s.peer.name} (${s.peer.address}): its BGP sessions with the nodes of cluster ${s.cluster} (AS ${s.clusterAsn}).`,
    '# Rendered by k3s-cilium-cdk8s; see PLAN.md ("Router configuration") for where it goes. Accepts exactly the prefixes',
    '# the cluster announces to this router and sends the nodes nothing. Needs `router id` and `protocol device` in the main file.',
  ];
  if (s.passwordSecret) {
    const [ns, name] = s.passwordSecret.split('/');
    out.push(`# Replace ${passwordPlaceholder(s.passwordSecret)} with: kubectl -n ${ns} get secret ${name} -o jsonpath='{.data.password}' | base64 -d`);
  }
  if (s.routerAsn === undefined) out.push(`# The cluster file accepts any AS from this router (asn: 0): write the router's own AS for <router ASN>.`);
  for (const node of s.unreachable) out.push(`# Node ${node} has no address of this router's family: it has no session here.`);
  out.push('');
  for (const f of s.families) out.push(...filter(names.filter(f.family), f), '');
  out.push(`template bgp ${names.template} {`, `  description "k3s cluster ${s.cluster}";`, `  local as ${s.routerAsn ?? '<router ASN>'};`);
  if (s.passwordSecret) out.push(`  password "${passwordPlaceholder(s.passwordSecret)}";`);
  out.push(`  hold time ${s.holdTimeSeconds};`, `  keepalive time ${s.keepAliveTimeSeconds};`);
  if (s.connectRetrySeconds !== undefined) out.push(`  connect retry time ${s.connectRetrySeconds};`);
  // BIRD takes eBGP neighbours as direct unless told, iBGP ones as multihop (a node may source
  // its sessions from a loopback); the TTL is the cluster file's.
  if (s.routerAsn !== s.clusterAsn) out.push(s.ebgpMultihop !== undefined ? `  multihop ${s.ebgpMultihop};` : '  direct;');
  if (s.gracefulRestart) out.push('  graceful restart aware;');
  for (const f of s.families) {
    out.push(`  ${f.family} {`, `    import filter ${names.filter(f.family)};`, `    import limit ${f.maximumPrefixes} action disable;`, '    export none;', '  };');
  }
  out.push('}', '');
  const used = new Set<string>();
  s.neighbours.forEach((n, i) => {
    let protocol = names.protocol(n.node);
    // Node names that differ only in `-` and `.` would give one symbol.
    if (used.has(protocol)) protocol = `${protocol}_${i}`;
    used.add(protocol);
    out.push(`protocol bgp ${protocol} from ${names.template} {`, `  description "k3s ${s.cluster} node ${n.node}";`, `  neighbor ${n.address} as ${s.clusterAsn};`, '}');
  });
  out.push('');
  return out.join('\n');
}
