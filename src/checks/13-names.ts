/**
 * Check 13: names are what Kubernetes and k3s accept, and unique. The cluster name is a DNS-1123
 * label (it names dist/<name>/); node, pool and policy names are DNS-1123 subdomains (metadata.name,
 * node names, config file names). Two pools or policies with one name would render one object
 * over the other; two nodes with one name would share a config file and a Node object.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { isDns1123Label, isDns1123Subdomain } from '../model/names.js';
import type { ResolvedCluster } from '../model/resolved.js';

/** The finding of a name that is not a DNS-1123 subdomain; none for a valid one. */
export function subdomainNameDiagnostics(path: string, kind: string, name: string): Diagnostic[] {
  if (isDns1123Subdomain(name)) return [];
  return [error(path, `${kind} name ${JSON.stringify(name)} is not a valid DNS-1123 subdomain`,
    'Use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, e.g. default-pool.')];
}

/** The finding of a name already taken by `first` (where the first one is). */
export function duplicateNameDiagnostic(path: string, kind: string, name: string, first: string): Diagnostic {
  return error(path, `${kind} name "${name}" is already used by ${first}`, `Give every ${kind} its own name.`);
}

function nameDiagnostics(kind: string, items: readonly { name: string; index: number }[], path: (i: number) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    out.push(...subdomainNameDiagnostics(path(item.index), kind, item.name));
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, item.index);
    else out.push(duplicateNameDiagnostic(path(item.index), kind, item.name, path(first).replace(/\.name$/, '')));
  }
  return out;
}

export function checkNames(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!isDns1123Label(cluster.name)) {
    out.push(error(at('name'), `cluster name ${JSON.stringify(cluster.name)} is not a valid DNS-1123 label`,
      'Use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit, e.g. homelab.'));
  }
  out.push(...nameDiagnostics('node', cluster.nodes, (i) => at('nodes', i, 'name')));
  out.push(...nameDiagnostics('pool', cluster.pools, (i) => at('loadBalancer', 'pools', i, 'name')));
  out.push(...nameDiagnostics('policy', cluster.l2Policies, (i) => at('loadBalancer', 'l2', 'policies', i, 'name')));
  return out;
}
