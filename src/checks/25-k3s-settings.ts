/**
 * Check 25: k3s settings that k3s does not validate itself. `disable` names packaged components
 * from k3s's own list (coredns, servicelb, traefik, local-storage, metrics-server, runtimes, and
 * gateway-api-crd from v1.37); k3s ignores any other entry, so a typo leaves the component running.
 * Entries whose intent the rendered flags fulfil anyway (flannel, kube-proxy, network-policy) are
 * noted, not refused. `tokenFile` is an absolute
 * path: k3s reads a relative one against its working directory, which a service manager decides.
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import { K3S_DISABLE_ITEMS, K3S_DISABLE_ITEMS_SINCE, K3S_NOOP_DISABLE_ITEMS, K3S_NOT_DISABLE_ITEMS } from '../model/k3s.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { nearest } from '../model/nearest.js';

function disableDiagnostic(item: string, path: string, k3sMinor: number | undefined): Diagnostic | undefined {
  const since = Object.hasOwn(K3S_DISABLE_ITEMS_SINCE, item) ? K3S_DISABLE_ITEMS_SINCE[item] : undefined;
  const later = Object.keys(K3S_DISABLE_ITEMS_SINCE).filter((i) => k3sMinor === undefined || k3sMinor >= K3S_DISABLE_ITEMS_SINCE[i]);
  const items: readonly string[] = [...K3S_DISABLE_ITEMS, ...later];
  if (since !== undefined && k3sMinor !== undefined && k3sMinor < since) {
    return warning(path, `${JSON.stringify(item)} is a packaged component from k3s v1.${since} on; k3s v1.${k3sMinor} has none and ignores the entry`,
      'Keep it if you are about to upgrade, else remove it.');
  }
  if (items.includes(item)) return undefined;
  // Intent already fulfilled by the flags every server config sets: a note, and left out of the rendered list.
  const noop = Object.hasOwn(K3S_NOOP_DISABLE_ITEMS, item) ? K3S_NOOP_DISABLE_ITEMS[item] : undefined;
  if (noop) return warning(path, `${noop}, so the entry is a no-op and is left out of the rendered list`, 'You may remove it.');
  const explained = Object.hasOwn(K3S_NOT_DISABLE_ITEMS, item) ? K3S_NOT_DISABLE_ITEMS[item] : undefined;
  if (explained) return error(path, explained, 'Remove the entry.');
  const guess = nearest(item.toLowerCase(), items);
  return error(path, `${JSON.stringify(item)} is not a packaged k3s component; k3s ignores it and leaves everything running`,
    `${guess ? `Did you mean "${guess}"? ` : ''}k3s can disable: ${items.map((i) => (k3sMinor === undefined && i in K3S_DISABLE_ITEMS_SINCE ? `${i} (v1.${K3S_DISABLE_ITEMS_SINCE[i]}+)` : i)).join(', ')}.`);
}

export function checkK3sSettings(cluster: ResolvedCluster): Diagnostic[] {
  const minor = cluster.k3s.caps?.minor;
  const out = (cluster.spec.k3s.disable ?? []).flatMap((item, i) => disableDiagnostic(String(item), at('k3s', 'disable', i), minor) ?? []);
  const token = cluster.k3s.tokenFile;
  if (!token.startsWith('/')) {
    out.push(error(at('k3s', 'tokenFile'), `${JSON.stringify(token)} is not an absolute path; k3s would read it relative to the directory it was started in`,
      'Write the full path, e.g. /etc/rancher/k3s/token.'));
  }
  return out;
}
