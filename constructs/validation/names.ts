/**
 * Check 13: names are what Kubernetes and k3s accept, and unique. The cluster name is a DNS-1123
 * label (it names dist/<name>/); node, pool and policy names are DNS-1123 subdomains (metadata.name,
 * node names, config file names). Two pools or policies with one name would render one object
 * over the other; two nodes with one name would share a config file and a Node object.
 */
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import type { ResolvedCluster } from '../resolved-cluster.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && LABEL.test(name);
}

export function isDns1123Subdomain(name: string): boolean {
  return typeof name === 'string' && name.length <= 253 && name.split('.').every((l) => LABEL.test(l));
}

function nameDiagnostics(kind: string, items: { name: string }[], path: (i: number) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!isDns1123Subdomain(item.name)) {
      out.push({
        severity: 'error', path: path(i), message: `${kind} name ${JSON.stringify(item.name)} is not a valid DNS-1123 subdomain`,
        fix: 'Use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, e.g. default-pool.',
      });
    }
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, i);
    else out.push({ severity: 'error', path: path(i), message: `${kind} name "${item.name}" is already used by ${path(first).replace(/\.name$/, '')}`, fix: `Give every ${kind} its own name.` });
  });
  return out;
}

export function validateNames(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!isDns1123Label(cluster.name)) {
    out.push({
      severity: 'error', path: 'name', message: `cluster name ${JSON.stringify(cluster.name)} is not a valid DNS-1123 label`,
      fix: 'Use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit, e.g. homelab.',
    });
  }
  out.push(...nameDiagnostics('node', cluster.nodes, (i) => fieldPath('nodes', i, 'name')));
  out.push(...nameDiagnostics('pool', cluster.pools, (i) => fieldPath('loadBalancer', 'pools', i, 'name')));
  out.push(...nameDiagnostics('policy', cluster.l2Policies, (i) => fieldPath('loadBalancer', 'l2', 'policies', i, 'name')));
  return out;
}
